import { Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { billingPeriods, contractStatuses, type Contract } from '../../../domain/billing';
import { parseDecimal, toDecimalString } from '../../../domain/money';
import { useCreateContract } from '../../api/billing';
import { useOrderWord } from '../../api/orders';
import { showApiError } from '../formErrors';
import { fromInput, toDateInput } from './dates';
import { humanize } from './labels';
import { changedOnly, ConflictAlert, FormFooter, RecordFields, useRecordEdit } from './recordEdit';

type Props = { clientId: string; opened: boolean; onClose: () => void; contract?: Contract };

/** A new contract (plan, value, period, renewal); with `contract`, edit or delete it. */
export function ContractModal({ clientId, opened, onClose, contract }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={contract ? `Contract: ${contract.plan}` : 'New contract'}>
      {opened && <ContractForm key={contract?.version} clientId={clientId} contract={contract} onDone={onClose} />}
    </Modal>
  );
}

const day = (iso: string | null | undefined) => (iso ? toDateInput(new Date(iso)) : '');

function ContractForm({ clientId, contract: rec, onDone }: { clientId: string; contract?: Contract; onDone: () => void }) {
  const create = useCreateContract(clientId);
  const edit = useRecordEdit<Contract>(clientId, 'contracts', rec, 'contract');
  const { currency: workspaceCurrency } = useOrderWord();
  const currency = rec?.currency ?? workspaceCurrency;
  const form = useForm({
    initialValues: {
      plan: rec?.plan ?? '',
      value: rec ? toDecimalString(rec.value) : '',
      billingPeriod: (rec ? rec.billingPeriod : 'monthly') as string | null,
      status: (rec?.status ?? 'active') as string,
      startAt: rec ? day(rec.startAt) : toDateInput(),
      renewalAt: day(rec?.renewalAt),
      autoRenew: rec?.autoRenew ?? false,
    },
    validate: { plan: (v) => (v.trim() ? null : 'Plan is required'), value: (v) => (parseDecimal(v, currency) ? null : `Enter a value like 500.00 (${currency})`) },
  });
  const toBody = (v: typeof form.values) => ({
    plan: v.plan.trim(),
    value: parseDecimal(v.value, currency)!,
    billingPeriod: v.billingPeriod as (typeof billingPeriods)[number] | null,
    status: v.status as (typeof contractStatuses)[number],
    startAt: fromInput(v.startAt)!,
    renewalAt: fromInput(v.renewalAt),
    autoRenew: v.autoRenew,
  });
  const submit = form.onSubmit((v) => {
    if (rec) {
      return edit.save(changedOnly(toBody(v), toBody(form.getInitialValues())), form, () => {
        notifications.show({ color: 'teal', message: 'Contract saved.' });
        onDone();
      });
    }
    create.mutate(toBody(v), {
      onSuccess: () => {
        form.reset();
        onDone();
      },
      onError: (e) => showApiError(e, form, 'Could not add the contract'),
    });
  });
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <ConflictAlert edit={edit} what="contract" />
        <RecordFields>
          <TextInput label="Plan" required maxLength={120} data-autofocus placeholder="e.g. Gold maintenance" {...form.getInputProps('plan')} />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label={`Value (${currency})`} required inputMode="decimal" {...form.getInputProps('value')} />
            <Select label="Billing period" data={billingPeriods.map((p) => ({ value: p, label: humanize(p) }))} allowDeselect={false} {...form.getInputProps('billingPeriod')} />
          </Group>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput type="date" label="Starts" {...form.getInputProps('startAt')} />
            <TextInput type="date" label="Renews" {...form.getInputProps('renewalAt')} />
          </Group>
          {rec && <Select label="Status" data={contractStatuses.map((s) => ({ value: s, label: humanize(s) }))} allowDeselect={false} {...form.getInputProps('status')} />}
          <Checkbox label="Renews automatically" {...form.getInputProps('autoRenew', { type: 'checkbox' })} />
        </RecordFields>
        <FormFooter edit={edit} what="contract" submitLabel="Add contract" creating={create.isPending} onCancel={onDone} onDeleted={onDone} />
      </Stack>
    </form>
  );
}
