import { Badge, Button, Menu, Table } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import type { Invoice } from '../../../domain/billing';
import { formatMoney } from '../../../domain/money';
import { useInvoices, useUpdateInvoice } from '../../api/billing';
import { showApiError } from '../formErrors';
import { invoiceColors, Section } from './billingParts';
import { formatDate } from './dates';
import { humanize } from './labels';

/** The client's invoices: the number opens the invoice (lines, edit, delete); the status menu sends, marks paid or voids. */
export function InvoicesSection({ clientId, canWrite, onOpen }: { clientId: string; canWrite: boolean; onOpen: (id: string) => void }) {
  const invoices = useInvoices(clientId);
  const updateInvoice = useUpdateInvoice(clientId);
  const setStatus = (i: Invoice, status: 'sent' | 'paid' | 'void') =>
    updateInvoice.mutate({ id: i.id, status, version: i.version }, { onError: (e) => showApiError(e, undefined, 'Could not change the invoice') });
  const list = invoices.data?.data ?? [];
  return (
    <Section title="Invoices" loading={invoices.isPending} error={invoices.error?.message} empty={list.length === 0 ? 'No invoices yet. “New invoice” adds one with its lines; it counts toward the balance once sent.' : null}>
      <Table.ScrollContainer minWidth={600}>
        <Table verticalSpacing="xs" aria-label="Invoices" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th ta="right">Balance</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Button variant="subtle" size="compact-sm" onClick={() => onOpen(i.id)} aria-label={`Open invoice ${i.number}`}>
                    {i.number}
                  </Button>
                </Table.Td>
                <Table.Td>
                  {canWrite && i.status !== 'void' && i.status !== 'paid' ? (
                    <Menu withinPortal>
                      <Menu.Target>
                        <Button size="compact-xs" variant="light" color={invoiceColors[i.status]} rightSection={<IconChevronDown size={12} />} aria-label={`Status of invoice ${i.number}: ${i.status}. Change`}>
                          {humanize(i.status)}
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {i.status === 'draft' && <Menu.Item onClick={() => setStatus(i, 'sent')}>Mark sent</Menu.Item>}
                        <Menu.Item onClick={() => setStatus(i, 'paid')}>Mark paid</Menu.Item>
                        <Menu.Item color="red" onClick={() => setStatus(i, 'void')}>
                          Void
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  ) : (
                    <Badge variant="light" color={invoiceColors[i.status]}>
                      {humanize(i.status)}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{formatDate(i.dueAt)}</Table.Td>
                <Table.Td ta="right">{formatMoney(i.total)}</Table.Td>
                <Table.Td ta="right" c={i.status === 'overdue' ? 'red' : undefined}>
                  {formatMoney(i.balance)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}
