import { Badge, Table, Text } from '@mantine/core';
import type { FactorExplanation } from '../../../domain/healthExplanation';

const num = (n: number | null, unit = '') => (n === null ? '—' : `${Number.isInteger(n) ? n : n.toFixed(1)}${unit ? ` ${unit}` : ''}`);

/** Each factor: raw value, score, weight, share after renormalisation, points added; left-out factors say why. */
export function FactorTable({ factors }: { factors: FactorExplanation[] }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" striped aria-label="Health factors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Factor</Table.Th>
            <Table.Th>Value</Table.Th>
            <Table.Th ta="right">Score</Table.Th>
            <Table.Th ta="right">Weight</Table.Th>
            <Table.Th ta="right">Share</Table.Th>
            <Table.Th ta="right">Points</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {factors.map((f) => (
            <Table.Tr key={f.key} style={f.status === 'scored' ? undefined : { opacity: 0.75 }}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {f.label}{' '}
                  {f.status === 'no_data' && (
                    <Badge size="xs" variant="light" color="gray">
                      left out — no data
                    </Badge>
                  )}
                  {f.status === 'off' && (
                    <Badge size="xs" variant="outline" color="gray">
                      off
                    </Badge>
                  )}
                </Text>
                <Text size="xs" c="dimmed">
                  {f.note}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{num(f.value, f.unit)}</Text>
                {f.measures.length > 1 && (
                  <Text size="xs" c="dimmed">
                    {f.measures.map((m) => `${m.label}: ${num(m.value, m.unit)}`).join(' · ')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{num(f.score)}</Table.Td>
              <Table.Td ta="right">{f.weight}</Table.Td>
              <Table.Td ta="right">{f.status === 'scored' ? `${Math.round(f.share * 100)}%` : '—'}</Table.Td>
              <Table.Td ta="right" fw={600}>
                {f.status === 'scored' ? num(f.contribution) : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
