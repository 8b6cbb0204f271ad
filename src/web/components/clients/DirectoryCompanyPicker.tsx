import { Badge, Box, Button, Group, Select, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { directoryKindLabels, useDirectoryCompanies, useDirectoryCompany, type DirectoryCompany } from '../../api/directory';
import classes from './InlineField.module.css';

type PickerProps = {
  value: string | null;
  onChange: (id: string | null, company: DirectoryCompany | null) => void;
  label?: string;
  description?: string;
  error?: string | null;
  disabled?: boolean;
  autoFocus?: boolean;
  onBlur?: () => void;
  defaultDropdownOpened?: boolean;
};

/** A searchable, clearable select over the instance-wide company directory (searched on the server). */
export function DirectoryCompanyPicker({ value, onChange, label = 'Directory company', description, error, disabled, autoFocus, onBlur, defaultDropdownOpened }: PickerProps) {
  const selected = useDirectoryCompany(value);
  const [search, setSearch] = useState('');
  // Once a company is picked the input shows its name: that is not a search.
  const typed = selected.data && search === selected.data.name ? '' : search;
  const [q] = useDebouncedValue(typed, 200);
  const list = useDirectoryCompanies(q, null, 50);
  const companies = list.data?.data ?? [];
  const all = selected.data && !companies.some((c) => c.id === selected.data.id) ? [selected.data, ...companies] : companies;
  const data = all.map((c) => ({ value: c.id, label: c.name }));
  const kindOf = new Map(all.map((c) => [c.id, c.kind]));
  return (
    <Select
      label={label}
      description={description}
      placeholder="Search the directory"
      data={data}
      value={value}
      onChange={(id) => onChange(id, all.find((c) => c.id === id) ?? null)}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'No company of the directory matches'}
      error={error}
      disabled={disabled}
      autoFocus={autoFocus}
      onBlur={onBlur}
      onFocus={(e) => {
        // Typing replaces the picked name rather than adding to it.
        const input = e.currentTarget;
        setTimeout(() => input.select(), 0);
      }}
      defaultDropdownOpened={defaultDropdownOpened}
      comboboxProps={{ withinPortal: true }}
      renderOption={({ option }) => (
        <Group gap={6} wrap="nowrap" justify="space-between" w="100%">
          <Text size="sm">{option.label}</Text>
          {kindOf.get(option.value) && (
            <Text size="xs" c="dimmed">
              {directoryKindLabels[kindOf.get(option.value)!]}
            </Text>
          )}
        </Group>
      )}
    />
  );
}

/** The linked directory company's name and kind (or a note when the entry is gone). */
export function DirectoryCompanyLabel({ id }: { id: string }) {
  const company = useDirectoryCompany(id);
  if (company.isPending) return <Text span size="sm" c="dimmed">Loading…</Text>;
  if (!company.data) return <Text span size="sm" c="dimmed">No longer in the directory</Text>;
  return (
    <Group gap={6} wrap="wrap" component="span">
      <Text span size="sm" style={{ overflowWrap: 'anywhere' }}>
        {company.data.name}
      </Text>
      <Badge size="sm" variant="light" tt="none">
        {directoryKindLabels[company.data.kind]}
      </Badge>
    </Group>
  );
}

/** The inline-edit form of the picker for the client's Overview: reads as name + kind; click to change or clear. */
export function DirectoryCompanyField({ value, readOnly, onSave }: { value: string | null; readOnly?: boolean; onSave: (id: string | null) => Promise<string | null> }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const label = 'Directory company';
  const shown = value ? <DirectoryCompanyLabel id={value} /> : null;
  if (!editing) {
    return (
      <Stack gap={2}>
        <Text size="xs" c="dimmed" fw={500} component="div">
          {label}
        </Text>
        {readOnly ? (
          <Box fz="sm">{shown ?? '—'}</Box>
        ) : (
          <UnstyledButton className={classes.display} onClick={() => (setError(null), setEditing(true))} aria-label={`Edit ${label}`}>
            <Box fz="sm" className={classes.value} c={shown === null ? 'dimmed' : undefined}>
              {shown ?? 'Link to the company directory…'}
            </Box>
            <IconPencil size={14} className={classes.pencil} aria-hidden />
          </UnstyledButton>
        )}
      </Stack>
    );
  }
  const save = async (id: string | null) => {
    if (id === value) return setEditing(false);
    setSaving(true);
    const message = await onSave(id);
    setSaving(false);
    if (message) setError(message);
    else setEditing(false);
  };
  return (
    <div className={classes.editing}>
      <Stack gap={6}>
        <DirectoryCompanyPicker value={value} onChange={(id) => void save(id)} error={error} disabled={saving} autoFocus defaultDropdownOpened />
        <Group gap="xs">
          <Button size="compact-sm" variant="default" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </div>
  );
}
