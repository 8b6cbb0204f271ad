import { Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { paymentMethods, type Invoice, type Payment } from '../../../domain/billing';
import { formatMoney, parseDecimal, toDecimalString } from '../../../domain/money';
import { useCreatePayment } from '../../api/billing';
import { useOrderWord } from '../../api/orders';
import { showApiError } from '../formErrors';
import { fromInput, toDateInput } from './dates';
import { humanize } from './labels';
import { changedOnly, ConflictAlert, FormFooter, RecordFields, useEditTitle, useRecordEdit } from './recordEdit';

type Props = { clientId: string; invoices: Invoice[]; opened: boolean; onClose: () => void; payment?: Payment };

/** Record a payment against an invoice or on account; with `payment`, edit or delete it (its invoice opens again). */
export function PaymentModal({ clientId, invoices, opened, onClose, payment }: Props) {
  const title = useEditTitle(payment ? 'Edit payment' : 'Record a payment', 'Payment');
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      {opened && <PaymentForm key={payment?.version} clientId={clientId} invoices={invoices} payment={payment} onDone={onClose} />}
    </Modal>
  );
}

function PaymentForm({ clientId, invoices, payment: rec, onDone }: { clientId: string; invoices: Invoice[]; payment?: Payment; onDone: () => void }) {
  const create = useCreatePayment(clientId);
  const edit = useRecordEdit<Payment>(clientId, 'payments', rec, 'payment');
  const { currency } = useOrderWord();
  // Invoices still open, plus the one this payment already pays.
  const open = invoices.filter((i) => i.balance.amount > 0 || i.id === rec?.invoiceId);
  const form = useForm({
    initialValues: {
      invoiceId: (rec?.invoiceId ?? null) as string | null,
      amount: rec ? toDecimalString(rec.amount) : '',
      method: (rec?.method ?? 'bank_transfer') as string,
      paidAt: toDateInput(rec ? new Date(rec.paidAt) : new Date()),
      asCredit: rec ? rec.credit.amount > 0 : false,
    },
    validate: { amount: (v, all) => ((parseDecimal(v, invoices.find((i) => i.id === all.invoiceId)?.currency ?? currency)?.amount ?? 0) > 0 ? null : 'Enter an amount more than zero') },
  });
  const cur = invoices.find((i) => i.id === form.values.invoiceId)?.currency ?? rec?.amount.currency ?? currency;
  const toBody = (v: typeof form.values) => ({
    invoiceId: v.invoiceId,
    amount: parseDecimal(v.amount, cur),
    method: v.method as (typeof paymentMethods)[number],
    paidAt: fromInput(v.paidAt) ?? undefined,
  });
  const submit = form.onSubmit((v) => {
    if (rec) {
      const body = { ...changedOnly(toBody(v), toBody(form.getInitialValues())), ...(v.asCredit !== form.getInitialValues().asCredit ? { asCredit: v.asCredit } : {}) };
      return edit.save(body, form, () => {
        notifications.show({ color: 'teal', message: 'Payment saved.' });
        onDone();
      });
    }
    create.mutate(
      { ...toBody(v), amount: toBody(v).amount!, asCredit: v.asCredit },
      {
        onSuccess: () => {
          form.reset();
          onDone();
        },
        onError: (e) => showApiError(e, form, 'Could not record the payment'),
      },
    );
  });
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <ConflictAlert edit={edit} what="payment" />
        <RecordFields>
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
        </RecordFields>
        <FormFooter
          edit={edit}
          what="payment"
          submitLabel="Record payment"
          creating={create.isPending}
          onCancel={onDone}
          onDeleted={onDone}
          deleteNote="The payment is removed; the invoice it paid opens again for that amount."
        />
      </Stack>
    </form>
  );
}
