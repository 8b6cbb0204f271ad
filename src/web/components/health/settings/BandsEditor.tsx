import { ActionIcon, Button, ColorInput, Group, NumberInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { BandPreset, HealthBand } from '../../../../domain/healthSettings';
import type { Errors } from './fieldErrors';

const presetLabels: Record<BandPreset, string> = { standard: 'Healthy / At-Risk / Critical', fourBand: 'Excellent / Good / Fair / At Risk', custom: 'Custom' };
const keyOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+|_+$/g, '').slice(0, 32) || 'band';

/** A preset, or custom bands: name, range, colour and the action recommended for clients in the band. */
export function BandsEditor({ preset, bands, presets, errors, disabled, onChange }: {
  preset: BandPreset;
  bands: HealthBand[];
  presets: Record<string, HealthBand[]>;
  errors: Errors;
  disabled: boolean;
  onChange: (preset: BandPreset, bands: HealthBand[]) => void;
}) {
  const setBand = (i: number, patch: Partial<HealthBand>) => onChange('custom', bands.map((b, j) => (j === i ? { ...b, ...patch, ...(patch.name !== undefined && !presetKeys(presets).has(b.key) ? { key: keyOf(patch.name) } : {}) } : b)));
  const add = () => onChange('custom', [...bands, { key: `band_${bands.length + 1}`, name: `Band ${bands.length + 1}`, min: 0, max: 0, color: '#868e96', action: '', actionDueHours: null }]);
  return (
    <Stack gap="sm">
      <SegmentedControl
        fullWidth
        orientation="horizontal"
        disabled={disabled}
        aria-label="Band preset"
        data={(['standard', 'fourBand', 'custom'] as const).map((p) => ({ value: p, label: presetLabels[p] }))}
        value={preset}
        onChange={(v) => onChange(v as BandPreset, v === 'custom' ? bands : (presets[v] ?? bands))}
        styles={{ label: { whiteSpace: 'normal' } }}
      />
      {bands.map((b, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="wrap" aria-label={`Band ${i + 1}`} role="group">
          <TextInput w={140} label="Name" value={b.name} onChange={(e) => setBand(i, { name: e.currentTarget.value })} disabled={disabled} error={errors[`${i}.name`] ?? errors[`${i}.key`]} />
          <NumberInput w={80} label="From" min={0} max={100} allowDecimal={false} value={b.min} onChange={(v) => setBand(i, { min: Number(v) })} disabled={disabled} error={errors[`${i}.min`]} />
          <NumberInput w={80} label="To" min={0} max={100} allowDecimal={false} value={b.max} onChange={(v) => setBand(i, { max: Number(v) })} disabled={disabled} error={errors[`${i}.max`]} />
          <ColorInput w={130} label="Colour" format="hex" value={b.color} onChange={(v) => setBand(i, { color: v })} disabled={disabled} error={errors[`${i}.color`]} />
          <TextInput style={{ flex: 1, minWidth: 200 }} label="Recommended action" value={b.action} onChange={(e) => setBand(i, { action: e.currentTarget.value })} disabled={disabled} error={errors[`${i}.action`]} />
          {!disabled && bands.length > 2 && (
            <ActionIcon mt={26} variant="subtle" color="red" aria-label={`Remove band ${b.name}`} onClick={() => onChange('custom', bands.filter((_, j) => j !== i))}>
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {errors[''] && (
        <Text size="sm" c="red" role="alert">
          Bands: {errors['']}
        </Text>
      )}
      {!disabled && bands.length < 8 && (
        <Group>
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={add}>
            Add a band
          </Button>
        </Group>
      )}
    </Stack>
  );
}

const presetKeys = (presets: Record<string, HealthBand[]>) => new Set(Object.values(presets).flatMap((bs) => bs.map((b) => b.key)));
