import { Group, NumberInput, SimpleGrid, Slider, Stack, Text } from '@mantine/core';
import { healthFactorKeys, type HealthFactorKey } from '../../../../domain/healthFactors';
import type { HealthWeights } from '../../../../domain/healthSettings';
import type { Errors } from './fieldErrors';

/** One slider and number per factor, with each factor's share of the total. */
export function WeightsEditor({ weights, labels, errors, disabled, onChange, idPrefix = 'w' }: {
  weights: HealthWeights;
  labels: Record<string, { label: string }>;
  errors: Errors;
  disabled: boolean;
  onChange: (w: HealthWeights) => void;
  idPrefix?: string;
}) {
  const total = healthFactorKeys.reduce((a, k) => a + (weights[k] || 0), 0);
  const set = (k: HealthFactorKey, v: number | string) => onChange({ ...weights, [k]: typeof v === 'number' ? v : v === '' ? 0 : Number(v) });
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="xs">
        {healthFactorKeys.map((k) => {
          const label = labels[k]?.label ?? k;
          const id = `${idPrefix}-${k}`;
          return (
            <div key={k}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text component="label" htmlFor={id} size="sm" fw={500}>
                  {label}
                </Text>
                <Text size="xs" c="dimmed">
                  {total > 0 ? `${Math.round(((weights[k] || 0) / total) * 100)}%` : '—'}
                </Text>
              </Group>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Slider style={{ flex: 1 }} mt={10} min={0} max={100} step={1} value={weights[k]} onChange={(v) => set(k, v)} disabled={disabled} label={null} thumbLabel={`${label} weight`} />
                <NumberInput id={id} w={76} size="xs" min={0} max={100} value={weights[k]} onChange={(v) => set(k, v)} disabled={disabled} error={errors[k]} aria-label={`${label} weight`} />
              </Group>
            </div>
          );
        })}
      </SimpleGrid>
      {errors[''] && (
        <Text size="sm" c="red" role="alert">
          Weights: {errors['']}
        </Text>
      )}
    </Stack>
  );
}
