import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { FactorExplanation } from '../../../domain/healthExplanation';

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
/** A raw value with its unit; a scale unit ("0–10") reads as "2 of 0–10". */
const num = (n: number | null, unit = '') => (n === null ? '—' : !unit ? fmt(n) : /^\d/.test(unit) ? `${fmt(n)} (of ${unit})` : `${fmt(n)} ${unit}`);

function StatusBadge({ f }: { f: FactorExplanation }) {
  if (f.status === 'no_data') {
    return (
      <Badge size="xs" variant="light" color="gray">
        left out — no data
      </Badge>
    );
  }
  return f.status === 'off' ? (
    <Badge size="xs" variant="outline" color="gray">
      off
    </Badge>
  ) : null;
}

/** On a phone: one block per factor instead of a table wider than the screen. */
function FactorList({ factors }: { factors: FactorExplanation[] }) {
  return (
    <Stack gap="sm" component="ul" m={0} p={0} aria-label="Health factors" style={{ listStyle: 'none' }}>
      {factors.map((f) => (
        <li key={f.key} style={f.status === 'scored' ? undefined : { opacity: 0.75 }}>
          <Group gap={6}>
            <Text size="sm" fw={500}>
              {f.label}
            </Text>
            <StatusBadge f={f} />
          </Group>
          <Text size="xs" c="dimmed">
            {f.note}
          </Text>
          {f.status === 'scored' && (
            <Text size="xs">
              Score {num(f.score)} · weight {f.weight} ({Math.round(f.share * 100)}%) · <b>{num(f.contribution)} points</b>
            </Text>
          )}
        </li>
      ))}
    </Stack>
  );
}

/** Each factor: raw value, score, weight, share after renormalisation, points added; left-out factors say why. */
export function FactorTable({ factors }: { factors: FactorExplanation[] }) {
  const phone = useMediaQuery('(max-width: 36em)');
  if (phone) return <FactorList factors={factors} />;
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
                  {f.label} <StatusBadge f={f} />
                </Text>
                <Text size="xs" c="dimmed">
                  {f.note}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{num(f.value, f.unit)}</Text>
                {f.measures.length > 1 && f.status !== 'no_data' && (
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
