import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatMoney } from '../../../domain/money';
import type { Dashboard } from '../../api/dashboard';

/** At-risk and critical clients, the most to lose first, with why and what to do. */
export function AttentionList({ items }: { items: Dashboard['attention'] }) {
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
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" aria-label="Clients that need attention">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Client</Table.Th>
                <Table.Th>Health</Table.Th>
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
                    <Group gap={6} wrap="nowrap">
                      <Badge color={a.band?.color ?? 'gray'} variant="light">
                        {a.band?.name ?? '—'}
                      </Badge>
                      <Text size="sm" fw={600}>
                        {a.score}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{formatMoney(a.value)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {a.reason && <Text size="sm">{a.reason}</Text>}
                      {a.recommendedAction && (
                        <Text size="xs" c="dimmed">
                          {a.recommendedAction}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
