import { Group, Select, TextInput } from '@mantine/core';
import { getCountries, getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import { normalizePhone } from '../../../domain/phone';

const regionNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;

/** Every country libphonenumber knows, code first so the closed box stays short: "GB +44 · United Kingdom". */
export const countryOptions = getCountries()
  .map((code) => ({ code, name: regionNames?.of(code) ?? code }))
  .sort((a, b) => a.name.localeCompare(b.name))
  .map(({ code, name }) => ({ value: code, label: `${code} +${getCountryCallingCode(code)} · ${name}` }));

/** Countries for addresses and settings: names only. */
export const countryNameOptions = getCountries()
  .map((code) => ({ value: code, label: regionNames?.of(code) ?? code }))
  .sort((a, b) => a.label.localeCompare(b.label));

export const countryName = (code: string | null | undefined) => (code ? (regionNames?.of(code.toUpperCase()) ?? code) : '');

type Props = {
  label: string;
  value: string;
  country: string;
  onChange: (value: string) => void;
  onCountryChange: (country: string) => void;
  error?: string | null;
  required?: boolean;
  autoFocus?: boolean;
  size?: 'xs' | 'sm';
};

/**
 * A phone number with its country: a number typed without +code is read in the chosen country
 * (the workspace's default country to begin with).
 */
export function PhoneField({ label, value, country, onChange, onCountryChange, error, required, autoFocus, size = 'sm' }: Props) {
  return (
    <Group gap={6} align="flex-start" wrap="nowrap">
      <Select
        aria-label={`${label} country`}
        label={<span aria-hidden>&nbsp;</span>}
        data={countryOptions}
        value={country}
        onChange={(v) => v && onCountryChange(v)}
        searchable
        allowDeselect={false}
        w={128}
        size={size}
        comboboxProps={{ withinPortal: true, width: 280 }}
        styles={{ input: { textOverflow: 'ellipsis' } }}
      />
      <TextInput
        label={label}
        type="tel"
        inputMode="tel"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        required={required}
        data-autofocus={autoFocus || undefined}
        placeholder={`e.g. +${getCountryCallingCode(country as CountryCode)} …`}
        style={{ flex: 1, minWidth: 0 }}
        size={size}
      />
    </Group>
  );
}

/** The E.164 form of a typed number, or the message to show beside the field. */
export function phoneToE164(value: string, country: string): { ok: true; e164: string | null } | { ok: false; message: string } {
  if (!value.trim()) return { ok: true, e164: null };
  const r = normalizePhone(value, country);
  return r.ok ? { ok: true, e164: r.e164 } : { ok: false, message: `Phone ${r.message}` };
}
