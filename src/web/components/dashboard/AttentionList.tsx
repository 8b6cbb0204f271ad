import { Anchor, Badge, Box, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatMoney } from '../../../domain/money';
import type { Dashboard } from '../../api/dashboard';

type Item = Dashboard['attention'][number];

const value = (a: Item) => (a.value.amount ? formatMoney(a.value) : '—');

function Health({ a }: { a: Item }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Badge color={a.band?.color ?? 'gray'} variant="light" style={{ flexShrink: 0, overflow: 'visible' }}>
        {a.band?.name ?? '—'}
      </Badge>
      <Text size="sm" fw={600} aria-label={`score ${a.score}`}>
        {a.score}
      </Text>
    </Group>
  );
}

function Why({ a }: { a: Item }) {
  return (
    <Stack gap={2}>
      {a.reason && <Text size="sm">{a.reason}</Text>}
      {a.recommendedAction && (
        <Text size="xs" c="dimmed">
          {a.recommendedAction}
        </Text>
      )}
    </Stack>
  );
}

/** At-risk and critical clients, the most to lose first, with why and what to do: a table, or cards on a phone. */
export function AttentionList({ items }: { items: Item[] }) {
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="xs">
        Needs attention
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No at-risk or critical clients right now. Health scores update as you log interactions, orders, payments and feedback — keep recording them and this list will warn you early.
        </Text>
      ) : (
        <>
          <Box visibleFrom="sm">
            <Table verticalSpacing="xs" aria-label="Clients that need attention">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Client</Table.Th>
                  <Table.Th miw={130}>Health</Table.Th>
                  <Table.Th ta="right">Value</Table.Th>
                  <Table.Th>Why, and what to do</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.client.id}>
                    <Table.Td>
                      <Anchor component={Link} to={a.href} fw={600}>
                        {a.client.displayName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Health a={a} />
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{value(a)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Why a={a} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
          <Stack hiddenFrom="sm" gap="sm" component="ul" aria-label="Clients that need attention" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((a) => (
              <Box component="li" key={a.client.id} pb="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
                <Group justify="space-between" wrap="nowrap" mb={4}>
                  <Anchor component={Link} to={a.href} fw={600}>
                    {a.client.displayName}
                  </Anchor>
                  <Health a={a} />
                </Group>
                <Text size="xs" c="dimmed" mb={4}>
                  Value {value(a)}
                </Text>
                <Why a={a} />
              </Box>
            ))}
          </Stack>
        </>
      )}
    </Card>
  );
}
