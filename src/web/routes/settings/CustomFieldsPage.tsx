import { ActionIcon, Alert, Badge, Button, Code, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Switch, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { roleAtLeast } from '../../../domain/role';
import { customFields as api } from '../../api/clientMeta';
import { customFieldTypes, type CustomField, type CustomFieldType } from '../../api/clientTypes';
import { InlineField } from '../../components/clients/InlineField';
import { ConfirmModal } from '../../components/ConfirmModal';
import { showApiError } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';

const typeLabels: Record<CustomFieldType, string> = { text: 'Text', number: 'Number', date: 'Date', boolean: 'Yes / no', select: 'Choice', multiselect: 'Several choices', url: 'Web address' };
const hasOptions = (t: string) => t === 'select' || t === 'multiselect';
const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40);

/** Extra client fields of this workspace: define, order, give choices; filterable and sortable in the list. */
export function CustomFieldsPage() {
  const me = useSession();
  const admin = roleAtLeast(me.role, 'admin');
  const list = api.useList();
  const create = api.useCreate();
  const update = api.useUpdate();
  const remove = api.useRemove();
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const [keyTouched, setKeyTouched] = useState(false);
  const fields = [...(list.data ?? [])].sort((a, b) => a.position - b.position);

  const form = useForm({
    initialValues: { label: '', key: '', type: 'text' as string, options: [] as string[], required: false },
    validate: {
      label: (v) => (v.trim() ? null : 'Label is required'),
      key: (v) => (/^[a-z][a-z0-9_]{0,39}$/.test(v) ? null : 'Lowercase letters, digits and _, starting with a letter'),
      options: (v, all) => (hasOptions(all.type) && v.length === 0 ? 'Add at least one choice' : null),
    },
  });

  const patch = async (f: CustomField, body: Partial<Pick<CustomField, 'label' | 'options' | 'required' | 'position'>>) => {
    try {
      await update.mutateAsync({ id: f.id, version: f.version, ...body });
      return null;
    } catch (e) {
      showApiError(e, undefined, 'Could not change the field');
      return e instanceof Error ? e.message : 'Could not save';
    }
  };

  // Moving swaps positions with the neighbour; positions are renumbered so they never tie.
  const move = async (i: number, dir: -1 | 1) => {
    const order = [...fields];
    const [item] = order.splice(i, 1);
    order.splice(i + dir, 0, item!);
    for (const [pos, f] of order.entries()) if (f.position !== pos) await patch(f, { position: pos });
  };

  return (
    <>
      <PageHeader title="Custom fields" description="Fields your workspace needs beyond the built-in ones. They appear on every client, in the create form, as list columns and in the filter builder." />
      {list.isError && <Alert color="red">{list.error.message}</Alert>}
      {admin && (
        <Paper withBorder p="md" mb="md">
          <Title order={2} size="h5" mb="sm">
            Define a field
          </Title>
          <form
            onSubmit={form.onSubmit((v) =>
              create.mutate(
                { label: v.label.trim(), key: v.key, type: v.type as CustomFieldType, required: v.required, position: fields.length, ...(hasOptions(v.type) ? { options: v.options } : {}) },
                {
                  onSuccess: () => {
                    form.reset();
                    setKeyTouched(false);
                  },
                  onError: (e) => showApiError(e, form, 'Could not add the field'),
                },
              ),
            )}
            noValidate
          >
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput
                label="Label"
                required
                {...form.getInputProps('label')}
                onChange={(e) => {
                  const label = e.currentTarget.value;
                  form.setFieldValue('label', label);
                  if (!keyTouched) form.setFieldValue('key', slug(label));
                }}
              />
              <TextInput
                label="Key"
                required
                description="Used in the API and filters as custom.<key>; cannot change later"
                {...form.getInputProps('key')}
                onChange={(e) => {
                  setKeyTouched(true);
                  form.setFieldValue('key', e.currentTarget.value);
                }}
              />
              <Select label="Type" data={customFieldTypes.map((t) => ({ value: t, label: typeLabels[t] }))} allowDeselect={false} comboboxProps={{ withinPortal: true }} {...form.getInputProps('type')} />
            </SimpleGrid>
            {hasOptions(form.values.type) && <TagsInput mt="sm" label="Choices" description="Type a choice and press Enter" {...form.getInputProps('options')} />}
            <Group justify="space-between" mt="sm">
              <Switch label="Required" {...form.getInputProps('required', { type: 'checkbox' })} />
              <Button type="submit" leftSection={<IconPlus size={16} />} loading={create.isPending}>
                Add field
              </Button>
            </Group>
          </form>
        </Paper>
      )}
      {!admin && (
        <Alert color="gray" mb="md">
          Owners and admins define custom fields.
        </Alert>
      )}
      {list.isPending && <Skeleton h={100} />}
      {list.isSuccess && fields.length === 0 && <Text c="dimmed">No custom fields yet. Add one for anything you track that the built-in fields do not cover — a contract number, a preferred branch, a loyalty tier.</Text>}
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Custom fields">
        {fields.map((f, i) => (
          <Paper key={f.id} withBorder p="sm" component="li">
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
              <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
                <InlineField label="Label" value={f.label} readOnly={!admin} onSave={(v) => patch(f, { label: String(v ?? '') })} />
                <Group gap="xs">
                  <Code>custom.{f.key}</Code>
                  <Badge variant="light" color="gray">
                    {typeLabels[f.type]}
                  </Badge>
                  {f.required && (
                    <Badge variant="light" color="orange">
                      Required
                    </Badge>
                  )}
                </Group>
                {hasOptions(f.type) && <InlineField label="Choices" kind="tags" value={f.options} options={f.options} readOnly={!admin} onSave={(v) => patch(f, { options: (v as string[]) ?? [] })} />}
              </Stack>
              {admin && (
                <Group gap={4}>
                  <Switch size="xs" label="Required" checked={f.required} onChange={(e) => void patch(f, { required: e.currentTarget.checked })} />
                  <ActionIcon variant="subtle" color="gray" disabled={i === 0} onClick={() => void move(i, -1)} aria-label={`Move ${f.label} up`}>
                    <IconArrowUp size={16} />
                  </ActionIcon>
                  <ActionIcon variant="subtle" color="gray" disabled={i === fields.length - 1} onClick={() => void move(i, 1)} aria-label={`Move ${f.label} down`}>
                    <IconArrowDown size={16} />
                  </ActionIcon>
                  <ActionIcon variant="subtle" color="red" onClick={() => setDeleting(f)} aria-label={`Delete ${f.label}`}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              )}
            </Group>
          </Paper>
        ))}
      </Stack>
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete “${deleting?.label ?? ''}”?`}
        confirmLabel="Delete field"
        loading={remove.isPending}
        onConfirm={() => remove.mutate(deleting!.id, { onSettled: () => setDeleting(null), onError: (e) => showApiError(e, undefined, 'Could not delete') })}
      >
        The field and every client&apos;s value in it are deleted. Saved filters that use it stop matching.
      </ConfirmModal>
    </>
  );
}
