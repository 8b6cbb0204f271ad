import { useMantineTheme } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Report } from '../../api/reports';

const palette = ['indigo', 'teal', 'orange', 'grape', 'cyan', 'pink', 'lime'] as const;

/** Rows as chart points: with `groupBy` (revenue per currency) one series per value of that column. */
export function chartData(report: Report): { points: Record<string, string | number | null>[]; series: { key: string; label: string }[] } {
  const chart = report.chart!;
  const label = (key: string) => report.columns.find((c) => c.key === key)?.label ?? key;
  if (!chart.groupBy || !chart.y) {
    return {
      points: report.rows.map((r) => ({ ...r, ...Object.fromEntries(chart.series.map((s) => [s, r[s] === null ? null : Number(r[s])])) })),
      series: chart.series.map((key) => ({ key, label: label(key) })),
    };
  }
  const groups = [...new Set(report.rows.map((r) => String(r[chart.groupBy!])))];
  const byX = new Map<string, Record<string, string | number | null>>();
  for (const r of report.rows) {
    const x = String(r[chart.x]);
    const point = byX.get(x) ?? { [chart.x]: x };
    point[String(r[chart.groupBy])] = Number(r[chart.y]);
    byX.set(x, point);
  }
  return { points: [...byX.values()], series: groups.map((g) => ({ key: g, label: `${label(chart.y!)} (${g})` })) };
}

export function ReportChart({ report, title }: { report: Report; title: string }) {
  const theme = useMantineTheme();
  if (!report.chart) return null;
  const { points, series } = chartData(report);
  const color = (i: number) => report.chart?.colors?.[series[i]!.key] ?? theme.colors[palette[i % palette.length]!]![6];
  const stacked = report.chart.type === 'stackedBar';
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey={report.chart.x} tick={{ fontSize: 12 }} />
      <YAxis tick={{ fontSize: 12 }} width={48} allowDecimals={report.chart.type === 'line'} />
      <Tooltip />
      <Legend wrapperStyle={{ fontSize: 12 }} />
    </>
  );
  return (
    <div role="img" aria-label={`Chart: ${title}`} style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer width="100%" height="100%">
        {report.chart.type === 'line' ? (
          <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {axes}
            {series.map((s, i) => (
              <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={color(i)} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        ) : (
          <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {axes}
            {series.map((s, i) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={color(i)} stackId={stacked ? 'all' : undefined} radius={stacked ? 0 : [3, 3, 0, 0]} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
