import { ActionIcon, Button, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { FilterOp } from '../../api/clientTypes';
import { defaultValue, emptyGroup, isGroup, needsValue, newId, opLabel, opsFor, type FieldDef, type Rule, type RuleGroup } from './filterModel';

type Option = { value: string; label: string };
type Props = {
  value: RuleGroup;
  onChange: (next: RuleGroup) => void;
  fields: FieldDef[];
  tagOptions: Option[];
  ownerOptions: Option[];
};

/** Writes the filter language: field → operator → value, in and/or groups (one level deep). */
export function FilterBuilder({ value, onChange, fields, tagOptions, ownerOptions }: Props) {
  return <GroupEditor group={value} onChange={onChange} fields={fields} tagOptions={tagOptions} ownerOptions={ownerOptions} depth={0} />;
}

function GroupEditor({ group, onChange, onRemove, fields, tagOptions, ownerOptions, depth }: Omit<Props, 'value'> & { group: RuleGroup; onRemove?: () => void; depth: number }) {
  const fieldIndex = new Map(fields.map((f) => [f.key, f]));
  const setItem = (i: number, item: Rule | RuleGroup) => onChange({ ...group, items: group.items.map((x, j) => (j === i ? item : x)) });
  const removeItem = (i: number) => onChange({ ...group, items: group.items.filter((_, j) => j !== i) });
  const addRule = () => {
    const first = fields[0]!;
    const op = opsFor(first.kind)[0]!;
    onChange({ ...group, items: [...group.items, { id: newId(), field: first.key, op, value: defaultValue(first.kind, op) }] });
  };
  const addGroup = () => onChange({ ...group, items: [...group.items, emptyGroup(group.conj === 'and' ? 'or' : 'and')] });

  const body = (
    <Stack gap="xs">
      <Group gap="xs" justify="space-between">
        <Group gap="xs">
          <Text size="sm">Match</Text>
          <SegmentedControl
            size="xs"
            aria-label={depth === 0 ? 'Match all or any of the rules' : 'Match all or any of the rules in this group'}
            value={group.conj}
            onChange={(v) => onChange({ ...group, conj: v as 'and' | 'or' })}
            data={[
              { value: 'and', label: 'all' },
              { value: 'or', label: 'any' },
            ]}
          />
          <Text size="sm">of these</Text>
        </Group>
        {onRemove && (
          <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label="Remove group">
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Group>
      {group.items.map((item, i) =>
        isGroup(item) ? (
          <GroupEditor
            key={item.id}
            group={item}
            onChange={(g) => setItem(i, g)}
            onRemove={() => removeItem(i)}
            fields={fields}
            tagOptions={tagOptions}
            ownerOptions={ownerOptions}
            depth={depth + 1}
          />
        ) : (
          <RuleEditor
            key={item.id}
            rule={item}
            index={i}
            field={fieldIndex.get(item.field)}
            fields={fields}
            onChange={(r) => setItem(i, r)}
            onRemove={() => removeItem(i)}
            tagOptions={tagOptions}
            ownerOptions={ownerOptions}
          />
        ),
      )}
      <Group gap="xs">
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={addRule}>
          Add rule
        </Button>
        {depth === 0 && (
          <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={addGroup}>
            Add group
          </Button>
        )}
      </Group>
    </Stack>
  );
  return depth === 0 ? body : (
    <Paper withBorder p="xs" bg="var(--mantine-color-default-hover)">
      {body}
    </Paper>
  );
}

type RuleProps = {
  rule: Rule;
  index: number;
  field: FieldDef | undefined;
  fields: FieldDef[];
  onChange: (r: Rule) => void;
  onRemove: () => void;
  tagOptions: Option[];
  ownerOptions: Option[];
};

function RuleEditor({ rule, index, field, fields, onChange, onRemove, tagOptions, ownerOptions }: RuleProps) {
  const kind = field?.kind ?? 'text';
  const ops = opsFor(kind);
  const n = index + 1;
  const fieldData = groupedFields(fields);

  const setField = (key: string | null) => {
    const f = fields.find((x) => x.key === key);
    if (!f) return;
    // A field of another kind starts over with that kind's usual condition.
    const op = f.kind === kind && opsFor(f.kind).includes(rule.op) ? rule.op : opsFor(f.kind)[0]!;
    onChange({ ...rule, field: f.key, op, value: f.kind === kind ? rule.value : defaultValue(f.kind, op) });
  };
  const setOp = (op: string | null) => {
    if (!op) return;
    const next = op as FilterOp;
    const shapeChanged = (next === 'between') !== (rule.op === 'between') || (next === 'in') !== (rule.op === 'in');
    onChange({ ...rule, op: next, value: shapeChanged ? defaultValue(kind, next) : rule.value });
  };

  return (
    <Group gap="xs" align="flex-start" wrap="wrap">
      <Select
        aria-label={`Rule ${n} field`}
        data={fieldData}
        value={rule.field}
        onChange={setField}
        searchable
        allowDeselect={false}
        w={{ base: '100%', xs: 180 }}
        size="xs"
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        aria-label={`Rule ${n} condition`}
        data={ops.map((op) => ({ value: op, label: opLabel(kind, op) }))}
        value={rule.op}
        onChange={setOp}
        allowDeselect={false}
        w={{ base: 'calc(100% - 40px)', xs: 140 }}
        size="xs"
        comboboxProps={{ withinPortal: true }}
      />
      {needsValue(rule.op) && (
        <div style={{ flex: '1 1 180px', minWidth: 0 }}>
          <ValueInput rule={rule} field={field} n={n} onChange={(value) => onChange({ ...rule, value })} tagOptions={tagOptions} ownerOptions={ownerOptions} />
        </div>
      )}
      <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={`Remove rule ${n}`} mt={2}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

function groupedFields(fields: FieldDef[]) {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const f of fields) {
    const list = groups.get(f.group) ?? [];
    list.push({ value: f.key, label: f.label });
    groups.set(f.group, list);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

function ValueInput({ rule, field, n, onChange, tagOptions, ownerOptions }: { rule: Rule; field: FieldDef | undefined; n: number; onChange: (v: unknown) => void; tagOptions: Option[]; ownerOptions: Option[] }) {
  const kind = field?.kind ?? 'text';
  const label = `Rule ${n} value`;
  const common = { size: 'xs' as const, 'aria-label': label };

  if (rule.op === 'between') {
    const [a, b] = (Array.isArray(rule.value) ? rule.value : ['', '']) as unknown[];
    const one = (v: unknown, which: 'from' | 'to') => {
      const next = which === 'from' ? [v, b] : [a, v];
      onChange(next);
    };
    return (
      <Group gap={4} wrap="nowrap">
        <Single kind={kind} value={a} onChange={(v) => one(v, 'from')} label={`${label} from`} />
        <Text size="xs">and</Text>
        <Single kind={kind} value={b} onChange={(v) => one(v, 'to')} label={`${label} to`} />
      </Group>
    );
  }

  const options = kind === 'tags' ? tagOptions : kind === 'owner' ? ownerOptions : (field?.options ?? []);
  if (kind === 'tags' || kind === 'owner' || kind === 'enum' || kind === 'multi') {
    if (rule.op === 'in') {
      return (
        <MultiSelect
          {...common}
          data={options}
          value={Array.isArray(rule.value) ? (rule.value as string[]) : []}
          onChange={onChange}
          searchable
          placeholder="Choose…"
          comboboxProps={{ withinPortal: true }}
        />
      );
    }
    return <Select {...common} data={options} value={typeof rule.value === 'string' ? rule.value : null} onChange={(v) => onChange(v ?? '')} searchable placeholder="Choose…" comboboxProps={{ withinPortal: true }} />;
  }
  if (kind === 'boolean') {
    return (
      <Select
        {...common}
        data={[
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ]}
        value={rule.value === false ? 'false' : 'true'}
        onChange={(v) => onChange(v !== 'false')}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
    );
  }
  return <Single kind={kind} value={rule.value} onChange={onChange} label={label} />;
}

function Single({ kind, value, onChange, label }: { kind: string; value: unknown; onChange: (v: unknown) => void; label: string }) {
  if (kind === 'number') {
    return <NumberInput size="xs" aria-label={label} value={typeof value === 'number' ? value : ''} onChange={(v) => onChange(typeof v === 'number' ? v : '')} style={{ flex: 1, minWidth: 70 }} />;
  }
  if (kind === 'date' || kind === 'time') {
    return <TextInput size="xs" type="date" aria-label={label} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} style={{ flex: 1, minWidth: 120 }} />;
  }
  return <TextInput size="xs" aria-label={label} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} placeholder="Value" style={{ flex: 1 }} />;
}
