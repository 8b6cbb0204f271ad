import { Checkbox, Grid, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { importDateFormats, type ImportDateFormat } from '../../../domain/import';
import { clientStatuses, clientTypes, lifecycleStages } from '../../api/clientTypes';
import type { ImportTransform } from '../../api/imports';
import { statusLabels } from '../../components/clients/ClientBits';

export const IGNORE = '__ignore';
const NEW_FIELD = '__new_field';

export type FieldOption = { value: string; label: string };
export type FieldGroup = { group: string; items: FieldOption[] };

/** Targets whose cells must be one of a few words: other words are mapped to them per value. */
const choiceTargets: Record<string, { value: string; label: string }[]> = {
  status: clientStatuses.map((s) => ({ value: s, label: statusLabels[s] })),
  lifecycleStage: lifecycleStages.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })),
  type: clientTypes.map((s) => ({ value: s, label: s === 'individual' ? 'Individual' : 'Business' })),
};

/** Non-empty trimmed values, once each ignoring case, in the order first seen. */
function distinct(values: string[]): string[] {
  const seen = new Map<string, string>();
  for (const v of values) {
    const t = v.trim();
    if (t && !seen.has(t.toLowerCase())) seen.set(t.toLowerCase(), t);
  }
  return [...seen.values()];
}

const mappedValue = (map: Record<string, string> | undefined, value: string) =>
  Object.entries(map ?? {}).find(([k]) => k.toLowerCase() === value.toLowerCase())?.[1] ?? null;

type Props = {
  header: string;
  samples: string[];
  target: string | null;
  transform: ImportTransform | undefined;
  fieldGroups: FieldGroup[];
  isDate: boolean;
  error: string | null;
  /** Offered to admins: make a custom field for this column. */
  onNewField?: () => void;
  onTarget: (target: string | null) => void;
  onTransform: (t: ImportTransform) => void;
};

/**
 * One column of the file: a few of its values, the field it goes to (or ignored), and the
 * transforms that field can use — trim, split a full name, a date layout, a value map.
 */
export function ColumnRow({ header, samples, target, transform, fieldGroups, isDate, error, onNewField, onTarget, onTransform }: Props) {
  const t: ImportTransform = transform ?? { trim: true };
  const set = (patch: Partial<ImportTransform>) => onTransform({ ...t, ...patch });
  const choices = target ? choiceTargets[target] : undefined;
  const known = new Set(choices?.map((c) => c.value));
  // The distinct sample values that are not already one of the allowed words need a mapping.
  // The value map ignores case, so "Customer" and "customer" are one value.
  const toMap = choices ? distinct(samples.filter((s) => !known.has(s.trim().toLowerCase()))).slice(0, 8) : [];
  const shown = distinct(samples).slice(0, 3);

  return (
    <Paper withBorder p="sm" radius="md" component="li" aria-label={`Column ${header}`}>
      <Grid gap="sm" align="flex-start">
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {header}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
            {shown.length ? `e.g. ${shown.join(' · ')}` : 'Empty in the first rows'}
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <Select
            aria-label={`Field for ${header}`}
            data={[
              { group: 'Skip', items: [{ value: IGNORE, label: 'Ignore this column' }] },
              ...fieldGroups,
              ...(onNewField ? [{ group: 'New', items: [{ value: NEW_FIELD, label: 'New custom field…' }] }] : []),
            ]}
            value={target ?? IGNORE}
            onChange={(v) => (v === NEW_FIELD ? onNewField?.() : onTarget(!v || v === IGNORE ? null : v))}
            searchable
            allowDeselect={false}
            error={error}
            comboboxProps={{ withinPortal: true }}
            maxDropdownHeight={320}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          {target ? (
            <Stack gap={6}>
              <Checkbox size="xs" label="Trim spaces" checked={t.trim !== false} onChange={(e) => set({ trim: e.currentTarget.checked })} />
              {target === 'fullName' && (
                <Text size="xs" c="dimmed">
                  Split into first and last name (“Last, First” or “First Middle Last”).
                </Text>
              )}
              {(target === 'firstName' || target === 'lastName') && (
                <Checkbox
                  size="xs"
                  label="Cells hold full names: split them"
                  checked={!!t.splitName}
                  onChange={(e) => set({ splitName: e.currentTarget.checked || undefined })}
                />
              )}
              {isDate && (
                <Select
                  size="xs"
                  label="Dates written as"
                  aria-label={`Date format of ${header}`}
                  placeholder="YYYY-MM-DD (ISO)"
                  data={importDateFormats.map((f) => ({ value: f, label: f }))}
                  value={t.dateFormat ?? null}
                  onChange={(v) => set({ dateFormat: (v as ImportDateFormat | null) ?? undefined })}
                  clearable
                  comboboxProps={{ withinPortal: true }}
                />
              )}
              {choices && toMap.length > 0 && (
                <Stack gap={4}>
                  <Text size="xs" c="dimmed">
                    Values to translate:
                  </Text>
                  {toMap.map((value) => (
                    <Group key={value} gap={6} wrap="nowrap">
                      <Text size="xs" style={{ flex: '0 1 40%', overflowWrap: 'anywhere' }}>
                        “{value}” →
                      </Text>
                      <Select
                        size="xs"
                        aria-label={`${header}: store “${value}” as`}
                        placeholder="Leave as is"
                        data={choices}
                        value={mappedValue(t.valueMap, value)}
                        onChange={(v) => {
                          // Keys match cells ignoring case (a preset's "customer" covers "Customer"): one key per value.
                          const next = Object.fromEntries(Object.entries(t.valueMap ?? {}).filter(([k]) => k.toLowerCase() !== value.toLowerCase()));
                          if (v) next[value] = v;
                          set({ valueMap: Object.keys(next).length ? next : undefined });
                        }}
                        clearable
                        comboboxProps={{ withinPortal: true }}
                        style={{ flex: 1 }}
                      />
                    </Group>
                  ))}
                </Stack>
              )}
            </Stack>
          ) : (
            <Text size="xs" c="dimmed">
              Not imported.
            </Text>
          )}
        </Grid.Col>
      </Grid>
    </Paper>
  );
}
