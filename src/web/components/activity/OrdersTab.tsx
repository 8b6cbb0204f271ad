import { Alert, Badge, Button, Group, Menu, Modal, Paper, Rating, Skeleton, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { formatMoney } from '../../../domain/money';
import { orderTransitions, type Order, type OrderStatus } from '../../../domain/order';
import { useClientOrders, useOrderWord, useUpdateOrder } from '../../api/orders';
import { showApiError } from '../formErrors';
import { formatDateTime } from '../format';
import { orderStatusColors, orderStatusLabels } from './labels';
import { OrderModal } from './OrderModal';
import classes from './open.module.css';
import { RecordModal, type RecordTarget } from './RecordModal';

/** The client's orders (bookings, jobs, projects): create, move along, complete with a rating; the title opens one to edit or delete it. */
export function OrdersTab({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const orders = useClientOrders(clientId);
  const { Word, Words, word, words } = useOrderWord();
  const [creating, setCreating] = useState(false);
  const [completing, setCompleting] = useState<Order | null>(null);
  const [open, setOpen] = useState<RecordTarget | null>(null);
  const update = useUpdateOrder(clientId);

  const move = (o: Order, status: OrderStatus) => {
    if (status === 'completed') return setCompleting(o);
    update.mutate({ id: o.id, status, version: o.version }, { onError: (e) => showApiError(e, undefined, `Could not change the ${word}`) });
  };

  const list = orders.data?.data ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {orders.data ? `${orders.data.total} ${orders.data.total === 1 ? word : words}` : ' '}
        </Text>
        {canWrite && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
            New {word}
          </Button>
        )}
      </Group>
      {orders.isPending ? (
        <Skeleton h={120} />
      ) : orders.isError ? (
        <Alert color="red">{orders.error.message}</Alert>
      ) : list.length === 0 ? (
        <Paper withBorder p="lg" ta="center">
          <Text fw={600}>No {words} yet</Text>
          <Text size="sm" c="dimmed">
            Book the first {word} with “New {word}”: the client turns from Guest to Existing, and completing it makes a prospect active.
          </Text>
        </Paper>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" highlightOnHover aria-label={Words}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{Word}</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Scheduled</Table.Th>
                <Table.Th>Value</Table.Th>
                <Table.Th>Rating</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <UnstyledButton onClick={() => setOpen({ path: 'orders', id: o.id })} aria-label={`Open ${word} ${o.title}`} className={classes.open}>
                      <Text size="sm" fw={600} c="blue">
                        {o.title}
                      </Text>
                    </UnstyledButton>
                    {o.serviceType && (
                      <Text size="xs" c="dimmed">
                        {o.serviceType}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {canWrite && orderTransitions[o.status].length ? (
                      <Menu position="bottom-start" withinPortal>
                        <Menu.Target>
                          <Button size="compact-xs" variant="light" color={orderStatusColors[o.status]} rightSection={<IconChevronDown size={12} />} aria-label={`Status of ${o.title}: ${orderStatusLabels[o.status]}. Change`}>
                            {orderStatusLabels[o.status]}
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {orderTransitions[o.status].map((s) => (
                            <Menu.Item key={s} onClick={() => move(o, s)}>
                              {s === 'completed' ? 'Complete…' : orderStatusLabels[s]}
                            </Menu.Item>
                          ))}
                        </Menu.Dropdown>
                      </Menu>
                    ) : (
                      <Badge color={orderStatusColors[o.status]} variant="light">
                        {orderStatusLabels[o.status]}
                      </Badge>
                    )}
                    {o.onTime !== null && o.status === 'completed' && (
                      <Text size="xs" c={o.onTime ? 'teal' : 'orange'}>
                        {o.onTime ? 'On time' : 'Late'}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(o.scheduledAt)}</Text>
                    {o.completedAt && (
                      <Text size="xs" c="dimmed">
                        Done {formatDateTime(o.completedAt)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{o.value ? formatMoney(o.value) : o.estimatedValue ? `≈ ${formatMoney(o.estimatedValue)}` : '—'}</Text>
                  </Table.Td>
                  <Table.Td>{o.rating ? <Rating value={o.rating} readOnly size="xs" aria-label={`Rated ${o.rating} of 5`} /> : <Text size="sm">—</Text>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <OrderModal clientId={clientId} opened={creating} onClose={() => setCreating(false)} />
      <RecordModal clientId={clientId} target={open} onClose={() => setOpen(null)} canWrite={canWrite} />
      <CompleteModal clientId={clientId} order={completing} onClose={() => setCompleting(null)} Word={Word} />
    </Stack>
  );
}

/** Complete an order, with the client's satisfaction rating. */
function CompleteModal({ clientId, order, onClose, Word }: { clientId: string; order: Order | null; onClose: () => void; Word: string }) {
  const update = useUpdateOrder(clientId);
  const [rating, setRating] = useState(0);
  const complete = () => {
    if (!order) return;
    update.mutate(
      { id: order.id, status: 'completed', rating: rating || null, version: order.version },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${Word} completed.` });
          setRating(0);
          onClose();
        },
        onError: (e) => showApiError(e, undefined, `Could not complete the ${Word.toLowerCase()}`),
      },
    );
  };
  return (
    <Modal opened={order !== null} onClose={onClose} title={`Complete “${order?.title ?? ''}”`}>
      <Stack gap="sm">
        <Text size="sm">How satisfied was the client?</Text>
        <Rating value={rating} onChange={setRating} size="lg" aria-label="Satisfaction rating, 1 to 5" getSymbolLabel={(v) => `${v} of 5`} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={complete} loading={update.isPending}>
            Complete {Word.toLowerCase()}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
