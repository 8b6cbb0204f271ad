import { Accordion, ActionIcon, Button, Group, NumberInput, Stack, Table, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { healthFactorDefs, healthFactorKeys, type HealthMeasureKey } from '../../../../domain/healthFactors';
import type { CurvePoint, HealthCurves } from '../../../../domain/healthSettings';
import type { Errors } from './fieldErrors';

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Each measure's curve as a table of points: a raw value and the score it gets (straight lines between, flat beyond the ends). */
export function CurvesEditor({ curves, measures, errors, disabled, onChange }: {
  curves: HealthCurves;
  measures: Record<string, { label: string; unit: string; help: string }>;
  errors: Errors;
  disabled: boolean;
  onChange: (c: HealthCurves) => void;
}) {
  const setCurve = (m: HealthMeasureKey, pts: CurvePoint[]) => onChange({ ...curves, [m]: pts });
  const keys = healthFactorKeys.flatMap((f) => healthFactorDefs[f].measures);
  return (
    <Accordion variant="separated" multiple>
      {keys.map((m) => {
        const def = measures[m] ?? { label: m, unit: '', help: '' };
        const pts = curves[m];
        const hasError = Object.keys(errors).some((k) => k === m || k.startsWith(`${m}.`));
        return (
          <Accordion.Item key={m} value={m}>
            <Accordion.Control>
              <Text size="sm" fw={500} c={hasError ? 'red' : undefined}>
                {def.label}
              </Text>
              <Text size="xs" c="dimmed">
                {pts.map((p) => `${fmt(p.x)} → ${fmt(p.y)}`).join(' · ')}
              </Text>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="xs">
                <Text size="xs" c="dimmed">
                  {def.help}
                </Text>
                <Table withRowBorders={false} aria-label={`Curve of ${def.label}`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Raw value ({def.unit})</Table.Th>
                      <Table.Th>Score 0–100</Table.Th>
                      <Table.Th w={40} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {pts.map((p, i) => (
                      <Table.Tr key={i}>
                        <Table.Td>
                          <NumberInput size="xs" aria-label={`${def.label} point ${i + 1} value`} value={p.x} disabled={disabled} error={errors[`${m}.${i}.x`]} onChange={(v) => setCurve(m, pts.map((q, j) => (j === i ? { ...q, x: Number(v) } : q)))} />
                        </Table.Td>
                        <Table.Td>
                          <NumberInput size="xs" aria-label={`${def.label} point ${i + 1} score`} min={0} max={100} value={p.y} disabled={disabled} error={errors[`${m}.${i}.y`]} onChange={(v) => setCurve(m, pts.map((q, j) => (j === i ? { ...q, y: Number(v) } : q)))} />
                        </Table.Td>
                        <Table.Td>
                          {!disabled && pts.length > 2 && (
                            <ActionIcon variant="subtle" color="red" aria-label={`Remove point ${i + 1}`} onClick={() => setCurve(m, pts.filter((_, j) => j !== i))}>
                              <IconTrash size={14} />
                            </ActionIcon>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {errors[m] && (
                  <Text size="sm" c="red">
                    {errors[m]}
                  </Text>
                )}
                {!disabled && pts.length < 12 && (
                  <Group>
                    <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCurve(m, [...pts, { x: (pts[pts.length - 1]?.x ?? 0) + 1, y: pts[pts.length - 1]?.y ?? 0 }])}>
                      Add a point
                    </Button>
                  </Group>
                )}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}
