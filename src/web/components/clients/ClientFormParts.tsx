import { ActionIcon, Button, Checkbox, Group, MultiSelect, NumberInput, Paper, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { isApiError } from '../../api/api';
import { addressKinds, emailLabels, phoneLabels, type Address, type CustomField } from '../../api/clientTypes';
import { showApiError } from '../formErrors';
import { countryNameOptions, PhoneField } from './PhoneField';

export type EmailRow = { value: string; label: (typeof emailLabels)[number]; primary: boolean };
/** A phone as typed, with the country it is read in when it has no +code. */
export type PhoneRow = { value: string; label: (typeof phoneLabels)[number]; primary: boolean; country: string };
export type AddressRow = { kind: Address['kind']; line1: string; line2: string; city: string; region: string; postalCode: string; country: string };

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const labelOptions = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: cap(x) }));
export const addressKindLabels: Record<Address['kind'], string> = { primary: 'Primary', mailing: 'Mailing', billing: 'Billing', service: 'Service area' };

type ListProps<T> = { rows: T[]; onChange: (rows: T[]) => void; errors?: Record<string, unknown> };
const errorAt = (errors: Record<string, unknown> | undefined, path: string) => (errors?.[path] as string | undefined) ?? null;

/** Several e-mail addresses, each with a label; exactly one is primary. */
export function EmailsEditor({ rows, onChange, errors, prefix = 'emails' }: ListProps<EmailRow> & { prefix?: string }) {
  const set = (i: number, patch: Partial<EmailRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : patch.primary ? { ...r, primary: false } : r)));
  const remove = (i: number) => {
    const next = rows.filter((_, j) => j !== i);
    if (rows[i]?.primary && next[0]) next[0] = { ...next[0], primary: true };
    onChange(next);
  };
  return (
    <Stack gap="xs">
      <Radio.Group value={String(rows.findIndex((r) => r.primary))} onChange={(v) => set(Number(v), { primary: true })} aria-label="Primary e-mail">
        <Stack gap="xs">
          {rows.map((r, i) => (
            <Group key={i} gap="xs" align="flex-start" wrap="wrap">
              <TextInput label={`Email ${i + 1}`} type="email" value={r.value} onChange={(e) => set(i, { value: e.currentTarget.value })} error={errorAt(errors, `${prefix}.${i}.value`)} style={{ flex: '1 1 220px' }} />
              <Select label={`Email ${i + 1} label`} data={labelOptions(emailLabels)} value={r.label} onChange={(v) => v && set(i, { label: v as EmailRow['label'] })} allowDeselect={false} w={110} comboboxProps={{ withinPortal: true }} />
              <Radio value={String(i)} label="Primary" mt={32} aria-label={`Email ${i + 1} is primary`} />
              <ActionIcon variant="subtle" color="gray" mt={28} onClick={() => remove(i)} aria-label={`Remove email ${i + 1}`}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      </Radio.Group>
      <Button size="xs" variant="light" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => onChange([...rows, { value: '', label: rows.length ? 'other' : 'work', primary: rows.length === 0 }])}>
        Add e-mail
      </Button>
    </Stack>
  );
}

/** Several phones, each with a label and a country; exactly one is primary. */
export function PhonesEditor({ rows, onChange, errors, defaultCountry, prefix = 'phones' }: ListProps<PhoneRow> & { defaultCountry: string; prefix?: string }) {
  const set = (i: number, patch: Partial<PhoneRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : patch.primary ? { ...r, primary: false } : r)));
  const remove = (i: number) => {
    const next = rows.filter((_, j) => j !== i);
    if (rows[i]?.primary && next[0]) next[0] = { ...next[0], primary: true };
    onChange(next);
  };
  return (
    <Stack gap="xs">
      <Radio.Group value={String(rows.findIndex((r) => r.primary))} onChange={(v) => set(Number(v), { primary: true })} aria-label="Primary phone">
        <Stack gap="xs">
          {rows.map((r, i) => (
            <Group key={i} gap="xs" align="flex-start" wrap="wrap">
              <div style={{ flex: '1 1 280px', minWidth: 0 }}>
                <PhoneField
                  label={`Phone ${i + 1}`}
                  value={r.value}
                  country={r.country}
                  onChange={(value) => set(i, { value })}
                  onCountryChange={(country) => set(i, { country })}
                  error={errorAt(errors, `${prefix}.${i}.value`)}
                />
              </div>
              <Select label={`Phone ${i + 1} label`} data={labelOptions(phoneLabels)} value={r.label} onChange={(v) => v && set(i, { label: v as PhoneRow['label'] })} allowDeselect={false} w={110} comboboxProps={{ withinPortal: true }} />
              <Radio value={String(i)} label="Primary" mt={32} aria-label={`Phone ${i + 1} is primary`} />
              <ActionIcon variant="subtle" color="gray" mt={28} onClick={() => remove(i)} aria-label={`Remove phone ${i + 1}`}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      </Radio.Group>
      <Button
        size="xs"
        variant="light"
        w="fit-content"
        leftSection={<IconPlus size={14} />}
        onClick={() => onChange([...rows, { value: '', label: rows.length ? 'work' : 'mobile', primary: rows.length === 0, country: defaultCountry }])}
      >
        Add phone
      </Button>
    </Stack>
  );
}

export function AddressesEditor({ rows, onChange, errors, defaultCountry, prefix = 'addresses' }: ListProps<AddressRow> & { defaultCountry: string; prefix?: string }) {
  const set = (i: number, patch: Partial<AddressRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const used = new Set(rows.map((r) => r.kind));
  const nextKind = addressKinds.find((k) => !used.has(k)) ?? 'service';
  return (
    <Stack gap="sm">
      {rows.map((r, i) => {
        const n = `${addressKindLabels[r.kind]} address`;
        const field = (name: keyof AddressRow) => ({ error: errorAt(errors, `${prefix}.${i}.${name}`) });
        return (
          <Paper key={i} withBorder p="sm">
            <Group justify="space-between" mb="xs">
              <Select
                aria-label={`Address ${i + 1} kind`}
                data={addressKinds.map((k) => ({ value: k, label: addressKindLabels[k] }))}
                value={r.kind}
                onChange={(v) => v && set(i, { kind: v as AddressRow['kind'] })}
                allowDeselect={false}
                w={170}
                size="xs"
                comboboxProps={{ withinPortal: true }}
              />
              <ActionIcon variant="subtle" color="gray" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove ${n}`}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <TextInput label="Street and number" aria-label={`${n}: street and number`} value={r.line1} onChange={(e) => set(i, { line1: e.currentTarget.value })} {...field('line1')} />
              <TextInput label="Apartment, suite…" aria-label={`${n}: apartment, suite`} value={r.line2} onChange={(e) => set(i, { line2: e.currentTarget.value })} {...field('line2')} />
              <TextInput label="City" aria-label={`${n}: city`} value={r.city} onChange={(e) => set(i, { city: e.currentTarget.value })} {...field('city')} />
              <TextInput label="State or region" aria-label={`${n}: state or region`} value={r.region} onChange={(e) => set(i, { region: e.currentTarget.value })} {...field('region')} />
              <TextInput label="Postal code" aria-label={`${n}: postal code`} value={r.postalCode} onChange={(e) => set(i, { postalCode: e.currentTarget.value })} {...field('postalCode')} />
              <Select
                label="Country"
                aria-label={`${n}: country`}
                data={countryNameOptions}
                value={r.country || null}
                onChange={(v) => set(i, { country: v ?? '' })}
                searchable
                clearable
                comboboxProps={{ withinPortal: true }}
                {...field('country')}
              />
            </SimpleGrid>
          </Paper>
        );
      })}
      <Button
        size="xs"
        variant="light"
        w="fit-content"
        leftSection={<IconPlus size={14} />}
        onClick={() => onChange([...rows, { kind: rows.length ? nextKind : 'primary', line1: '', line2: '', city: '', region: '', postalCode: '', country: defaultCountry }])}
      >
        Add address
      </Button>
    </Stack>
  );
}

/** One custom field's input, by its definition's type. */
export function CustomFieldInput({ field, value, onChange, error, size = 'sm', autoFocus }: { field: CustomField; value: unknown; onChange: (v: unknown) => void; error?: string | null; size?: 'xs' | 'sm'; autoFocus?: boolean }) {
  const common = { label: field.label, required: field.required, error, size, autoFocus };
  switch (field.type) {
    case 'number':
      return <NumberInput {...common} value={typeof value === 'number' ? value : ''} onChange={(v) => onChange(typeof v === 'number' ? v : null)} />;
    case 'date':
      return <TextInput {...common} type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
    case 'boolean':
      return <Checkbox label={field.label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} error={error} mt="xs" autoFocus={autoFocus} />;
    case 'select':
      return <Select {...common} data={field.options ?? []} value={typeof value === 'string' ? value : null} onChange={(v) => onChange(v)} clearable comboboxProps={{ withinPortal: true }} />;
    case 'multiselect':
      return <MultiSelect {...common} data={field.options ?? []} value={Array.isArray(value) ? (value as string[]) : []} onChange={onChange} clearable comboboxProps={{ withinPortal: true }} />;
    case 'url':
      return <TextInput {...common} type="url" placeholder="https://…" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
    default:
      return <TextInput {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
  }
}

export function SectionTitle({ children, hint }: { children: string; hint?: string }) {
  return (
    <Stack gap={0} mb="sm">
      <Text fw={700} size="lg" component="h2" m={0}>
        {children}
      </Text>
      {hint && (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}

/** Turns typed rows into the API's shape: empty rows dropped, phones in E.164, one primary. */
export function emailsOut(rows: EmailRow[]) {
  const kept = rows.filter((r) => r.value.trim());
  if (kept.length && !kept.some((r) => r.primary)) kept[0] = { ...kept[0]!, primary: true };
  return kept.map((r) => ({ value: r.value.trim(), label: r.label, primary: r.primary }));
}

export const addressesOut = (rows: AddressRow[]) =>
  rows
    .filter((r) => r.line1.trim() || r.city.trim() || r.postalCode.trim() || r.region.trim() || r.line2.trim())
    .map((r) => ({ kind: r.kind, line1: r.line1 || null, line2: r.line2 || null, city: r.city || null, region: r.region || null, postalCode: r.postalCode || null, country: r.country || null }));

export const addressesIn = (addresses: Address[]): AddressRow[] =>
  addresses.map((a) => ({ kind: a.kind, line1: a.line1 ?? '', line2: a.line2 ?? '', city: a.city ?? '', region: a.region ?? '', postalCode: a.postalCode ?? '', country: a.country ?? '' }));

/**
 * Shows each server field error beside its field — nested ones too (`emails.1.value`) —
 * and anything else as a notification.
 */
export function showNestedErrors(error: unknown, setErrors: (errors: Record<string, string>) => void, known: (path: string) => boolean, title: string) {
  if (!isApiError(error) || error.fieldErrors.length === 0) return showApiError(error, undefined, title);
  const errors: Record<string, string> = {};
  const rest: typeof error.fieldErrors = [];
  for (const e of error.fieldErrors) {
    const path = e.path.replace(/\[(\d+)\]/g, '.$1');
    const message = cap(e.message);
    if (known(path)) errors[path] = message;
    else rest.push(e);
  }
  setErrors(errors);
  if (rest.length) notifications.show({ color: 'red', title, message: rest.map((e) => `${e.path} ${e.message}`).join('; ') });
}
