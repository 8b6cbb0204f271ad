import { Alert, Progress, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useJob } from '../../api/clients';
import { plural } from './duplicateWords';

/** The scan a manager started, polled until it ends; the queue is read again when it has. */
export function ScanProgress({ jobId, onFinished, onClose }: { jobId: string; onFinished: () => void; onClose: () => void }) {
  const job = useJob(jobId);
  const j = job.data;
  const finished = j?.status === 'completed';
  const failed = j?.status === 'failed' || j?.status === 'cancelled';
  const told = useRef(false);
  useEffect(() => {
    if ((finished || failed) && !told.current) {
      told.current = true;
      onFinished();
    }
  }, [finished, failed, onFinished]);
  // A job this tab remembers but the server no longer knows (another workspace, a purge): forget it.
  useEffect(() => {
    if (job.isError) onClose();
  }, [job.isError, onClose]);
  const pct = j?.total ? Math.min(100, Math.round((100 * j.done) / j.total)) : finished ? 100 : 0;
  const pairs = Number(j?.result?.pairs ?? 0);
  const groups = Number(j?.result?.clusters ?? 0);
  const title = failed ? 'The scan stopped' : finished ? 'Scan finished' : 'Scanning the workspace for duplicates…';
  return (
    <Alert color={failed ? 'red' : finished ? 'teal' : 'blue'} mb="md" role="status" aria-live="polite" title={title} withCloseButton={finished || failed} onClose={onClose} closeButtonLabel="Hide the scan result">
      {failed ? (
        <Text size="sm">{j?.error ?? 'The job stopped before the end.'} The queue shows what the last complete scan found.</Text>
      ) : (
        <>
          <Progress value={pct} animated={!finished} aria-label="Scan progress" />
          <Text size="xs" mt={4} c="dimmed">
            {finished
              ? groups
                ? `${plural(pairs, 'likely pair')} in ${plural(groups, 'group')}.`
                : 'No likely duplicates: every client looks unique under the current rules.'
              : j?.result?.pairs !== undefined
                ? `${pct} % · ${plural(pairs, 'pair')} found so far`
                : 'Starting…'}
          </Text>
        </>
      )}
    </Alert>
  );
}
