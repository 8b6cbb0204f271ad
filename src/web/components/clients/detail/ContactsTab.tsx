import { ActionIcon, Alert, Badge, Button, Card, Group, Menu, Modal, MultiSelect, NumberInput, Select, SimpleGrid, Skeleton, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDots, IconPencil, IconPlus, IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { defaultClientSettings, useClientSettings, useContacts, useDeleteContact, useSaveContact } from '../../../api/clientMeta';
import { channels, contactRoles, engagementLevels, type Client, type Contact } from '../../../api/clientTypes';
import { ConfirmModal } from '../../ConfirmModal';
import { showApiError } from '../../formErrors';
import { showPhone, usePhoneModal } from '../ClientBits';
import { EmailsEditor, emailsOut, PhonesEditor, SectionTitle, showNestedErrors, type EmailRow, type PhoneRow } from '../ClientFormParts';
import { phoneToE164 } from '../PhoneField';

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const channelLabels: Record<string, string> = { email: 'E-mail', phone: 'Phone', sms: 'SMS', mail: 'Mail', chat: 'Chat', in_person: 'In person' };
const engagementColors: Record<string, string> = { hot: 'red', warm: 'orange', cold: 'blue', dormant: 'gray' };

/** The people at a client: who they are, how to reach them, how they like to be reached. */
export function ContactsTab({ client, canWrite }: { client: Client; canWrite: boolean }) {
  const contacts = useContacts(client.id);
  const remove = useDeleteContact(client.id);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const list = contacts.data ?? [];
  const nameOf = (id: string | null) => list.find((x) => x.id === id)?.name;

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {list.length ? `${list.length} ${list.length === 1 ? 'contact' : 'contacts'}` : ''}
        </Text>
        {canWrite && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setEditing('new')}>
            Add contact
          </Button>
        )}
      </Group>
      {contacts.isPending && <Skeleton h={80} />}
      {contacts.isError && <Alert color="red">{contacts.error.message}</Alert>}
      {contacts.isSuccess && list.length === 0 && (
        <Alert color="gray" variant="light">
          No contacts yet. Add the people you deal with at {client.displayName} — the decision maker, who pays, who to call in an emergency.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {list.map((ct) => (
          <Card key={ct.id} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {ct.name}
                </Text>
                {(ct.title || ct.department) && (
                  <Text size="sm" c="dimmed">
                    {[ct.title, ct.department].filter(Boolean).join(' · ')}
                  </Text>
                )}
              </Stack>
              {canWrite && (
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${ct.name}`}>
                      <IconDots size={18} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(ct)}>
                      Edit
                    </Menu.Item>
                    <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(ct)}>
                      Remove
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>
            <Group gap={4} mt={6}>
              {ct.role && <Badge variant="light">{cap(ct.role)}</Badge>}
              {ct.engagement && (
                <Badge variant="light" color={engagementColors[ct.engagement]}>
                  {cap(ct.engagement)}
                </Badge>
              )}
            </Group>
            <Stack gap={2} mt={6}>
              {ct.emails.map((e) => (
                <Text key={e.value} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {e.value} <Text span size="xs" c="dimmed">({e.label})</Text>
                </Text>
              ))}
              {ct.phones.map((p) => (
                <Text key={p.value} size="sm">
                  {showPhone(p.value)} <Text span size="xs" c="dimmed">({p.label})</Text>
                </Text>
              ))}
              {!!ct.preferences.channels?.length && (
                <Text size="xs" c="dimmed">
                  Prefers: {ct.preferences.channels.map((ch) => channelLabels[ch] ?? ch).join(', ')}
                  {ct.preferences.bestTimes?.length ? ` · ${ct.preferences.bestTimes.join(', ')}` : ''}
                </Text>
              )}
              {ct.preferences.frequencyLimit && (
                <Text size="xs" c="dimmed">
                  At most {ct.preferences.frequencyLimit.count}× per {ct.preferences.frequencyLimit.per}
                </Text>
              )}
              {!!ct.preferences.optOuts?.length && (
                <Text size="xs" c="orange">
                  Opted out: {ct.preferences.optOuts.map((o) => `${channelLabels[o.channel] ?? o.channel} ${o.purpose}`).join(', ')}
                </Text>
              )}
              {ct.reportsToId && (
                <Text size="xs" c="dimmed">
                  Reports to {nameOf(ct.reportsToId) ?? 'another contact'}
                </Text>
              )}
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      {editing && <ContactModal clientId={client.id} contact={editing === 'new' ? null : editing} others={list.filter((x) => editing === 'new' || x.id !== editing.id)} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Remove ${deleting?.name ?? 'contact'}?`}
        confirmLabel="Remove contact"
        loading={remove.isPending}
        onConfirm={() =>
          remove.mutate(deleting!.id, {
            onSuccess: () => setDeleting(null),
            onError: (e) => {
              setDeleting(null);
              showApiError(e, undefined, 'Could not remove the contact');
            },
          })
        }
      >
        The contact is removed from this client. The change is kept in the client&apos;s history.
      </ConfirmModal>
    </>
  );
}

type OptOut = { channel: string; purpose: string };
type Values = {
  firstName: string;
  lastName: string;
  role: string | null;
  title: string;
  department: string;
  engagement: string | null;
  emails: EmailRow[];
  phones: PhoneRow[];
  channels: string[];
  bestTimes: string[];
  frequencyCount: number | '';
  frequencyPer: 'week' | 'month';
  language: string;
  optOuts: OptOut[];
  reportsToId: string | null;
  influences: string[];
  notes: string;
};

function ContactModal({ clientId, contact, others, onClose }: { clientId: string; contact: Contact | null; others: Contact[]; onClose: () => void }) {
  const save = useSaveContact(clientId);
  const settings = useClientSettings();
  const country = settings.data?.defaultCountry ?? defaultClientSettings.defaultCountry;
  const p = contact?.preferences;
  const form = useForm<Values>({
    initialValues: {
      firstName: contact?.firstName ?? '',
      lastName: contact?.lastName ?? '',
      role: contact?.role ?? null,
      title: contact?.title ?? '',
      department: contact?.department ?? '',
      engagement: contact?.engagement ?? null,
      emails: contact?.emails.map((e) => ({ ...e })) ?? [{ value: '', label: 'work', primary: true }],
      phones: contact?.phones.map((x) => ({ ...x, value: showPhone(x.value), country })) ?? [{ value: '', label: 'mobile', primary: true, country }],
      channels: p?.channels ?? [],
      bestTimes: p?.bestTimes ?? [],
      frequencyCount: p?.frequencyLimit?.count ?? '',
      frequencyPer: (p?.frequencyLimit?.per as 'week' | 'month') ?? 'month',
      language: p?.language ?? '',
      optOuts: p?.optOuts ?? [],
      reportsToId: contact?.reportsToId ?? null,
      influences: contact?.influences ?? [],
      notes: contact?.notes ?? '',
    },
    validate: { firstName: (v, all) => (!v.trim() && !all.lastName.trim() ? 'Enter a first or last name' : null) },
  });
  const v = form.values;
  const people = others.map((o) => ({ value: o.id, label: o.name }));

  const submit = form.onSubmit((values) => {
    const errs: Record<string, string> = {};
    const phones = values.phones
      .map((x, i) => {
        const r = phoneToE164(x.value, x.country);
        if (!r.ok) errs[`phones.${i}.value`] = r.message;
        return r.ok && r.e164 ? { value: r.e164, label: x.label, primary: x.primary } : null;
      })
      .filter((x) => x !== null);
    if (Object.keys(errs).length) return form.setErrors(errs);
    if (phones.length && !phones.some((x) => x.primary)) phones[0]!.primary = true;
    const text = (s: string) => s.trim() || null;
    save.mutate(
      {
        ...(contact ? { contactId: contact.id, version: contact.version } : {}),
        firstName: text(values.firstName),
        lastName: text(values.lastName),
        role: (values.role as Contact['role']) ?? null,
        title: text(values.title),
        department: text(values.department),
        engagement: (values.engagement as Contact['engagement']) ?? null,
        emails: emailsOut(values.emails),
        phones,
        preferences: {
          channels: values.channels as (typeof channels)[number][],
          bestTimes: values.bestTimes,
          frequencyLimit: values.frequencyCount === '' ? null : { count: values.frequencyCount, per: values.frequencyPer },
          language: text(values.language),
          optOuts: values.optOuts.filter((o) => o.purpose.trim()).map((o) => ({ channel: o.channel as (typeof channels)[number], purpose: o.purpose.trim() })),
        },
        reportsToId: values.reportsToId,
        influences: values.influences,
        notes: text(values.notes),
      },
      {
        onSuccess: onClose,
        onError: (e) => showNestedErrors(e, form.setErrors, (path) => path.split('.')[0]! in values, 'Could not save the contact'),
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={contact ? `Edit ${contact.name}` : 'Add contact'} size="xl" centered fullScreen={usePhoneModal()}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="First name" data-autofocus {...form.getInputProps('firstName')} />
            <TextInput label="Last name" {...form.getInputProps('lastName')} />
            <Select label="Role" data={contactRoles.map((r) => ({ value: r, label: cap(r) }))} clearable comboboxProps={{ withinPortal: true }} {...form.getInputProps('role')} />
            <Select label="Engagement" data={engagementLevels.map((r) => ({ value: r, label: cap(r) }))} clearable comboboxProps={{ withinPortal: true }} {...form.getInputProps('engagement')} />
            <TextInput label="Title" placeholder="e.g. Office manager" {...form.getInputProps('title')} />
            <TextInput label="Department" {...form.getInputProps('department')} />
          </SimpleGrid>
          <EmailsEditor rows={v.emails} onChange={(rows) => form.setFieldValue('emails', rows)} errors={form.errors} />
          <PhonesEditor rows={v.phones} onChange={(rows) => form.setFieldValue('phones', rows)} errors={form.errors} defaultCountry={country} />
          <div>
            <SectionTitle>Communication preferences</SectionTitle>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <MultiSelect label="Preferred channels" data={channels.map((c) => ({ value: c, label: channelLabels[c] ?? c }))} comboboxProps={{ withinPortal: true }} {...form.getInputProps('channels')} />
              <TagsInput label="Best times" placeholder="e.g. weekday mornings" {...form.getInputProps('bestTimes')} />
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <NumberInput label="Frequency limit" placeholder="times" min={1} max={100} w={150} {...form.getInputProps('frequencyCount')} />
                <Select
                  aria-label="Per"
                  data={[
                    { value: 'week', label: 'per week' },
                    { value: 'month', label: 'per month' },
                  ]}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: true }}
                  {...form.getInputProps('frequencyPer')}
                />
              </Group>
              <TextInput label="Language" {...form.getInputProps('language')} />
            </SimpleGrid>
            <Stack gap="xs" mt="sm">
              <Text size="sm" fw={500}>
                Opt-outs
              </Text>
              {v.optOuts.map((o, i) => (
                <Group key={i} gap="xs" wrap="nowrap">
                  <Select
                    aria-label={`Opt-out ${i + 1} channel`}
                    data={channels.map((c) => ({ value: c, label: channelLabels[c] ?? c }))}
                    value={o.channel}
                    onChange={(x) => x && form.setFieldValue(`optOuts.${i}.channel`, x)}
                    allowDeselect={false}
                    w={140}
                    comboboxProps={{ withinPortal: true }}
                  />
                  <TextInput aria-label={`Opt-out ${i + 1} purpose`} placeholder="e.g. marketing" value={o.purpose} onChange={(e) => form.setFieldValue(`optOuts.${i}.purpose`, e.currentTarget.value)} style={{ flex: 1 }} />
                  <ActionIcon variant="subtle" color="gray" onClick={() => form.removeListItem('optOuts', i)} aria-label={`Remove opt-out ${i + 1}`}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              <Button size="xs" variant="light" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem('optOuts', { channel: 'email', purpose: '' })}>
                Add opt-out
              </Button>
            </Stack>
          </div>
          {people.length > 0 && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select label="Reports to" data={people} clearable comboboxProps={{ withinPortal: true }} {...form.getInputProps('reportsToId')} />
              <MultiSelect label="Influences" data={people} comboboxProps={{ withinPortal: true }} {...form.getInputProps('influences')} />
            </SimpleGrid>
          )}
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {contact ? 'Save contact' : 'Add contact'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
