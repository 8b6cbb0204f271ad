import { Alert, Badge, Button, Checkbox, Group, Menu, Modal, NumberInput, Paper, Select, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconChevronDown, IconPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { billingPeriods, paymentMethods, type Invoice } from '../../../domain/billing';
import { formatMoney, formatTotals, parseDecimal, toDecimalString } from '../../../domain/money';
import { useClientSummary } from '../../api/activity';
import { useContracts, useCreateContract, useCreateInvoice, useCreatePayment, useCredit, useInvoices, usePayments, useUpdateInvoice } from '../../api/billing';
import { useOrderWord } from '../../api/orders';
import { usePhoneModal } from '../clients/ClientBits';
import { showApiError } from '../formErrors';
import { formatDate, fromInput, toDateInput } from './dates';
import { humanize } from './labels';

const invoiceColors = { draft: 'gray', sent: 'blue', paid: 'teal', overdue: 'red', void: 'dark' } as const;
type Form = 'contract' | 'invoice' | 'payment' | null;

/** Contracts, invoices (lines and status), payments, balance and overdue; money formatted per currency. */
export function BillingTab({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const summary = useClientSummary(clientId);
  const credit = useCredit(clientId);
  const contracts = useContracts(clientId);
  const invoices = useInvoices(clientId);
  const payments = usePayments(clientId);
  const updateInvoice = useUpdateInvoice(clientId);
  const [form, setForm] = useState<Form>(null);
  const [openInvoice, setOpenInvoice] = useState<Invoice | null>(null);
  const s = summary.data;

  const setStatus = (i: Invoice, status: 'sent' | 'paid' | 'void') =>
    updateInvoice.mutate({ id: i.id, status, version: i.version }, { onError: (e) => showApiError(e, undefined, 'Could not change the invoice') });

  return (
    <Stack gap="md">
      {s && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <Figure label="Outstanding" value={formatTotals(s.outstandingByCurrency, undefined, s.currency)} />
          <Figure label="Overdue" value={formatTotals(s.overdueByCurrency, undefined, s.currency)} danger={s.overdueAmount.amount > 0} />
          <Figure label="Revenue to date" value={formatTotals(s.revenue, undefined, s.currency)} />
          <Figure
            label="Credit"
            value={`${humanize(s.creditStatus)}${credit.data ? ` · net ${credit.data.effectiveNetDays} days` : ''}`}
            hint={s.onTimePaymentRate !== null ? `${Math.round(s.onTimePaymentRate * 100)} % paid on time` : undefined}
            danger={s.creditStatus === 'hold'}
          />
        </SimpleGrid>
      )}
      {canWrite && (
        <Group gap="xs">
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setForm('invoice')}>
            New invoice
          </Button>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setForm('payment')}>
            Record payment
          </Button>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setForm('contract')}>
            New contract
          </Button>
        </Group>
      )}

      <Section title="Invoices" loading={invoices.isPending} error={invoices.error?.message} empty={invoices.data?.data.length === 0 ? 'No invoices yet. “New invoice” adds one with its lines; it counts toward the balance once sent.' : null}>
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
              {(invoices.data?.data ?? []).map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setOpenInvoice(i)} aria-label={`Invoice ${i.number}: show lines`}>
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

      <Section title="Payments" loading={payments.isPending} error={payments.error?.message} empty={payments.data?.data.length === 0 ? 'No payments yet. “Record payment” applies one to an invoice or keeps it as credit.' : null}>
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="xs" aria-label="Payments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Method</Table.Th>
                <Table.Th>Invoice</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(payments.data?.data ?? []).map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{formatDate(p.paidAt)}</Table.Td>
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

      <Section title="Contracts" loading={contracts.isPending} error={contracts.error?.message} empty={contracts.data?.data.length === 0 ? 'No contracts yet. “New contract” records a plan, its value and renewal date.' : null}>
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" aria-label="Contracts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Plan</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Value</Table.Th>
                <Table.Th>Renewal</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(contracts.data?.data ?? []).map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td fw={600}>{c.plan}</Table.Td>
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

      <InvoiceLinesModal invoice={openInvoice} onClose={() => setOpenInvoice(null)} />
      <InvoiceModal clientId={clientId} opened={form === 'invoice'} onClose={() => setForm(null)} />
      <PaymentModal clientId={clientId} invoices={invoices.data?.data ?? []} opened={form === 'payment'} onClose={() => setForm(null)} />
      <ContractModal clientId={clientId} opened={form === 'contract'} onClose={() => setForm(null)} />
    </Stack>
  );
}

function Figure({ label, value, hint, danger }: { label: string; value: string; hint?: string; danger?: boolean }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} c={danger ? 'red' : undefined}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function Section({ title, loading, error, empty, children }: { title: string; loading: boolean; error?: string; empty: string | null; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Title order={4}>{title}</Title>
      {loading ? (
        <Skeleton h={60} />
      ) : error ? (
        <Alert color="red">{error}</Alert>
      ) : empty ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Stack>
  );
}

function InvoiceLinesModal({ invoice: i, onClose }: { invoice: Invoice | null; onClose: () => void }) {
  return (
    <Modal opened={i !== null} onClose={onClose} title={i ? `Invoice ${i.number}` : ''} size="lg">
      {i && (
        <Stack gap="xs">
          <Table aria-label="Invoice lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Description</Table.Th>
                <Table.Th ta="right">Qty</Table.Th>
                <Table.Th ta="right">Unit</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {i.lines.map((l, n) => (
                <Table.Tr key={n}>
                  <Table.Td>{l.description}</Table.Td>
                  <Table.Td ta="right">{l.quantity}</Table.Td>
                  <Table.Td ta="right">{formatMoney(l.unitPrice)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(l.amount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end" gap="lg">
            <Text size="sm">Subtotal {formatMoney(i.amount)}</Text>
            <Text size="sm">Tax {formatMoney(i.tax)}</Text>
            <Text size="sm" fw={700}>
              Total {formatMoney(i.total)}
            </Text>
          </Group>
          <Text size="sm" c="dimmed" ta="right">
            Paid {formatMoney(i.paid)} · balance {formatMoney(i.balance)} · due {formatDate(i.dueAt)}
          </Text>
        </Stack>
      )}
    </Modal>
  );
}

function InvoiceModal({ clientId, opened, onClose }: { clientId: string; opened: boolean; onClose: () => void }) {
  const create = useCreateInvoice(clientId);
  const { currency } = useOrderWord();
  const phone = usePhoneModal();
  const form = useForm({
    initialValues: { number: '', status: 'sent', dueAt: '', taxPercent: 0 as number | string, lines: [{ description: '', quantity: 1 as number | string, unitPrice: '' }] },
    validate: {
      number: (v) => (v.trim() ? null : 'Number is required'),
      lines: { description: (v) => (v.trim() ? null : 'Describe the line'), unitPrice: (v) => (parseDecimal(v, currency) ? null : `Enter a price like 120.00 (${currency})`) },
    },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        number: v.number.trim(),
        status: v.status as 'draft' | 'sent',
        dueAt: fromInput(v.dueAt),
        taxRate: Math.round(Number(v.taxPercent || 0) * 100) || null,
        lines: v.lines.map((l) => ({ description: l.description.trim(), quantity: Number(l.quantity) || 1, unitPrice: parseDecimal(l.unitPrice, currency)! })),
      },
      {
        onSuccess: () => {
          form.reset();
          onClose();
        },
        onError: (e) => showApiError(e, form, 'Could not create the invoice'),
      },
    ),
  );
  return (
    <Modal opened={opened} onClose={onClose} title="New invoice" size="lg" fullScreen={phone}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label="Number" required maxLength={40} data-autofocus {...form.getInputProps('number')} />
            <Select label="Status" data={[{ value: 'draft', label: 'Draft' }, { value: 'sent', label: 'Sent' }]} allowDeselect={false} {...form.getInputProps('status')} />
          </Group>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput type="date" label="Due" description="Default: the client's credit terms" {...form.getInputProps('dueAt')} />
            <NumberInput label="Tax (%)" min={0} max={100} decimalScale={2} {...form.getInputProps('taxPercent')} />
          </Group>
          {form.values.lines.map((_, n) => (
            <Group key={n} align="flex-start" gap="xs" wrap="wrap">
              <TextInput label={`Line ${n + 1}`} placeholder="Description" style={{ flex: 3, minWidth: 160 }} {...form.getInputProps(`lines.${n}.description`)} />
              <NumberInput label="Qty" min={0.0001} decimalScale={4} style={{ flex: 1, minWidth: 70 }} {...form.getInputProps(`lines.${n}.quantity`)} />
              <TextInput label={`Unit (${currency})`} inputMode="decimal" style={{ flex: 1, minWidth: 90 }} {...form.getInputProps(`lines.${n}.unitPrice`)} />
            </Group>
          ))}
          <Group justify="space-between">
            <Button variant="subtle" size="xs" onClick={() => form.insertListItem('lines', { description: '', quantity: 1, unitPrice: '' })}>
              Add a line
            </Button>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create invoice
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PaymentModal({ clientId, invoices, opened, onClose }: { clientId: string; invoices: Invoice[]; opened: boolean; onClose: () => void }) {
  const create = useCreatePayment(clientId);
  const { currency } = useOrderWord();
  const open = invoices.filter((i) => i.balance.amount > 0);
  const form = useForm({
    initialValues: { invoiceId: null as string | null, amount: '', method: 'bank_transfer', paidAt: toDateInput(), asCredit: false },
    validate: { amount: (v, all) => ((parseDecimal(v, invoices.find((i) => i.id === all.invoiceId)?.currency ?? currency)?.amount ?? 0) > 0 ? null : 'Enter an amount more than zero') },
  });
  const cur = invoices.find((i) => i.id === form.values.invoiceId)?.currency ?? currency;
  const submit = form.onSubmit((v) =>
    create.mutate(
      { invoiceId: v.invoiceId, amount: parseDecimal(v.amount, cur)!, method: v.method as (typeof paymentMethods)[number], paidAt: fromInput(v.paidAt) ?? undefined, asCredit: v.asCredit },
      {
        onSuccess: () => {
          form.reset();
          onClose();
        },
        onError: (e) => showApiError(e, form, 'Could not record the payment'),
      },
    ),
  );
  return (
    <Modal opened={opened} onClose={onClose} title="Record a payment">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Select
            label="Invoice"
            placeholder="None: a payment on account"
            clearable
            data={open.map((i) => ({ value: i.id, label: `${i.number} · ${formatMoney(i.balance)} open` }))}
            {...form.getInputProps('invoiceId')}
            onChange={(v) => {
              form.setFieldValue('invoiceId', v);
              const inv = open.find((i) => i.id === v);
              if (inv && !form.values.amount) form.setFieldValue('amount', toDecimalString(inv.balance));
            }}
          />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label={`Amount (${cur})`} required inputMode="decimal" {...form.getInputProps('amount')} />
            <Select label="Method" data={paymentMethods.map((m) => ({ value: m, label: humanize(m) }))} allowDeselect={false} {...form.getInputProps('method')} />
          </Group>
          <TextInput type="date" label="Paid on" {...form.getInputProps('paidAt')} />
          <Checkbox label="Keep any amount above the invoice's balance as the client's credit" {...form.getInputProps('asCredit', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Record payment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ContractModal({ clientId, opened, onClose }: { clientId: string; opened: boolean; onClose: () => void }) {
  const create = useCreateContract(clientId);
  const { currency } = useOrderWord();
  const form = useForm({
    initialValues: { plan: '', value: '', billingPeriod: 'monthly', startAt: toDateInput(), renewalAt: '', autoRenew: false },
    validate: { plan: (v) => (v.trim() ? null : 'Plan is required'), value: (v) => (parseDecimal(v, currency) ? null : `Enter a value like 500.00 (${currency})`) },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      { plan: v.plan.trim(), value: parseDecimal(v.value, currency)!, billingPeriod: v.billingPeriod as (typeof billingPeriods)[number], startAt: fromInput(v.startAt)!, renewalAt: fromInput(v.renewalAt), autoRenew: v.autoRenew },
      {
        onSuccess: () => {
          form.reset();
          onClose();
        },
        onError: (e) => showApiError(e, form, 'Could not add the contract'),
      },
    ),
  );
  return (
    <Modal opened={opened} onClose={onClose} title="New contract">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label="Plan" required maxLength={120} data-autofocus placeholder="e.g. Gold maintenance" {...form.getInputProps('plan')} />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label={`Value (${currency})`} required inputMode="decimal" {...form.getInputProps('value')} />
            <Select label="Billing period" data={billingPeriods.map((p) => ({ value: p, label: humanize(p) }))} allowDeselect={false} {...form.getInputProps('billingPeriod')} />
          </Group>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput type="date" label="Starts" {...form.getInputProps('startAt')} />
            <TextInput type="date" label="Renews" {...form.getInputProps('renewalAt')} />
          </Group>
          <Checkbox label="Renews automatically" {...form.getInputProps('autoRenew', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add contract
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
