import { Group, Paper, Progress, Text, Tooltip } from '@mantine/core';
import type { HealthPreview } from '../../../../domain/healthExplanation';

const n = new Intl.NumberFormat();

/** "With these settings: 1,204 Healthy · 310 At-Risk · 88 Critical", with a bar in the band colours. */
export function PreviewBar({ preview, loading, error }: { preview: HealthPreview | null; loading: boolean; error: string | null }) {
  const approx = preview?.sampled ? '≈' : '';
  const scored = preview ? preview.byBand.reduce((a, b) => a + b.count, 0) : 0;
  return (
    <Paper withBorder p="sm" aria-live="polite" aria-busy={loading} data-testid="health-preview">
      {error ? (
        <Text size="sm" c="red">
          Preview unavailable: {error}
        </Text>
      ) : !preview ? (
        <Text size="sm" c="dimmed">
          Working out the preview…
        </Text>
      ) : preview.total === 0 ? (
        <Text size="sm" c="dimmed">
          No clients yet: once you add clients, this shows how many would fall in each band with these settings.
        </Text>
      ) : (
        <>
          <Text size="sm" fw={500} style={{ opacity: loading ? 0.6 : 1 }}>
            With these settings:{' '}
            {preview.byBand.map((b, i) => (
              <span key={b.key}>
                {i > 0 && ' · '}
                <span style={{ color: b.color }} data-band={b.key}>
                  {approx}
                  {n.format(b.count)} {b.name}
                </span>
              </span>
            ))}
            {preview.unscored > 0 && ` · ${approx}${n.format(preview.unscored)} not scored`}
          </Text>
          {scored > 0 && (
            <Progress.Root size="lg" mt={6} aria-hidden>
              {preview.byBand.map((b) => (
                <Tooltip key={b.key} label={`${b.name}: ${n.format(b.count)}`}>
                  <Progress.Section value={(100 * b.count) / scored} color={b.color} />
                </Tooltip>
              ))}
            </Progress.Root>
          )}
          <Group gap="md" mt={4}>
            <Text size="xs" c="dimmed">
              Now: {preview.byBand.map((b) => `${n.format(b.current)} ${b.name}`).join(' · ')}
            </Text>
            {preview.note && (
              <Text size="xs" c="dimmed">
                {preview.note}
              </Text>
            )}
          </Group>
        </>
      )}
    </Paper>
  );
}
