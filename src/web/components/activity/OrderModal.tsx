import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { parseDecimal } from '../../../domain/money';
import type { OrderStatus } from '../../../domain/order';
import { useCreateOrder, useOrderWord } from '../../api/orders';
import { usePhoneModal } from '../clients/ClientBits';
import { showApiError } from '../formErrors';
import { fromInput } from './dates';
import { orderStatusLabels } from './labels';

type Props = { clientId: string; opened: boolean; onClose: () => void };

/** Book a new order (booking, job, project) for a client. */
export function OrderModal({ clientId, opened, onClose }: Props) {
  const phone = usePhoneModal();
  const { Word } = useOrderWord();
  return (
    <Modal opened={opened} onClose={onClose} title={`New ${Word.toLowerCase()}`} fullScreen={phone}>
      {opened && <OrderForm clientId={clientId} onDone={onClose} />}
    </Modal>
  );
}

const startStatuses: OrderStatus[] = ['requested', 'scheduled', 'in_progress', 'completed'];

function OrderForm({ clientId, onDone }: { clientId: string; onDone: () => void }) {
  const create = useCreateOrder(clientId);
  const { Word, currency } = useOrderWord();
  const form = useForm({
    initialValues: { title: '', serviceType: '', status: 'requested', scheduledAt: '', value: '', location: '', notes: '' },
    validate: {
      title: (v) => (v.trim() ? null : 'Title is required'),
      value: (v) => (!v.trim() || (parseDecimal(v, currency)?.amount ?? -1) >= 0 ? null : `Enter an amount like 120.00 (${currency})`),
      scheduledAt: (v, all) => (all.status === 'scheduled' && !v ? 'Pick when it is scheduled' : null),
    },
  });
  const submit = form.onSubmit((values) => {
    const value = values.value.trim() ? parseDecimal(values.value, currency) : null;
    create.mutate(
      {
        title: values.title.trim(),
        serviceType: values.serviceType.trim() || null,
        status: values.status as OrderStatus,
        scheduledAt: fromInput(values.scheduledAt),
        value,
        location: values.location.trim() || null,
        notes: values.notes.trim() || null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${Word} added.` });
          onDone();
        },
        onError: (e) => showApiError(e, form, `Could not book the ${Word.toLowerCase()}`),
      },
    );
  });
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label="Title" required maxLength={200} data-autofocus placeholder="e.g. Loan signing" {...form.getInputProps('title')} />
        <Group grow align="flex-start" wrap="wrap">
          <Select label="Status" data={startStatuses.map((s) => ({ value: s, label: orderStatusLabels[s] }))} allowDeselect={false} {...form.getInputProps('status')} />
          <TextInput type="datetime-local" label="Scheduled for" {...form.getInputProps('scheduledAt')} />
        </Group>
        <Group grow align="flex-start" wrap="wrap">
          <TextInput label={`Value (${currency})`} inputMode="decimal" placeholder="0.00" {...form.getInputProps('value')} />
          <TextInput label="Service type" maxLength={120} {...form.getInputProps('serviceType')} />
        </Group>
        <TextInput label="Location" maxLength={300} {...form.getInputProps('location')} />
        <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Book {Word.toLowerCase()}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
