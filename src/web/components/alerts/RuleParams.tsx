import { MultiSelect, NumberInput, Select, TagsInput } from '@mantine/core';
import { responsePriorities } from '../../../domain/activitySettings';
import type { AlertRuleKind } from '../../../domain/alert';
import { minorDigits } from '../../../domain/money';

type Context = { usageDays: number | null; currency: string | null };
type Field = {
  key: string;
  label: string | ((c: Context) => string);
  /** money: minor units stored, shown in the workspace currency's major units. */
  type: 'int' | 'num' | 'money' | 'select' | 'multi' | 'tags' | 'bands';
  options?: readonly string[];
  optional?: boolean;
  description?: string | ((c: Context) => string);
};

/** The params each rule kind takes, as form fields (the server checks them: errors name params.<field>). */
const fields: Record<AlertRuleKind, Field[]> = {
  band_change: [
    { key: 'direction', label: 'Direction', type: 'select', options: ['down', 'up', 'any'] },
    { key: 'toBands', label: 'Only into these bands', type: 'bands', optional: true, description: 'Empty: any band' },
  ],
  score_drop: [
    { key: 'points', label: 'Drop of at least (points)', type: 'int' },
    { key: 'days', label: 'Within (days)', type: 'int' },
  ],
  communication_gap: [{ key: 'factor', label: 'Gap of at least (× expected cadence)', type: 'num' }],
  // The usage change the health score measures: over the usage window of Health settings, not a window of its own.
  usage_drop: [
    {
      key: 'percent',
      label: 'Drop of at least (%)',
      type: 'int',
      description: ({ usageDays }) => `Over the usage window of Health settings${usageDays ? ` (${usageDays} days, against the ${usageDays} days before)` : ''}`,
    },
  ],
  renewal_upcoming: [{ key: 'days', label: 'Renewal within (days)', type: 'int' }],
  payment_overdue: [
    { key: 'days', label: 'Overdue for (days)', type: 'int' },
    { key: 'minAmount', label: ({ currency }) => `Only when at least (${currency ?? 'amount'})`, type: 'money', optional: true, description: 'Unpaid total of the overdue invoices; empty: any amount' },
  ],
  response_breach: [{ key: 'priorities', label: 'Priorities', type: 'multi', options: responsePriorities }],
  satisfaction_drop: [
    { key: 'npsAtMost', label: 'NPS at most (0–10)', type: 'int', optional: true },
    { key: 'csatAtMost', label: 'CSAT at most (1–5)', type: 'int', optional: true },
  ],
  document_expiring: [{ key: 'days', label: 'Expiring within (days)', type: 'int' }],
  red_flag_keywords: [{ key: 'keywords', label: 'Words in inbound messages', type: 'tags', description: 'Enter after each word' }],
};

export function RuleParams({ kind, params, errors, bands, usageDays = null, currency = null, disabled, onChange }: {
  kind: AlertRuleKind;
  usageDays?: number | null;
  currency?: string | null;
  params: Record<string, unknown>;
  errors: Record<string, string>;
  bands: { value: string; label: string }[];
  disabled: boolean;
  onChange: (p: Record<string, unknown>) => void;
}) {
  const set = (key: string, value: unknown) => {
    const next = { ...params };
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0 && fields[kind].find((f) => f.key === key)?.optional)) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  return (
    <>
      {fields[kind].map((f) => {
        const ctx = { usageDays, currency };
        const description = typeof f.description === 'function' ? f.description(ctx) : f.description;
        const label = typeof f.label === 'function' ? f.label(ctx) : f.label;
        const common = { key: f.key, label, description, error: errors[f.key], disabled, size: 'xs' as const };
        const v = params[f.key];
        switch (f.type) {
          case 'int':
          case 'num':
            return <NumberInput {...common} w={200} allowDecimal={f.type === 'num'} value={typeof v === 'number' ? v : ''} onChange={(x) => set(f.key, x === '' ? undefined : Number(x))} />;
          case 'money': {
            const scale = 10 ** minorDigits(currency ?? '');
            return (
              <NumberInput
                {...common}
                w={200}
                min={0}
                decimalScale={Math.log10(scale)}
                thousandSeparator=","
                value={typeof v === 'number' ? v / scale : ''}
                onChange={(x) => set(f.key, x === '' ? undefined : Math.round(Number(x) * scale))}
              />
            );
          }
          case 'select':
            return <Select {...common} w={160} data={f.options!.map((o) => ({ value: o, label: o }))} value={typeof v === 'string' ? v : null} allowDeselect={false} onChange={(x) => set(f.key, x ?? undefined)} />;
          case 'multi':
            return <MultiSelect {...common} w={280} data={f.options!.map((o) => ({ value: o, label: o }))} value={Array.isArray(v) ? (v as string[]) : []} onChange={(x) => set(f.key, x)} />;
          case 'bands':
            return <MultiSelect {...common} w={280} data={bands} value={Array.isArray(v) ? (v as string[]) : []} onChange={(x) => set(f.key, x)} />;
          case 'tags':
            return <TagsInput {...common} style={{ flex: 1, minWidth: 240 }} value={Array.isArray(v) ? (v as string[]) : []} onChange={(x) => set(f.key, x)} />;
        }
      })}
    </>
  );
}
