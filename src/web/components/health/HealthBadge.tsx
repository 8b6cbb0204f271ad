import { Badge, Tooltip, type MantineSize } from '@mantine/core';
import type { BandRef } from '../../../domain/healthExplanation';

/** A band as a badge in the band's own colour; "Not scored" when there is none yet. */
export function BandBadge({ band, score, size = 'md', tooltip }: { band: BandRef | null; score?: number | null; size?: MantineSize; tooltip?: string }) {
  const label = band ? `${band.name}${typeof score === 'number' ? ` · ${score}` : ''}` : 'Not scored';
  const badge = (
    <Badge size={size} variant={band ? 'filled' : 'outline'} color={band?.color ?? 'gray'} aria-label={band ? `Health: ${label}` : 'Health: not scored yet'} style={{ textTransform: 'none' }}>
      {label}
    </Badge>
  );
  return tooltip ? <Tooltip label={tooltip}>{badge}</Tooltip> : badge;
}
