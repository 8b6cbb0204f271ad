import { Button, Table, Text } from '@mantine/core';
import { formatMoney } from '../../../domain/money';
import { useContracts } from '../../api/billing';
import { Section } from './billingParts';
import { formatDate } from './dates';
import { humanize } from './labels';

/** The client's contracts; the plan opens one to edit or delete it. */
export function ContractsSection({ clientId, onOpen }: { clientId: string; onOpen: (id: string) => void }) {
  const contracts = useContracts(clientId);
  const list = contracts.data?.data ?? [];
  return (
    <Section title="Contracts" loading={contracts.isPending} error={contracts.error?.message} empty={list.length === 0 ? 'No contracts yet. “New contract” records a plan, its value and renewal date.' : null}>
      <Table.ScrollContainer minWidth={520}>
        <Table verticalSpacing="xs" aria-label="Contracts" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Plan</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th>Renewal</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td fw={600}>
                  <Button variant="subtle" size="compact-sm" onClick={() => onOpen(c.id)} aria-label={`Open contract ${c.plan}`}>
                    {c.plan}
                  </Button>
                </Table.Td>
                <Table.Td>{humanize(c.status)}</Table.Td>
                <Table.Td>
                  {formatMoney(c.value)}
                  {c.billingPeriod && c.billingPeriod !== 'one_time' ? ` / ${c.billingPeriod.replace('ly', '')}` : ''}
                </Table.Td>
                <Table.Td>
                  {formatDate(c.renewalAt)}
                  {c.autoRenew && (
                    <Text size="xs" c="dimmed">
                      Renews automatically
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}
