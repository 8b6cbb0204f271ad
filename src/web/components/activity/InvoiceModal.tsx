import { ActionIcon, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconX } from '@tabler/icons-react';
import type { Invoice } from '../../../domain/billing';
import { formatMoney, parseDecimal, toDecimalString } from '../../../domain/money';
import { useCreateInvoice } from '../../api/billing';
import { useOrderWord } from '../../api/orders';
import { usePhoneModal } from '../clients/ClientBits';
import { showApiError } from '../formErrors';
import { formatDate, fromInput, toDateInput } from './dates';
import { changedOnly, ConflictAlert, FormFooter, RecordFields, useRecordEdit } from './recordEdit';

type Props = { clientId: string; opened: boolean; onClose: () => void; invoice?: Invoice };

/** A new invoice with its lines; with `invoice`, its lines, status, due date and tax are edited (or it is deleted). */
export function InvoiceModal({ clientId, opened, onClose, invoice }: Props) {
  const phone = usePhoneModal();
  return (
    <Modal opened={opened} onClose={onClose} title={invoice ? `Invoice ${invoice.number}` : 'New invoice'} size="lg" fullScreen={phone}>
      {opened && <InvoiceForm key={invoice?.version} clientId={clientId} invoice={invoice} onDone={onClose} />}
    </Modal>
  );
}

const statusOptions = (rec?: Invoice) =>
  (rec ? (['draft', 'sent', 'paid', 'void'] as const) : (['draft', 'sent'] as const)).map((s) => ({ value: s, label: s.charAt(0).toUpperCase() + s.slice(1) }));

function InvoiceForm({ clientId, invoice: rec, onDone }: { clientId: string; invoice?: Invoice; onDone: () => void }) {
  const create = useCreateInvoice(clientId);
  const edit = useRecordEdit<Invoice>(clientId, 'invoices', rec, 'invoice');
  const { currency: workspaceCurrency } = useOrderWord();
  const currency = rec?.currency ?? workspaceCurrency;
  const form = useForm({
    initialValues: {
      number: rec?.number ?? '',
      // Overdue is derived from a sent invoice past due; the stored status is sent.
      status: (rec ? (rec.status === 'overdue' ? 'sent' : rec.status) : 'sent') as string,
      dueAt: rec?.dueAt ? toDateInput(new Date(rec.dueAt)) : '',
      taxPercent: (rec?.taxRate ? rec.taxRate / 100 : 0) as number | string,
      // An invoice entered as an amount has no lines; it keeps its amount unless lines are added.
      lines: rec
        ? rec.lines.map((l) => ({ description: l.description, quantity: l.quantity as number | string, unitPrice: toDecimalString(l.unitPrice) }))
        : [{ description: '', quantity: 1 as number | string, unitPrice: '' }],
    },
    validate: {
      number: (v) => (v.trim() ? null : 'Number is required'),
      lines: { description: (v) => (v.trim() ? null : 'Describe the line'), unitPrice: (v) => (parseDecimal(v, currency) ? null : `Enter a price like 120.00 (${currency})`) },
    },
  });
  const toBody = (v: typeof form.values) => ({
    number: v.number.trim(),
    status: v.status as 'draft' | 'sent',
    dueAt: fromInput(v.dueAt),
    taxRate: Math.round(Number(v.taxPercent || 0) * 100) || null,
    lines: v.lines.map((l) => ({ description: l.description.trim(), quantity: Number(l.quantity) || 1, unitPrice: parseDecimal(l.unitPrice, currency)! })),
  });
  const submit = form.onSubmit((v) => {
    if (rec) {
      return edit.save(changedOnly(toBody(v), toBody(form.getInitialValues())), form, () => {
        notifications.show({ color: 'teal', message: `Invoice ${v.number.trim()} saved.` });
        onDone();
      });
    }
    create.mutate(toBody(v), { onSuccess: onDone, onError: (e) => showApiError(e, form, 'Could not create the invoice') });
  });
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <ConflictAlert edit={edit} what="invoice" />
        <RecordFields>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label="Number" required maxLength={40} data-autofocus {...form.getInputProps('number')} />
            <Select label="Status" data={statusOptions(rec)} allowDeselect={false} {...form.getInputProps('status')} />
          </Group>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput type="date" label="Due" description={rec ? undefined : "Default: the client's credit terms"} {...form.getInputProps('dueAt')} />
            <NumberInput label="Tax (%)" min={0} max={100} decimalScale={2} {...form.getInputProps('taxPercent')} />
          </Group>
          {form.values.lines.map((_, n) => (
            <Group key={n} align="flex-start" gap="xs" wrap="wrap">
              <TextInput label={`Line ${n + 1}`} placeholder="Description" style={{ flex: 3, minWidth: 160 }} {...form.getInputProps(`lines.${n}.description`)} />
              <NumberInput label="Qty" min={0.0001} decimalScale={4} style={{ flex: 1, minWidth: 70 }} {...form.getInputProps(`lines.${n}.quantity`)} />
              <TextInput label={`Unit (${currency})`} inputMode="decimal" style={{ flex: 1, minWidth: 90 }} {...form.getInputProps(`lines.${n}.unitPrice`)} />
              {form.values.lines.length > 1 && (
                <ActionIcon variant="subtle" color="gray" mt={26} onClick={() => form.removeListItem('lines', n)} aria-label={`Remove line ${n + 1}`}>
                  <IconX size={16} />
                </ActionIcon>
              )}
            </Group>
          ))}
          <Group justify="space-between" wrap="wrap">
            <Button variant="subtle" size="xs" onClick={() => form.insertListItem('lines', { description: '', quantity: 1, unitPrice: '' })}>
              Add a line
            </Button>
            {rec && (
              <Text size="sm" c="dimmed">
                Total {formatMoney(rec.total)} · paid {formatMoney(rec.paid)} · balance {formatMoney(rec.balance)}
                {rec.dueAt ? ` · due ${formatDate(rec.dueAt)}` : ''}
              </Text>
            )}
          </Group>
        </RecordFields>
        <FormFooter
          edit={edit}
          what="invoice"
          submitLabel="Create invoice"
          creating={create.isPending}
          onCancel={onDone}
          onDeleted={onDone}
          deleteNote="Only an invoice without payments can be deleted; void it instead to keep its record."
        />
      </Stack>
    </form>
  );
}
