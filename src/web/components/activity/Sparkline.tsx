/** A small inline SVG line of daily values (@mantine/charts has no release matching @mantine/core 9.8.1). */
export function Sparkline({ values, width = 160, height = 36, label }: { values: number[]; width?: number; height?: number; label: string }) {
  if (values.length < 2) return null;
  const max = Math.max(...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const step = width / (values.length - 1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`);
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} style={{ display: 'block', maxWidth: '100%' }}>
      <polygon points={`0,${height} ${points.join(' ')} ${width},${height}`} fill="var(--mantine-color-blue-light)" />
      <polyline points={points.join(' ')} fill="none" stroke="var(--mantine-color-blue-filled)" strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}
