import { Alert, Progress, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useJob } from '../../../api/clients';

/** The full recompute a save started, polled until it ends. */
export function RecomputeProgress({ jobId, onFinished }: { jobId: string; onFinished: () => void }) {
  const job = useJob(jobId);
  const j = job.data;
  const finished = j?.status === 'completed';
  const failed = j?.status === 'failed' || j?.status === 'cancelled';
  useEffect(() => {
    if (finished) onFinished();
  }, [finished, onFinished]);
  const pct = j?.total ? Math.round((100 * j.done) / j.total) : finished ? 100 : 0;
  return (
    <Alert color={failed ? 'red' : finished ? 'teal' : 'blue'} title={failed ? 'The recompute failed' : finished ? 'Recompute finished' : 'Recomputing every client’s score…'} role="status">
      {failed ? (
        <Text size="sm">{j?.error ?? 'The job stopped.'} The settings are saved; the nightly run will score the clients.</Text>
      ) : (
        <>
          <Progress value={pct} animated={!finished} aria-label="Recompute progress" />
          <Text size="xs" mt={4} c="dimmed">
            {finished ? `${j?.done ?? 0} clients scored with the new settings.` : j?.total ? `${j.done} of ${j.total} clients` : 'Starting…'}
          </Text>
        </>
      )}
    </Alert>
  );
}
