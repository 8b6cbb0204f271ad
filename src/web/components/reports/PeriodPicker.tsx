import { Group, SegmentedControl, TextInput } from '@mantine/core';
import type { ReportPeriod } from '../../api/reports';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const monthsBack = (n: number) => {
  const now = new Date();
  return iso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1)));
};
export const presets = { '3m': 2, '12m': 11, '24m': 23 } as const;
export const presetPeriod = (preset: keyof typeof presets, interval: ReportPeriod['interval'] = 'month'): ReportPeriod => ({ from: monthsBack(presets[preset]), to: iso(new Date()), interval });

/** Last 3 / 12 / 24 months or any dates, by month or by week. */
export function PeriodPicker({ value, onChange }: { value: ReportPeriod; onChange: (p: ReportPeriod) => void }) {
  const preset = (Object.keys(presets) as (keyof typeof presets)[]).find((k) => presetPeriod(k).from === value.from && value.to === iso(new Date())) ?? 'custom';
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <SegmentedControl
        aria-label="Period"
        value={preset}
        onChange={(v) => v !== 'custom' && onChange(presetPeriod(v as keyof typeof presets, value.interval))}
        data={[{ value: '3m', label: '3 months' }, { value: '12m', label: '12 months' }, { value: '24m', label: '2 years' }, { value: 'custom', label: 'Custom', disabled: true }]}
      />
      <TextInput type="date" label="From" value={value.from} max={value.to} onChange={(e) => e.currentTarget.value && onChange({ ...value, from: e.currentTarget.value })} w={160} />
      <TextInput type="date" label="To" value={value.to} min={value.from} onChange={(e) => e.currentTarget.value && onChange({ ...value, to: e.currentTarget.value })} w={160} />
      <SegmentedControl
        aria-label="Group by"
        value={value.interval}
        onChange={(v) => onChange({ ...value, interval: v as ReportPeriod['interval'] })}
        data={[{ value: 'month', label: 'By month' }, { value: 'week', label: 'By week' }]}
      />
    </Group>
  );
}
