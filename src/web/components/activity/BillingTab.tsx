import { Button, Group, SimpleGrid, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { formatTotals } from '../../../domain/money';
import { useClientSummary } from '../../api/activity';
import { useCredit, useInvoices } from '../../api/billing';
import { Figure } from './billingParts';
import { ContractModal } from './ContractModal';
import { ContractsSection } from './ContractsSection';
import { InvoiceModal } from './InvoiceModal';
import { InvoicesSection } from './InvoicesSection';
import { humanize } from './labels';
import { PaymentModal } from './PaymentModal';
import { PaymentsSection } from './PaymentsSection';
import { RecordModal, type RecordTarget } from './RecordModal';

type Form = 'contract' | 'invoice' | 'payment' | null;

/** Contracts, invoices (lines and status), payments, balance and overdue; money formatted per currency. Rows open the record to edit or delete it. */
export function BillingTab({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const summary = useClientSummary(clientId);
  const credit = useCredit(clientId);
  const invoices = useInvoices(clientId);
  const [form, setForm] = useState<Form>(null);
  const [open, setOpen] = useState<RecordTarget | null>(null);
  const s = summary.data;
  const opener = (path: RecordTarget['path']) => (id: string) => setOpen({ path, id });

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
      <InvoicesSection clientId={clientId} canWrite={canWrite} onOpen={opener('invoices')} />
      <PaymentsSection clientId={clientId} onOpen={opener('payments')} />
      <ContractsSection clientId={clientId} onOpen={opener('contracts')} />

      <InvoiceModal clientId={clientId} opened={form === 'invoice'} onClose={() => setForm(null)} />
      <PaymentModal clientId={clientId} invoices={invoices.data?.data ?? []} opened={form === 'payment'} onClose={() => setForm(null)} />
      <ContractModal clientId={clientId} opened={form === 'contract'} onClose={() => setForm(null)} />
      <RecordModal clientId={clientId} target={open} onClose={() => setOpen(null)} canWrite={canWrite} />
    </Stack>
  );
}
