import { Box, Button, Checkbox, Group, MultiSelect, NumberInput, Select, Stack, TagsInput, Text, Textarea, TextInput, UnstyledButton } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import classes from './InlineField.module.css';

type Option = { value: string; label: string };
export type InlineKind = 'text' | 'email' | 'url' | 'textarea' | 'date' | 'number' | 'select' | 'tags' | 'multiselect' | 'boolean';

type Props = {
  label: string;
  kind?: InlineKind;
  value: unknown;
  /** What to show when not editing; defaults to the value as text. */
  display?: ReactNode;
  options?: Option[] | string[];
  /** Saves the new value; resolves to an error message to show beside the field, or null. */
  onSave: (value: unknown) => Promise<string | null>;
  readOnly?: boolean;
  clearable?: boolean;
};

const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * A field that reads as text and turns into an input on click. Enter or leaving the field
 * saves (with the client's version, so a stale edit is refused); Escape cancels.
 */
export function InlineField({ label, kind = 'text', value, display, options, onSave, readOnly, clearable = true }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<unknown>(value);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const start = () => {
    setDraft(value);
    setError(null);
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    setError(null);
  };
  const save = async (next: unknown = draft) => {
    if (saving) return;
    const normal = typeof next === 'string' ? next.trim() : next;
    if (JSON.stringify(empty(normal) ? null : normal) === JSON.stringify(empty(value) ? null : value)) return cancel();
    setSaving(true);
    const message = await onSave(empty(normal) ? (Array.isArray(normal) ? [] : null) : normal);
    setSaving(false);
    if (message) setError(message);
    else setEditing(false);
  };

  if (!editing) {
    const shown = display ?? (empty(value) ? null : Array.isArray(value) ? value.join(', ') : String(value));
    return (
      <Stack gap={2}>
        <Text size="xs" c="dimmed" fw={500} component="div">
          {label}
        </Text>
        {readOnly ? (
          <Box fz="sm">{shown ?? '—'}</Box>
        ) : (
          <UnstyledButton className={classes.display} onClick={start} aria-label={`Edit ${label}`}>
            <Box fz="sm" className={classes.value} c={shown === null ? 'dimmed' : undefined}>
              {shown ?? 'Add…'}
            </Box>
            <IconPencil size={14} className={classes.pencil} aria-hidden />
          </UnstyledButton>
        )}
      </Stack>
    );
  }

  const keys = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      e.preventDefault();
      cancel();
    }
    if (e.key === 'Enter' && (kind !== 'textarea' || e.ctrlKey || e.metaKey) && kind !== 'tags' && kind !== 'multiselect') {
      e.preventDefault();
      void save();
    }
  };
  const common = { label, error, autoFocus: true, size: 'sm' as const, disabled: saving, onKeyDown: keys };
  const blurSave = { onBlur: () => void save() };
  const str = typeof draft === 'string' ? draft : draft === null || draft === undefined ? '' : String(draft);

  let input: ReactNode;
  switch (kind) {
    case 'textarea':
      input = <Textarea {...common} {...blurSave} autosize minRows={3} value={str} onChange={(e) => setDraft(e.currentTarget.value)} description="Ctrl+Enter or leave the field to save, Esc to cancel" />;
      break;
    case 'number':
      input = <NumberInput {...common} {...blurSave} value={typeof draft === 'number' ? draft : ''} onChange={(v) => setDraft(typeof v === 'number' ? v : null)} />;
      break;
    case 'select':
      input = (
        <Select
          {...common}
          data={options ?? []}
          value={typeof draft === 'string' ? draft : null}
          clearable={clearable}
          searchable
          defaultDropdownOpened
          comboboxProps={{ withinPortal: true }}
          onChange={(v) => {
            setDraft(v);
            void save(v);
          }}
          onBlur={cancel}
        />
      );
      break;
    case 'boolean':
      input = <Checkbox label={label} checked={draft === true} autoFocus disabled={saving} onChange={(e) => void save(e.currentTarget.checked)} onBlur={cancel} onKeyDown={keys} />;
      break;
    case 'tags':
    case 'multiselect':
      input = (
        <Stack gap={6}>
          {kind === 'tags' ? (
            <TagsInput {...common} data={(options as string[]) ?? []} value={Array.isArray(draft) ? (draft as string[]) : []} onChange={setDraft} comboboxProps={{ withinPortal: true }} description="Type and press Enter to add; Esc cancels" />
          ) : (
            <MultiSelect {...common} data={options ?? []} value={Array.isArray(draft) ? (draft as string[]) : []} onChange={setDraft} comboboxProps={{ withinPortal: true }} />
          )}
          <Group gap="xs">
            <Button size="compact-sm" onClick={() => void save()} loading={saving}>
              Save
            </Button>
            <Button size="compact-sm" variant="default" onClick={cancel}>
              Cancel
            </Button>
          </Group>
        </Stack>
      );
      break;
    default:
      input = <TextInput {...common} {...blurSave} type={kind === 'date' ? 'date' : kind === 'email' ? 'email' : kind === 'url' ? 'url' : 'text'} value={str} onChange={(e) => setDraft(e.currentTarget.value)} />;
  }
  return <div className={classes.editing}>{input}</div>;
}
