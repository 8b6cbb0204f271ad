import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { customFields as customFieldsApi } from '../../api/clientMeta';
import type { CustomField, CustomFieldType } from '../../api/clientTypes';
import { showApiError } from '../../components/formErrors';

// Choice fields need their options listed first: they are made in Settings → Custom fields.
const types: { value: CustomFieldType; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'date', label: 'Date' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'url', label: 'Web address' },
];

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40);

/** Creates a custom field for a column the built-in fields do not cover; the column then maps to it. */
export function NewFieldModal({ header, onClose, onCreated }: { header: string | null; onClose: () => void; onCreated: (field: CustomField) => void }) {
  const create = customFieldsApi.useCreate();
  const form = useForm({ initialValues: { label: '', key: '', type: 'text' } });
  useEffect(() => {
    if (header) form.setValues({ label: header.slice(0, 80), key: slug(header) || 'field', type: 'text' });
    // Only another column resets the form (the form object changes every render).
  }, [header]);

  return (
    <Modal opened={header !== null} onClose={onClose} title="New custom field" centered>
      <form
        onSubmit={form.onSubmit((v) =>
          create.mutate(
            { label: v.label.trim(), key: v.key.trim(), type: v.type as CustomFieldType },
            { onSuccess: (f) => onCreated(f), onError: (e) => showApiError(e, form, 'Could not create the field') },
          ),
        )}
        noValidate
      >
        <Stack>
          <Text size="sm" c="dimmed">
            A field every client of this workspace gets. The column “{header}” is imported into it.
          </Text>
          <TextInput label="Label" required data-autofocus {...form.getInputProps('label')} />
          <TextInput label="Key" required description="Used in the API and filters as custom.<key>; cannot change later" {...form.getInputProps('key')} />
          <Select label="Type" data={types} allowDeselect={false} comboboxProps={{ withinPortal: true }} {...form.getInputProps('type')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create field
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
