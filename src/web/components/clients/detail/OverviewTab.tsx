import { Badge, Button, Group, Modal, Paper, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { customFields as customFieldsApi, defaultClientSettings, tags as tagsApi, useClientSettings } from '../../../api/clientMeta';
import { clientStatuses, lifecycleStages, type Client, type ClientStatus } from '../../../api/clientTypes';
import { useOrderWord } from '../../../api/orders';
import { useTeam } from '../../../api/team';
import type { SaveClient } from '../../../routes/clients/ClientDetailPage';
import { formatDateTime, formatRelative } from '../../format';
import { lifecycleLabels, needsReason, showPhone, statusLabels, usePhoneModal } from '../ClientBits';
import { AddressesEditor, addressesIn, addressesOut, addressKindLabels, EmailsEditor, emailsOut, PhonesEditor, type AddressRow, type EmailRow, type PhoneRow } from '../ClientFormParts';
import { DirectoryCompanyField } from '../DirectoryCompanyPicker';
import { InlineField } from '../InlineField';
import { countryName, phoneToE164 } from '../PhoneField';

type Props = { client: Client; canWrite: boolean; onSave: SaveClient };

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** Every field of the client; click one to edit it in place. */
export function OverviewTab({ client: c, canWrite, onSave }: Props) {
  const team = useTeam();
  const { Words } = useOrderWord();
  const tagList = tagsApi.useList();
  const custom = customFieldsApi.useList();
  const [reasonFor, setReasonFor] = useState<ClientStatus | null>(null);
  const [editing, setEditing] = useState<'contact' | 'addresses' | null>(null);
  const owners = (team.data?.data ?? []).map((m) => ({ value: m.id, label: m.name }));
  const field = (label: string, key: keyof Client, kind: Parameters<typeof InlineField>[0]['kind'] = 'text', extra: Partial<Parameters<typeof InlineField>[0]> = {}) => (
    <InlineField label={label} kind={kind} value={c[key]} readOnly={!canWrite} onSave={(v) => onSave({ [key]: v } as never)} {...extra} />
  );

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Section title="Identity">
        {field('Type', 'type', 'select', {
          options: [
            { value: 'individual', label: 'Individual' },
            { value: 'business', label: 'Business' },
          ],
          display: c.type === 'business' ? 'Business' : 'Individual',
          clearable: false,
        })}
        {field('First name', 'firstName')}
        {field('Last name', 'lastName')}
        {field(c.type === 'business' ? 'Company name' : 'Company', 'companyName')}
        {(c.type === 'business' || c.directoryCompanyId) && (
          <DirectoryCompanyField value={c.directoryCompanyId} readOnly={!canWrite} onSave={(id) => onSave({ directoryCompanyId: id })} />
        )}
        {c.type === 'individual' && field('Date of birth', 'dateOfBirth', 'date')}
      </Section>

      <Section title="Relationship">
        {field('Status', 'status', 'select', {
          options: clientStatuses.map((s) => ({ value: s, label: statusLabels[s] })),
          display: statusLabels[c.status],
          clearable: false,
          onSave: async (v) => {
            if (typeof v === 'string' && needsReason(v)) {
              setReasonFor(v as ClientStatus);
              return null;
            }
            return onSave({ status: v as ClientStatus, statusReason: null });
          },
        })}
        {needsReason(c.status) && field('Status reason', 'statusReason')}
        {field('Owner', 'ownerId', 'select', { options: owners, display: owners.find((o) => o.value === c.ownerId)?.label ?? (c.ownerId ? 'Former member' : null) })}
        {field('Lifecycle stage', 'lifecycleStage', 'select', {
          options: lifecycleStages.map((s) => ({ value: s, label: lifecycleLabels[s] })),
          display: c.lifecycleStage ? lifecycleLabels[c.lifecycleStage] : null,
        })}
        {field('Tags', 'tags', 'tags', {
          options: (tagList.data ?? []).map((t) => t.name),
          display: c.tags.length ? (
            <Group gap={4}>
              {c.tags.map((t) => (
                <Badge key={t} variant="outline" color={tagList.data?.find((x) => x.name === t)?.color ?? 'gray'} tt="none">
                  {t}
                </Badge>
              ))}
            </Group>
          ) : null,
        })}
      </Section>

      <Section title="Contact details" action={canWrite && <EditButton label="Edit contact details" onClick={() => setEditing('contact')} />}>
        <Facts
          rows={[
            ...c.emails.map((e, i) => [`Email${c.emails.length > 1 ? ` ${i + 1}` : ''} (${e.label})`, <>{e.value} {e.primary && c.emails.length > 1 && <Badge size="xs" variant="light">Primary</Badge>}</>] as [string, ReactNode]),
            ...c.phones.map((p, i) => [`Phone${c.phones.length > 1 ? ` ${i + 1}` : ''} (${p.label})`, <>{showPhone(p.value)} {p.primary && c.phones.length > 1 && <Badge size="xs" variant="light">Primary</Badge>}</>] as [string, ReactNode]),
          ]}
          empty="No e-mail or phone yet."
        />
      </Section>

      <Section title="Addresses" action={canWrite && <EditButton label="Edit addresses" onClick={() => setEditing('addresses')} />}>
        <Facts
          rows={c.addresses.map((a) => [
            `${addressKindLabels[a.kind]} address`,
            [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, countryName(a.country)].filter(Boolean).join(', '),
          ])}
          empty="No address yet."
        />
      </Section>

      <Section title="Profile">
        {field('Occupation', 'occupation')}
        {field('Industry', 'industry')}
        {field('Company size', 'companySize')}
        {field('Referral source', 'referralSource')}
        {field('Preferred language', 'preferredLanguage')}
        {field('Special requirements', 'specialRequirements', 'textarea')}
      </Section>

      <Section title="At a glance">
        <Facts
          rows={[
            ['Added', formatDateTime(c.createdAt)],
            ['Last updated', formatRelative(c.updatedAt)],
            ['Last activity', formatRelative(c.lastActivityAt, 'None yet')],
            [Words, c.ordersCount ? String(c.ordersCount) : 'None yet (guest)'],
            ['Health score', c.healthScore === null ? 'Not scored yet' : `${c.healthScore}${c.healthBand ? ` · ${cap(c.healthBand.replace(/_/g, ' '))}` : ''}`],
          ]}
        />
      </Section>

      {(custom.data?.length ?? 0) > 0 && (
        <Section title="Custom fields">
          {[...custom.data!]
            .sort((a, b) => a.position - b.position)
            .map((f) => {
              const value = c.customFields[f.key];
              const kind = f.type === 'multiselect' ? 'multiselect' : f.type === 'select' ? 'select' : f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : f.type === 'boolean' ? 'boolean' : f.type === 'url' ? 'url' : 'text';
              return (
                <InlineField
                  key={f.id}
                  label={f.label}
                  kind={kind}
                  value={value ?? null}
                  options={f.options}
                  display={f.type === 'boolean' ? (value === true ? 'Yes' : value === false ? 'No' : null) : undefined}
                  readOnly={!canWrite}
                  onSave={(v) => onSave({ customFields: { ...c.customFields, [f.key]: v } })}
                />
              );
            })}
        </Section>
      )}

      <Section title="Advanced">
        {field('External ID', 'externalId')}
        <Text size="xs" c="dimmed">
          This client’s id in another system (billing, an old CRM, an import). No two clients of the workspace share one.
        </Text>
      </Section>

      <Section title="Notes" span>
        {field('Notes', 'notes', 'textarea')}
      </Section>

      <StatusReasonModal
        status={reasonFor}
        onClose={() => setReasonFor(null)}
        onSave={async (reason) => {
          const message = await onSave({ status: reasonFor!, statusReason: reason });
          if (!message) setReasonFor(null);
          return message;
        }}
      />
      {editing === 'contact' && <ContactDetailsModal client={c} onClose={() => setEditing(null)} onSave={onSave} />}
      {editing === 'addresses' && <AddressesModal client={c} onClose={() => setEditing(null)} onSave={onSave} />}
    </SimpleGrid>
  );
}

function Section({ title, children, action, span }: { title: string; children: ReactNode; action?: ReactNode; span?: boolean }) {
  return (
    <Paper withBorder p="md" style={span ? { gridColumn: '1 / -1' } : undefined} component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">
          {title}
        </Title>
        {action}
      </Group>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

function EditButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button size="compact-sm" variant="subtle" leftSection={<IconPencil size={14} />} onClick={onClick} aria-label={label}>
      Edit
    </Button>
  );
}

function Facts({ rows, empty }: { rows: [string, ReactNode][]; empty?: string }) {
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Stack gap={8} component="dl" m={0}>
      {rows.map(([k, v], i) => (
        <div key={i}>
          <Text size="xs" c="dimmed" fw={500} component="dt">
            {k}
          </Text>
          <Text size="sm" component="dd" m={0} style={{ overflowWrap: 'anywhere' }}>
            {v}
          </Text>
        </div>
      ))}
    </Stack>
  );
}

function StatusReasonModal({ status, onClose, onSave }: { status: ClientStatus | null; onClose: () => void; onSave: (reason: string) => Promise<string | null> }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  return (
    <Modal opened={status !== null} onClose={onClose} title={status ? `Mark as ${statusLabels[status].toLowerCase()}` : ''} centered>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!reason.trim()) return setError('Say why');
          setSaving(true);
          const message = await onSave(reason.trim());
          setSaving(false);
          if (message) setError(message);
          else setReason('');
        }}
      >
        <Stack>
          <Textarea label="Reason" required data-autofocus value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} description={status === 'blacklisted' ? 'Blacklisted clients get no campaigns and no new orders without an override.' : 'Why did the client leave?'} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving} color={status === 'blacklisted' ? 'red' : undefined}>
              Save status
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ContactDetailsModal({ client: c, onClose, onSave }: { client: Client; onClose: () => void; onSave: SaveClient }) {
  const settings = useClientSettings();
  const country = settings.data?.defaultCountry ?? defaultClientSettings.defaultCountry;
  const [emails, setEmails] = useState<EmailRow[]>(c.emails.map((e) => ({ ...e })));
  const [phones, setPhones] = useState<PhoneRow[]>(c.phones.map((p) => ({ ...p, value: showPhone(p.value), country })));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const errs: Record<string, string> = {};
    const out = phones
      .map((p, i) => {
        const r = phoneToE164(p.value, p.country);
        if (!r.ok) errs[`phones.${i}.value`] = r.message;
        return r.ok && r.e164 ? { value: r.e164, label: p.label, primary: p.primary } : null;
      })
      .filter((p) => p !== null);
    if (Object.keys(errs).length) return setErrors(errs);
    if (out.length && !out.some((p) => p.primary)) out[0]!.primary = true;
    setSaving(true);
    const message = await onSave({ emails: emailsOut(emails), phones: out });
    setSaving(false);
    if (message) setErrors({ form: message });
    else onClose();
  };
  return (
    <Modal opened onClose={onClose} title="Contact details" size="xl" centered fullScreen={usePhoneModal()}>
      <Stack>
        <EmailsEditor rows={emails} onChange={setEmails} errors={errors} />
        <PhonesEditor rows={phones} onChange={setPhones} errors={errors} defaultCountry={country} />
        {errors.form && (
          <Text c="red" size="sm">
            {errors.form}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void save()} loading={saving}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function AddressesModal({ client: c, onClose, onSave }: { client: Client; onClose: () => void; onSave: SaveClient }) {
  const settings = useClientSettings();
  const country = settings.data?.defaultCountry ?? defaultClientSettings.defaultCountry;
  const [rows, setRows] = useState<AddressRow[]>(addressesIn(c.addresses));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  return (
    <Modal opened onClose={onClose} title="Addresses" size="xl" centered fullScreen={usePhoneModal()}>
      <Stack>
        <AddressesEditor rows={rows} onChange={setRows} defaultCountry={country} />
        {error && (
          <Text c="red" size="sm">
            {cap(error)}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={saving}
            onClick={async () => {
              setSaving(true);
              const message = await onSave({ addresses: addressesOut(rows) });
              setSaving(false);
              if (message) setError(message);
              else onClose();
            }}
          >
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
