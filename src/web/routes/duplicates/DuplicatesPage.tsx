import { Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAdjustments, IconCopy, IconScan } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { roleAtLeast } from '../../../domain/role';
import { useDismissPair, useDuplicateQueue, useRefreshQueue, useStartScan, type DuplicatePair } from '../../api/duplicates';
import { showApiError } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/EmptyState';
import { useSession } from '../../components/RequireAuth';
import { DuplicateGroupCard, pairKey } from './DuplicateGroupCard';
import { DuplicatesTabs } from './DuplicatesTabs';
import { plural, scanStore } from './duplicateWords';
import { ScanProgress } from './ScanProgress';


/** The review queue: groups of likely duplicates, best score first, with a scan for managers. */
export function DuplicatesPage() {
  const me = useSession();
  const isManager = roleAtLeast(me.role, 'manager');
  const canDismiss = roleAtLeast(me.role, 'member');
  const queue = useDuplicateQueue();
  const scan = useStartScan();
  const refresh = useRefreshQueue();
  const dismiss = useDismissPair();
  const [jobId, setJobId] = useState<string | null>(() => sessionStorage.getItem(scanStore));
  const [scanEnded, setScanEnded] = useState(false);
  const [dismissing, setDismissing] = useState<string | null>(null);
  const groups = queue.data?.pages.flatMap((p) => p.data) ?? [];
  const total = queue.data?.pages[0]?.total ?? 0;

  const startScan = () =>
    scan.mutate(undefined, {
      onSuccess: ({ jobId: id }) => {
        sessionStorage.setItem(scanStore, id);
        setScanEnded(false);
        setJobId(id);
      },
      onError: (e) => showApiError(e, undefined, 'Could not start the scan'),
    });
  const closeScan = useCallback(() => {
    sessionStorage.removeItem(scanStore);
    setJobId(null);
  }, []);
  const scanned = useCallback(() => {
    setScanEnded(true);
    void refresh();
  }, [refresh]);
  const scanning = !!jobId && !scanEnded;

  const notDuplicate = (pair: DuplicatePair) => {
    const key = pairKey(pair);
    setDismissing(key);
    dismiss.mutate(pair.clientIds, {
      onSuccess: () => notifications.show({ color: 'teal', message: 'Marked as not a duplicate. Later scans will not propose this pair again.' }),
      onError: (e) => showApiError(e, undefined, 'Could not dismiss the pair'),
      onSettled: () => setDismissing(null),
    });
  };

  const scanButton = isManager && (
    <Button leftSection={<IconScan size={16} />} onClick={startScan} loading={scan.isPending} disabled={scanning}>
      {scanning ? 'Scanning…' : 'Run a scan'}
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Duplicates"
        description="Clients that look like the same person or company, best match first. Compare them side by side, choose what to keep, and merge — or mark a pair as not a duplicate."
        action={
          <Group gap="xs">
            {isManager && (
              <Button component={Link} to="/settings/duplicates" variant="default" leftSection={<IconAdjustments size={16} />}>
                Rules
              </Button>
            )}
            {scanButton}
          </Group>
        }
      />
      <DuplicatesTabs />
      {jobId && <ScanProgress key={jobId} jobId={jobId} onFinished={scanned} onClose={closeScan} />}
      {queue.isPending ? (
        <Stack gap="sm" aria-label="Loading the queue">
          <Skeleton h={160} />
          <Skeleton h={160} />
        </Stack>
      ) : groups.length === 0 ? (
        <EmptyState icon={<IconCopy size={30} />} title="No likely duplicates" actions={scanButton}>
          {isManager
            ? 'New clients are checked as they are added. Run a scan to check every client of the workspace against the duplicate rules — after an import, or after changing the rules.'
            : 'New clients are checked as they are added; a manager can scan the whole workspace. Groups found show up here.'}
        </EmptyState>
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="xs" aria-live="polite">
            {plural(total, 'group')} to review
          </Text>
          <Stack gap="sm">
            {groups.map((g) => (
              <DuplicateGroupCard key={g.id} cluster={g} canMerge={isManager} canDismiss={canDismiss} dismissing={dismissing} onDismiss={notDuplicate} />
            ))}
          </Stack>
        </>
      )}
      {queue.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
            Load more groups
          </Button>
        </Group>
      )}
    </>
  );
}
