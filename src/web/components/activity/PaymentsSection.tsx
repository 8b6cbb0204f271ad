import { Button, Table, Text } from '@mantine/core';
import { formatMoney } from '../../../domain/money';
import { useInvoices, usePayments } from '../../api/billing';
import { Section } from './billingParts';
import { formatDate } from './dates';
import { humanize } from './labels';

/** The client's payments, latest first; the date opens one to edit or delete it. */
export function PaymentsSection({ clientId, onOpen }: { clientId: string; onOpen: (id: string) => void }) {
  const payments = usePayments(clientId);
  const invoices = useInvoices(clientId);
  const list = payments.data?.data ?? [];
  return (
    <Section title="Payments" loading={payments.isPending} error={payments.error?.message} empty={list.length === 0 ? 'No payments yet. “Record payment” applies one to an invoice or keeps it as credit.' : null}>
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing="xs" aria-label="Payments" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Method</Table.Th>
              <Table.Th>Invoice</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Button variant="subtle" size="compact-sm" onClick={() => onOpen(p.id)} aria-label={`Open the payment of ${formatMoney(p.amount)} on ${formatDate(p.paidAt)}`}>
                    {formatDate(p.paidAt)}
                  </Button>
                </Table.Td>
                <Table.Td>{humanize(p.method)}</Table.Td>
                <Table.Td>{invoices.data?.data.find((i) => i.id === p.invoiceId)?.number ?? (p.invoiceId ? '—' : 'On account')}</Table.Td>
                <Table.Td ta="right">
                  {formatMoney(p.amount)}
                  {p.credit.amount > 0 && (
                    <Text size="xs" c="dimmed">
                      {formatMoney(p.credit)} credit
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
