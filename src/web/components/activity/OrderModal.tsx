import { Group, Modal, Rating, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { parseDecimal, toDecimalString } from '../../../domain/money';
import { orderTransitions, type Order, type OrderStatus } from '../../../domain/order';
import { useCreateOrder, useOrderWord } from '../../api/orders';
import { useTeam } from '../../api/team';
import { usePhoneModal } from '../clients/ClientBits';
import { showApiError } from '../formErrors';
import { fromInput, toLocalInput } from './dates';
import { orderStatusLabels } from './labels';
import { changedOnly, ConflictAlert, FormFooter, RecordFields, useEditTitle, useRecordEdit } from './recordEdit';

type Props = { clientId: string; opened: boolean; onClose: () => void; order?: Order };

/** Book a new order (booking, job, project) for a client; with `order`, edit or delete it. */
export function OrderModal({ clientId, opened, onClose, order }: Props) {
  const phone = usePhoneModal();
  const { word, Word } = useOrderWord();
  const title = useEditTitle(order ? `Edit ${word}: ${order.title}` : `New ${word}`, `${Word}: ${order?.title ?? ''}`);
  return (
    <Modal opened={opened} onClose={onClose} title={title} fullScreen={phone}>
      {opened && <OrderForm key={order?.version} clientId={clientId} order={order} onDone={onClose} />}
    </Modal>
  );
}

const startStatuses: OrderStatus[] = ['requested', 'scheduled', 'in_progress', 'completed'];
const when = (iso: string | null | undefined) => (iso ? toLocalInput(new Date(iso)) : '');

function OrderForm({ clientId, order: rec, onDone }: { clientId: string; order?: Order; onDone: () => void }) {
  const create = useCreateOrder(clientId);
  const { word, Word, currency: workspaceCurrency } = useOrderWord();
  const edit = useRecordEdit<Order>(clientId, 'orders', rec, word);
  const team = useTeam();
  const currency = rec?.currency ?? workspaceCurrency;
  const form = useForm({
    initialValues: {
      title: rec?.title ?? '',
      serviceType: rec?.serviceType ?? '',
      status: (rec?.status ?? 'requested') as string,
      scheduledAt: when(rec?.scheduledAt),
      value: rec?.value ? toDecimalString(rec.value) : '',
      location: rec?.location ?? '',
      assigneeId: rec?.assigneeId ?? null,
      rating: rec?.rating ?? 0,
      notes: rec?.notes ?? '',
    },
    validate: {
      title: (v) => (v.trim() ? null : 'Title is required'),
      value: (v) => (!v.trim() || (parseDecimal(v, currency)?.amount ?? -1) >= 0 ? null : `Enter an amount like 120.00 (${currency})`),
      scheduledAt: (v, all) => (all.status === 'scheduled' && !v ? 'Pick when it is scheduled' : null),
    },
  });
  const toBody = (values: typeof form.values) => ({
    title: values.title.trim(),
    serviceType: values.serviceType.trim() || null,
    status: values.status as OrderStatus,
    scheduledAt: fromInput(values.scheduledAt),
    value: values.value.trim() ? parseDecimal(values.value, currency) : null,
    location: values.location.trim() || null,
    assigneeId: values.assigneeId,
    rating: values.status === 'completed' && values.rating ? values.rating : null,
    notes: values.notes.trim() || null,
  });
  const submit = form.onSubmit((values) => {
    const body = toBody(values);
    if (rec) {
      return edit.save(changedOnly(body, toBody(form.getInitialValues())), form, () => {
        notifications.show({ color: 'teal', message: `${Word} saved.` });
        onDone();
      });
    }
    create.mutate(body, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: `${Word} added.` });
        onDone();
      },
      onError: (e) => showApiError(e, form, `Could not book the ${word}`),
    });
  });
  const statuses = rec ? [rec.status, ...orderTransitions[rec.status]] : startStatuses;
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <ConflictAlert edit={edit} what={word} />
        <RecordFields>
          <TextInput label="Title" required maxLength={200} data-autofocus placeholder="e.g. Loan signing" {...form.getInputProps('title')} />
          <Group grow align="flex-start" wrap="wrap">
            <Select label="Status" data={statuses.map((s) => ({ value: s, label: orderStatusLabels[s] }))} allowDeselect={false} {...form.getInputProps('status')} />
            <TextInput type="datetime-local" label="Scheduled for" {...form.getInputProps('scheduledAt')} />
          </Group>
          {form.values.status === 'completed' && (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="order-rating-label">
                Satisfaction
              </Text>
              <Rating aria-labelledby="order-rating-label" getSymbolLabel={(n) => `${n} of 5`} {...form.getInputProps('rating')} />
            </Stack>
          )}
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label={`Value (${currency})`} inputMode="decimal" placeholder="0.00" {...form.getInputProps('value')} />
            <TextInput label="Service type" maxLength={120} {...form.getInputProps('serviceType')} />
          </Group>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label="Location" maxLength={300} {...form.getInputProps('location')} />
            <Select label="Assigned to" data={(team.data?.data ?? []).map((m) => ({ value: m.id, label: m.name }))} searchable clearable {...form.getInputProps('assigneeId')} />
          </Group>
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
        </RecordFields>
        <FormFooter
          edit={edit}
          what={word}
          submitLabel={`Book ${word}`}
          creating={create.isPending}
          onCancel={onDone}
          onDeleted={onDone}
          deleteNote={`The ${word} is removed with its timeline entry, and the client's totals follow. A client who became Existing or active stays so.`}
        />
      </Stack>
    </form>
  );
}
