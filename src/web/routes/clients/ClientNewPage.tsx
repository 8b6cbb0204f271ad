import { Alert, Anchor, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { roleAtLeast } from '../../../domain/role';
import { isApiError } from '../../api/api';
import { customFields as customFieldsApi, defaultClientSettings, tags as tagsApi, useClientSettings } from '../../api/clientMeta';
import { clientStatuses, lifecycleStages, type ClientStatus, type ClientType, type LifecycleStage } from '../../api/clientTypes';
import { useCreateClient } from '../../api/clients';
import { useTeam } from '../../api/team';
import { lifecycleLabels, needsReason, statusLabels } from '../../components/clients/ClientBits';
import { DirectoryCompanyPicker } from '../../components/clients/DirectoryCompanyPicker';
import {
  AddressesEditor,
  addressesOut,
  CustomFieldInput,
  EmailsEditor,
  emailsOut,
  PhonesEditor,
  SectionTitle,
  showNestedErrors,
  type AddressRow,
  type EmailRow,
  type PhoneRow,
} from '../../components/clients/ClientFormParts';
import { phoneToE164 } from '../../components/clients/PhoneField';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';

type Values = {
  type: ClientType;
  firstName: string;
  lastName: string;
  companyName: string;
  dateOfBirth: string;
  emails: EmailRow[];
  phones: PhoneRow[];
  addresses: AddressRow[];
  occupation: string;
  industry: string;
  companySize: string;
  referralSource: string;
  preferredLanguage: string;
  specialRequirements: string;
  ownerId: string | null;
  status: ClientStatus;
  statusReason: string;
  lifecycleStage: LifecycleStage | null;
  tags: string[];
  customFields: Record<string, unknown>;
  notes: string;
  directoryCompanyId: string | null;
};

const sizes = ['1–10', '11–50', '51–200', '201–1,000', '1,000+'];
const referralSources = ['Referral', 'Website', 'Search', 'Social media', 'Event', 'Advertising', 'Partner', 'Other'];

/** The full client form, in sections; only a name and one way to reach them are needed. */
export function ClientNewPage() {
  const me = useSession();
  const navigate = useNavigate();
  const create = useCreateClient();
  const settings = useClientSettings();
  const team = useTeam();
  const tagList = tagsApi.useList();
  const custom = customFieldsApi.useList();
  const [existingId, setExistingId] = useState<string | null>(null);
  const country = settings.data?.defaultCountry ?? defaultClientSettings.defaultCountry;

  const form = useForm<Values>({
    initialValues: {
      type: 'individual',
      firstName: '',
      lastName: '',
      companyName: '',
      dateOfBirth: '',
      emails: [{ value: '', label: 'work', primary: true }],
      phones: [{ value: '', label: 'mobile', primary: true, country: '' }],
      addresses: [],
      occupation: '',
      industry: '',
      companySize: '',
      referralSource: '',
      preferredLanguage: '',
      specialRequirements: '',
      ownerId: me.user?.id ?? null,
      status: 'prospect',
      statusReason: '',
      lifecycleStage: null,
      tags: [],
      customFields: {},
      notes: '',
      directoryCompanyId: null,
    },
    validate: {
      firstName: (v, all) => (all.type === 'individual' && !v.trim() && !all.lastName.trim() ? 'Enter a first or last name' : null),
      companyName: (v, all) => (all.type === 'business' && !v.trim() ? 'Company name is required' : null),
      statusReason: (v, all) => (needsReason(all.status) && !v.trim() ? `Say why the client is ${all.status}` : null),
    },
  });
  const v = form.values;

  const submit = form.onSubmit((values) => {
    setExistingId(null);
    const phoneErrors: Record<string, string> = {};
    const phones = values.phones
      .map((p, i) => {
        const r = phoneToE164(p.value, p.country || country);
        if (!r.ok) phoneErrors[`phones.${i}.value`] = r.message;
        return r.ok && r.e164 ? { value: r.e164, label: p.label, primary: p.primary } : null;
      })
      .filter((p) => p !== null);
    if (Object.keys(phoneErrors).length) return form.setErrors(phoneErrors);
    if (phones.length && !phones.some((p) => p.primary)) phones[0]!.primary = true;
    const text = (s: string) => s.trim() || null;
    const business = values.type === 'business';
    create.mutate(
      {
        type: values.type,
        firstName: business ? null : text(values.firstName),
        lastName: business ? null : text(values.lastName),
        companyName: text(values.companyName),
        dateOfBirth: business ? null : values.dateOfBirth || null,
        emails: emailsOut(values.emails),
        phones,
        addresses: addressesOut(values.addresses),
        occupation: text(values.occupation),
        industry: text(values.industry),
        companySize: text(values.companySize),
        referralSource: text(values.referralSource),
        preferredLanguage: text(values.preferredLanguage),
        specialRequirements: text(values.specialRequirements),
        ownerId: values.ownerId,
        status: values.status,
        statusReason: needsReason(values.status) ? text(values.statusReason) : null,
        lifecycleStage: values.lifecycleStage,
        tags: values.tags,
        customFields: Object.fromEntries(Object.entries(values.customFields).filter(([, x]) => x !== null && x !== '' && !(Array.isArray(x) && x.length === 0))),
        notes: text(values.notes),
        directoryCompanyId: business ? values.directoryCompanyId : null,
      },
      {
        onSuccess: (client) => void navigate(`/clients/${client.id}`, { state: { warnings: client.warnings ?? [] } }),
        onError: (error) => {
          if (isApiError(error, 409) && typeof error.problem.existingClientId === 'string') {
            setExistingId(error.problem.existingClientId);
            const i = values.emails.findIndex((e) => e.value.trim());
            form.setFieldError(`emails.${Math.max(0, i)}.value`, 'Another client already has this e-mail');
            return;
          }
          showNestedErrors(error, form.setErrors, (path) => path.split('.')[0]! in values, 'Could not add the client');
        },
      },
    );
  });

  const owners = (team.data?.data ?? []).map((m) => ({ value: m.id, label: m.name }));
  if (!roleAtLeast(me.role, 'member')) {
    return (
      <>
        <PageHeader title="Add client" />
        <Alert color="gray">Viewers can read clients but not add them. Ask an owner or admin for a member role.</Alert>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Add client" description="Only a name and an e-mail or phone are needed; fill in the rest now or later." />
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Paper withBorder p="md">
            <SectionTitle>Identity</SectionTitle>
            <Stack gap="sm">
              <SegmentedControl
                aria-label="Client type"
                w="fit-content"
                data={[
                  { value: 'individual', label: 'Individual' },
                  { value: 'business', label: 'Business' },
                ]}
                {...form.getInputProps('type')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {v.type === 'individual' ? (
                  <>
                    <TextInput label="First name" autoFocus {...form.getInputProps('firstName')} />
                    <TextInput label="Last name" {...form.getInputProps('lastName')} />
                    <TextInput label="Company" description="Where they work, if it matters" {...form.getInputProps('companyName')} />
                    <TextInput label="Date of birth" type="date" {...form.getInputProps('dateOfBirth')} />
                  </>
                ) : (
                  <>
                    <TextInput label="Company name" required autoFocus {...form.getInputProps('companyName')} />
                    <DirectoryCompanyPicker
                      description="Link a title company, lender… of the shared directory"
                      value={v.directoryCompanyId}
                      onChange={(id, company) => {
                        form.setFieldValue('directoryCompanyId', id);
                        if (company && !form.getValues().companyName.trim()) form.setFieldValue('companyName', company.name);
                      }}
                      error={(form.errors.directoryCompanyId as string | undefined) ?? null}
                    />
                  </>
                )}
              </SimpleGrid>
            </Stack>
          </Paper>

          <Paper withBorder p="md">
            <SectionTitle hint={`Phones without a +country code are read in the country you pick beside them (${country} by default).`}>Contact details</SectionTitle>
            <Stack gap="md">
              <EmailsEditor rows={v.emails} onChange={(rows) => form.setFieldValue('emails', rows)} errors={form.errors} />
              <PhonesEditor
                rows={v.phones.map((p) => ({ ...p, country: p.country || country }))}
                onChange={(rows) => form.setFieldValue('phones', rows)}
                errors={form.errors}
                defaultCountry={country}
              />
            </Stack>
            {existingId && (
              <Alert color="orange" mt="sm" icon={<IconAlertTriangle size={18} />}>
                This e-mail belongs to a client already.{' '}
                <Anchor component={Link} to={`/clients/${existingId}`}>
                  Open the existing client
                </Anchor>
              </Alert>
            )}
          </Paper>

          <Paper withBorder p="md">
            <SectionTitle hint="Primary, mailing, billing and service-area addresses.">Addresses</SectionTitle>
            <AddressesEditor rows={v.addresses} onChange={(rows) => form.setFieldValue('addresses', rows)} errors={form.errors} defaultCountry={country} />
          </Paper>

          <Paper withBorder p="md">
            <SectionTitle>Profile</SectionTitle>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label="Occupation" {...form.getInputProps('occupation')} />
              <TextInput label="Industry" {...form.getInputProps('industry')} />
              <Select label="Company size" data={sizes} clearable comboboxProps={{ withinPortal: true }} {...form.getInputProps('companySize')} value={v.companySize || null} onChange={(x) => form.setFieldValue('companySize', x ?? '')} />
              <Select
                label="Referral source"
                data={referralSources}
                clearable
                searchable
                comboboxProps={{ withinPortal: true }}
                value={v.referralSource || null}
                onChange={(x) => form.setFieldValue('referralSource', x ?? '')}
                error={form.errors.referralSource}
              />
              <TextInput label="Preferred language" placeholder="e.g. Spanish" {...form.getInputProps('preferredLanguage')} />
            </SimpleGrid>
            <Textarea mt="sm" label="Special requirements" description="Accessibility, language, anything the team should know" autosize minRows={2} {...form.getInputProps('specialRequirements')} />
          </Paper>

          <Paper withBorder p="md">
            <SectionTitle>Relationship</SectionTitle>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select label="Owner" data={owners} searchable clearable comboboxProps={{ withinPortal: true }} {...form.getInputProps('ownerId')} />
              <Select
                label="Status"
                data={clientStatuses.map((s) => ({ value: s, label: statusLabels[s] }))}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('status')}
              />
              {needsReason(v.status) && <TextInput label="Status reason" required {...form.getInputProps('statusReason')} />}
              <Select
                label="Lifecycle stage"
                data={lifecycleStages.map((s) => ({ value: s, label: lifecycleLabels[s] }))}
                clearable
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('lifecycleStage')}
              />
              <TagsInput
                label="Tags"
                description="Pick tags or type a new one and press Enter"
                data={(tagList.data ?? []).map((t) => t.name)}
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('tags')}
              />
            </SimpleGrid>
          </Paper>

          {(custom.data?.length ?? 0) > 0 && (
            <Paper withBorder p="md">
              <SectionTitle>Custom fields</SectionTitle>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {[...custom.data!]
                  .sort((a, b) => a.position - b.position)
                  .map((f) => (
                    <CustomFieldInput
                      key={f.id}
                      field={f}
                      value={v.customFields[f.key]}
                      onChange={(x) => form.setFieldValue('customFields', { ...form.getValues().customFields, [f.key]: x })}
                      error={(form.errors[`customFields.${f.key}`] as string | undefined) ?? null}
                    />
                  ))}
              </SimpleGrid>
            </Paper>
          )}

          <Paper withBorder p="md">
            <SectionTitle>Notes</SectionTitle>
            <Textarea aria-label="Notes" autosize minRows={3} {...form.getInputProps('notes')} />
          </Paper>

          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/clients">
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add client
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
