import { ActionIcon, Alert, Anchor, Badge, Button, Group, Modal, Paper, Select, SimpleGrid, Skeleton, Stack, Table, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconPencil, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { isApiError } from '../../api/api';
import {
  directoryKindLabels,
  directoryKinds,
  useDeleteDirectoryCompany,
  useDirectoryAccess,
  useDirectoryCompanies,
  useSaveDirectoryCompany,
  type DirectoryCompany,
  type DirectoryKind,
} from '../../api/directory';
import { usePhoneModal } from '../../components/clients/ClientBits';
import { countryNameOptions } from '../../components/clients/PhoneField';
import { ConfirmModal } from '../../components/ConfirmModal';
import { showApiError } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';

const kindOptions = directoryKinds.map((k) => ({ value: k, label: directoryKindLabels[k] }));

/** The instance-wide company directory (title companies, lenders…) that business clients link to. */
export function DirectoryPage() {
  const access = useDirectoryAccess();
  const canManage = access.data?.canManage === true;
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<DirectoryKind | null>(null);
  const [debounced] = useDebouncedValue(q, 200);
  const list = useDirectoryCompanies(debounced, kind, 200);
  const [editing, setEditing] = useState<DirectoryCompany | 'new' | null>(null);
  const [deleting, setDeleting] = useState<DirectoryCompany | null>(null);
  const remove = useDeleteDirectoryCompany();
  const rows = list.data?.data ?? [];

  return (
    <>
      <PageHeader
        title="Company directory"
        description="Title companies, lenders, insurers and other firms shared by every workspace of this Rapport. Business clients can link to an entry."
        action={
          canManage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              Add company
            </Button>
          )
        }
      />
      {access.isSuccess && !canManage && (
        <Alert color="gray" mb="md">
          The directory is read-only here: instance administrators manage it.
        </Alert>
      )}
      <Group gap="sm" mb="md" wrap="wrap">
        <TextInput
          aria-label="Search the directory"
          placeholder="Search by name"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          style={{ flex: '1 1 220px' }}
        />
        <Select aria-label="Kind" placeholder="Every kind" data={kindOptions} value={kind} onChange={(v) => setKind(v as DirectoryKind | null)} clearable w={180} comboboxProps={{ withinPortal: true }} />
      </Group>
      {list.isError && <Alert color="red">Could not load the directory.</Alert>}
      {list.isPending && <Skeleton h={160} />}
      {list.isSuccess && rows.length === 0 && (
        <Paper withBorder p="xl">
          <Stack align="center" gap="xs">
            <IconBuilding size={32} aria-hidden />
            <Text c="dimmed" ta="center">
              {debounced.trim() || kind ? 'No company matches.' : canManage ? 'The directory is empty. Add the title companies, lenders and other firms your teams work with.' : 'The directory is empty. Instance administrators add its companies.'}
            </Text>
          </Stack>
        </Paper>
      )}
      {rows.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={0}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th visibleFrom="sm">Contact</Table.Th>
                  {canManage && <Table.Th w={90}><VisuallyHidden>Actions</VisuallyHidden></Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Stack gap={2}>
                        <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                          {c.name}
                        </Text>
                        <Group gap={6}>
                          <Badge size="sm" variant="light" tt="none">
                            {directoryKindLabels[c.kind]}
                          </Badge>
                          {typeof c.address?.city === 'string' && (
                            <Text size="xs" c="dimmed">
                              {[c.address.city, c.address.country].filter(Boolean).join(', ')}
                            </Text>
                          )}
                        </Group>
                        <Text size="xs" c="dimmed" hiddenFrom="sm" style={{ overflowWrap: 'anywhere' }}>
                          {[c.email, c.phone].filter(Boolean).join(' · ')}
                        </Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <Stack gap={2}>
                        {c.email && <Text size="sm">{c.email}</Text>}
                        {c.phone && <Text size="sm">{c.phone}</Text>}
                        {c.website && (
                          <Anchor href={c.website} target="_blank" rel="noreferrer" size="sm">
                            {c.website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                          </Anchor>
                        )}
                        {!c.email && !c.phone && !c.website && <Text size="sm" c="dimmed">—</Text>}
                      </Stack>
                    </Table.Td>
                    {canManage && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${c.name}`} onClick={() => setEditing(c)}>
                            <IconPencil size={16} />
                          </ActionIcon>
                          <ActionIcon variant="subtle" color="red" aria-label={`Delete ${c.name}`} onClick={() => setDeleting(c)}>
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {(list.data?.total ?? 0) > rows.length && (
            <Text size="xs" c="dimmed" p="sm">
              Showing {rows.length} of {list.data!.total}. Search to narrow the list.
            </Text>
          )}
        </Paper>
      )}
      {editing && <CompanyModal company={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={deleting ? `Delete “${deleting.name}”?` : ''}
        confirmLabel="Delete"
        loading={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => notifications.show({ color: 'teal', message: `${deleting.name} was removed from the directory.` }),
            onError: (e) => showApiError(e, undefined, 'Could not delete'),
            onSettled: () => setDeleting(null),
          })
        }
      >
        Every workspace loses the entry. Clients linked to it keep their own data and lose the link.
      </ConfirmModal>
    </>
  );
}

type Draft = { name: string; kind: DirectoryKind | null; email: string; phone: string; website: string; line1: string; line2: string; city: string; region: string; postalCode: string; country: string | null; notes: string };

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function CompanyModal({ company, onClose }: { company: DirectoryCompany | null; onClose: () => void }) {
  const save = useSaveDirectoryCompany();
  const a = company?.address ?? {};
  const [d, setD] = useState<Draft>({
    name: company?.name ?? '',
    kind: company?.kind ?? null,
    email: company?.email ?? '',
    phone: company?.phone ?? '',
    website: company?.website ?? '',
    line1: str(a.line1),
    line2: str(a.line2),
    city: str(a.city),
    region: str(a.region),
    postalCode: str(a.postalCode),
    country: str(a.country) || null,
    notes: company?.notes ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const err = (k: string) => errors[k] ?? null;
  const input = (k: keyof Draft) => ({ value: (d[k] as string) ?? '', onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set({ [k]: e.currentTarget.value }), error: err(k) });

  const submit = () => {
    const local: Record<string, string> = {};
    if (!d.name.trim()) local.name = 'Name is required';
    if (!d.kind) local.kind = 'Pick a kind';
    if (Object.keys(local).length) return setErrors(local);
    setErrors({});
    const t = (s: string) => s.trim() || null;
    const address = { line1: t(d.line1), line2: t(d.line2), city: t(d.city), region: t(d.region), postalCode: t(d.postalCode), country: d.country };
    const hasAddress = Object.values(address).some((v) => v !== null);
    save.mutate(
      {
        companyId: company?.id,
        ...(company ? { version: company.version } : {}),
        name: d.name.trim(),
        kind: d.kind!,
        email: t(d.email),
        phone: t(d.phone),
        website: t(d.website),
        address: hasAddress ? address : null,
        notes: t(d.notes),
      },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: company ? `${saved.name} was saved.` : `${saved.name} was added to the directory.` });
          onClose();
        },
        onError: (error) => {
          if (isApiError(error, 412)) return setErrors({ form: 'Someone else changed this entry meanwhile. Close and open it again to see their changes.' });
          if (isApiError(error) && error.fieldErrors.length) {
            const out: Record<string, string> = {};
            const unmatched: string[] = [];
            for (const { path, message } of error.fieldErrors) {
              const k = path.startsWith('address.') ? path.slice('address.'.length) : path;
              const msg = message[0]!.toUpperCase() + message.slice(1);
              if (k in d) out[k] = msg;
              else unmatched.push(`${path} ${message}`);
            }
            if (unmatched.length) out.form = unmatched.join('; ');
            return setErrors(out);
          }
          showApiError(error, undefined, 'Could not save');
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={company ? `Edit ${company.name}` : 'Add a company'} size="lg" centered fullScreen={usePhoneModal()}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Name" required data-autofocus {...input('name')} />
            <Select label="Kind" required data={kindOptions} value={d.kind} onChange={(v) => set({ kind: v as DirectoryKind | null })} error={err('kind')} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
            <TextInput label="Email" type="email" {...input('email')} />
            <TextInput label="Phone" description="With +country code, or read in the address's country" {...input('phone')} />
            <TextInput label="Website" placeholder="https://example.com" {...input('website')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Address line 1" {...input('line1')} />
            <TextInput label="Address line 2" {...input('line2')} />
            <TextInput label="City" {...input('city')} />
            <TextInput label="Region" {...input('region')} />
            <TextInput label="Postal code" {...input('postalCode')} />
            <Select label="Country" data={countryNameOptions} value={d.country} onChange={(v) => set({ country: v })} error={err('country')} searchable clearable comboboxProps={{ withinPortal: true }} />
          </SimpleGrid>
          <Textarea label="Notes" autosize minRows={2} {...input('notes')} />
          {errors.form && (
            <Text c="red" size="sm" role="alert">
              {errors.form}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {company ? 'Save' : 'Add company'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
