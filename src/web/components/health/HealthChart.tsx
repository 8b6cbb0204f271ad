import { Text } from '@mantine/core';
import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HealthBand } from '../../../domain/healthSettings';

type Point = { at: string; score: number | null; band: string | null };
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** The daily score over the range, on the workspace's band colours. */
export function HealthChart({ history, bands }: { history: Point[]; bands: readonly HealthBand[] }) {
  const data = history.map((p) => ({ t: Date.parse(p.at), score: p.score, band: p.band }));
  if (!data.some((p) => p.score !== null)) {
    return (
      <Text size="sm" c="dimmed">
        No history yet: a point is kept for every day from the first score on.
      </Text>
    );
  }
  const nameOf = (key: string | null) => bands.find((b) => b.key === key)?.name ?? key ?? 'no band';
  return (
    <div role="img" aria-label={`Health score over ${data.length} days, from ${data.find((p) => p.score !== null)?.score} to ${data[data.length - 1]?.score ?? 'none'}`} style={{ width: '100%', height: 220 }}>
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -24 }}>
          {bands.map((b) => (
            <ReferenceArea key={b.key} y1={b.min} y2={b.max === 100 ? 100 : b.max + 1} fill={b.color} fillOpacity={0.12} stroke="none" ifOverflow="hidden" />
          ))}
          <CartesianGrid strokeDasharray="3 3" vertical={false} strokeOpacity={0.4} />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => day.format(t)} fontSize={11} minTickGap={24} />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} fontSize={11} />
          <Tooltip
            labelFormatter={(t) => full.format(Number(t))}
            formatter={(v, _n, item) => [`${String(v)} (${nameOf((item.payload as { band: string | null }).band)})`, 'Score']}
          />
          <Line type="stepAfter" dataKey="score" stroke="var(--mantine-color-blue-filled)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
