import { Button, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { directions, interactionKinds, sentiments, type InteractionKind } from '../../../domain/interaction';
import { responsePriorities } from '../../../domain/activitySettings';
import { useCreateInteraction } from '../../api/activity';
import { showApiError } from '../formErrors';
import { usePhoneModal } from '../clients/ClientBits';
import { fromInput, toLocalInput } from './dates';
import { humanize, interactionLabels } from './labels';

type Props = { clientId: string; opened: boolean; onClose: () => void; kind?: InteractionKind };

/** Log a call, a meeting, an e-mail… or add a note; a follow-up date creates a task. */
export function InteractionModal({ clientId, opened, onClose, kind = 'call' }: Props) {
  const phone = usePhoneModal();
  return (
    <Modal opened={opened} onClose={onClose} title={kind === 'note' ? 'Add a note' : kind === 'call' ? 'Log a call' : 'Log an interaction'} fullScreen={phone} size="lg">
      {opened && <InteractionForm clientId={clientId} initialKind={kind} onDone={onClose} />}
    </Modal>
  );
}

function InteractionForm({ clientId, initialKind, onDone }: { clientId: string; initialKind: InteractionKind; onDone: () => void }) {
  const create = useCreateInteraction(clientId);
  const form = useForm({
    initialValues: {
      kind: initialKind as string,
      direction: 'outbound' as string,
      occurredAt: toLocalInput(),
      durationMinutes: '' as number | string,
      subject: '',
      body: '',
      outcome: '',
      sentiment: null as string | null,
      priority: null as string | null,
      followUpAt: '',
    },
  });
  const v = form.values;
  const isNote = v.kind === 'note';

  const submit = form.onSubmit((values) => {
    create.mutate(
      {
        kind: values.kind as InteractionKind,
        direction: isNote ? undefined : (values.direction as 'inbound' | 'outbound'),
        occurredAt: fromInput(values.occurredAt) ?? undefined,
        durationMinutes: typeof values.durationMinutes === 'number' ? values.durationMinutes : null,
        subject: values.subject.trim() || null,
        body: values.body.trim() || null,
        outcome: values.outcome.trim() || null,
        sentiment: (values.sentiment as (typeof sentiments)[number] | null) ?? null,
        priority: values.direction === 'inbound' && !isNote ? ((values.priority as (typeof responsePriorities)[number] | null) ?? null) : null,
        followUpAt: fromInput(values.followUpAt),
      },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            message: saved.followUpTaskId ? `${interactionLabels[saved.kind]} saved; a follow-up task is in My tasks.` : `${interactionLabels[saved.kind]} saved.`,
          });
          onDone();
        },
        onError: (e) => showApiError(e, form, 'Could not save'),
      },
    );
  });

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <Group grow align="flex-start" wrap="wrap">
          <Select label="Kind" data={interactionKinds.map((k) => ({ value: k, label: interactionLabels[k] }))} allowDeselect={false} {...form.getInputProps('kind')} />
          <TextInput type="datetime-local" label="When" {...form.getInputProps('occurredAt')} />
        </Group>
        {!isNote && (
          <Group grow align="flex-end" wrap="wrap">
            <SegmentedControl aria-label="Direction" data={directions.map((d) => ({ value: d, label: humanize(d) }))} {...form.getInputProps('direction')} />
            {v.kind !== 'email' && v.kind !== 'sms' && <NumberInput label="Duration (minutes)" min={0} max={100000} allowDecimal={false} {...form.getInputProps('durationMinutes')} />}
          </Group>
        )}
        {!isNote && v.direction === 'inbound' && (
          <Select
            label="Priority"
            description="Inbound messages are tracked against the workspace's response targets"
            placeholder="Regular"
            data={responsePriorities.map((p) => ({ value: p, label: humanize(p) }))}
            clearable
            {...form.getInputProps('priority')}
          />
        )}
        <TextInput label="Subject" maxLength={300} data-autofocus {...form.getInputProps('subject')} />
        <Textarea label={isNote ? 'Note' : 'Notes'} autosize minRows={isNote ? 4 : 2} maxRows={10} {...form.getInputProps('body')} />
        {!isNote && (
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label="Outcome" placeholder="e.g. Agreed to renew" maxLength={1000} {...form.getInputProps('outcome')} />
            <Select label="Sentiment" data={sentiments.map((s) => ({ value: s, label: humanize(s) }))} clearable {...form.getInputProps('sentiment')} />
          </Group>
        )}
        <TextInput type="date" label="Follow up on" description="Creates a task for you on that day" {...form.getInputProps('followUpAt')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
