import { Button, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { directions, interactionKinds, sentiments, type CreateInteractionBody, type Interaction, type InteractionKind, type UpdateInteractionBody } from '../../../domain/interaction';
import { responsePriorities } from '../../../domain/activitySettings';
import { useCreateInteraction } from '../../api/activity';
import { useContacts } from '../../api/clientMeta';
import { useTeam } from '../../api/team';
import { showApiError } from '../formErrors';
import { usePhoneModal } from '../clients/ClientBits';
import { useSession } from '../RequireAuth';
import { fromInput, toDateInput, toLocalInput } from './dates';
import { humanize, interactionLabels } from './labels';
import { changedOnly, ConflictAlert, FormFooter, RecordFields, useEditTitle, useRecordEdit } from './recordEdit';

type Props = { clientId: string; opened: boolean; onClose: () => void; kind?: InteractionKind; interaction?: Interaction };

const titleOf = (kind: InteractionKind, editing: boolean) =>
  editing ? `Edit ${interactionLabels[kind].toLowerCase()}` : kind === 'note' ? 'Add a note' : kind === 'call' ? 'Log a call' : 'Log an interaction';

/** Log a call, a meeting, an e-mail… or add a note; a follow-up date creates a task. With `interaction`, edits or deletes it. */
export function InteractionModal({ clientId, opened, onClose, kind = 'call', interaction }: Props) {
  const phone = usePhoneModal();
  const title = useEditTitle(titleOf(interaction?.kind ?? kind, !!interaction), interactionLabels[interaction?.kind ?? kind]);
  return (
    <Modal opened={opened} onClose={onClose} title={title} fullScreen={phone} size="lg">
      {opened && <InteractionForm key={interaction?.version} clientId={clientId} initialKind={kind} interaction={interaction} onDone={onClose} />}
    </Modal>
  );
}

const when = (iso: string | null | undefined) => (iso ? toLocalInput(new Date(iso)) : '');

function InteractionForm({ clientId, initialKind, interaction: rec, onDone }: { clientId: string; initialKind: InteractionKind; interaction?: Interaction; onDone: () => void }) {
  const create = useCreateInteraction(clientId);
  const edit = useRecordEdit<Interaction, UpdateInteractionBody>(clientId, 'interactions', rec, 'interaction');
  const contacts = useContacts(clientId);
  const team = useTeam();
  const me = useSession();
  const form = useForm({
    initialValues: {
      kind: (rec?.kind ?? initialKind) as string,
      direction: (rec?.direction ?? 'outbound') as string,
      occurredAt: rec ? when(rec.occurredAt) : toLocalInput(),
      durationMinutes: (rec?.durationMinutes ?? '') as number | string,
      contactId: rec?.contactId ?? null,
      userId: rec ? rec.userId : (me.user?.id ?? null),
      subject: rec?.subject ?? '',
      body: rec?.body ?? '',
      outcome: rec?.outcome ?? '',
      sentiment: (rec?.sentiment ?? null) as string | null,
      priority: (rec?.priority ?? null) as string | null,
      followUpAt: rec?.followUpAt ? toDateInput(new Date(rec.followUpAt)) : '',
    },
  });
  const v = form.values;
  const isNote = v.kind === 'note';

  const toBody = (values: typeof form.values) => {
    const isNote = values.kind === 'note';
    return {
      kind: values.kind as InteractionKind,
      direction: isNote ? undefined : (values.direction as 'inbound' | 'outbound'),
      occurredAt: fromInput(values.occurredAt) ?? undefined,
      durationMinutes: typeof values.durationMinutes === 'number' ? values.durationMinutes : null,
      contactId: values.contactId,
      userId: values.userId,
      subject: values.subject.trim() || null,
      body: values.body.trim() || null,
      outcome: values.outcome.trim() || null,
      sentiment: (values.sentiment as (typeof sentiments)[number] | null) ?? null,
      priority: values.direction === 'inbound' && !isNote ? ((values.priority as (typeof responsePriorities)[number] | null) ?? null) : null,
      followUpAt: fromInput(values.followUpAt),
    } satisfies CreateInteractionBody;
  };
  const submit = form.onSubmit((values) => {
    const body = toBody(values);
    if (rec) {
      return edit.save(changedOnly(body, toBody(form.getInitialValues())), form, (saved) => {
        notifications.show({ color: 'teal', message: `${interactionLabels[saved.kind]} saved.` });
        onDone();
      });
    }
    create.mutate(body, {
      onSuccess: (saved) => {
        notifications.show({
          color: 'teal',
          message: saved.followUpTaskId ? `${interactionLabels[saved.kind]} saved; a follow-up task is in My tasks.` : `${interactionLabels[saved.kind]} saved.`,
        });
        onDone();
      },
      onError: (e) => showApiError(e, form, 'Could not save'),
    });
  });

  const contactOptions = (contacts.data ?? []).map((c) => ({ value: c.id, label: c.title ? `${c.name} · ${c.title}` : c.name }));
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <ConflictAlert edit={edit} what="interaction" />
        <RecordFields>
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
          <Group grow align="flex-start" wrap="wrap">
            <Select
              label="Contact"
              placeholder={contactOptions.length ? 'The client' : 'No contacts yet'}
              description={contactOptions.length ? undefined : 'Add contacts on the Contacts tab'}
              data={contactOptions}
              disabled={!contactOptions.length && !v.contactId}
              clearable
              searchable
              {...form.getInputProps('contactId')}
            />
            <Select label="Team member" data={(team.data?.data ?? []).map((m) => ({ value: m.id, label: m.id === me.user?.id ? `${m.name} (me)` : m.name }))} searchable clearable {...form.getInputProps('userId')} />
          </Group>
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
          <TextInput type="date" label="Follow up on" description={rec?.followUpTaskId ? 'Moves the follow-up task' : 'Creates a task for you on that day'} {...form.getInputProps('followUpAt')} />
        </RecordFields>
        <FormFooter edit={edit} what="interaction" submitLabel="Save" creating={create.isPending} onCancel={onDone} onDeleted={onDone} />
      </Stack>
    </form>
  );
}
