import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack, Switch, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconEye, IconRefresh } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { MergeField } from '../../../domain/merge';
import { roleAtLeast } from '../../../domain/role';
import { isApiError } from '../../api/api';
import { customFields } from '../../api/clientMeta';
import type { Client } from '../../api/clientTypes';
import { useCompareClients, useMerge, type MergeResult } from '../../api/duplicates';
import { useTeam } from '../../api/team';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';
import { ComparePairs } from './ComparePairs';
import { compareRows, defaultChoice, suggestedSurvivor, type RowContext } from './compareRows';
import { CompareTable } from './CompareTable';
import { plural } from './duplicateWords';
import { MergePreviewModal } from './MergePreviewModal';
import { showMergedNotice } from './mergeNotice';

const fieldRows = compareRows.filter((r) => r.field);

/** The side-by-side view of 2..N clients: pick the survivor and, row by row, whose value wins; preview; merge. */
export function ComparePage() {
  const [params] = useSearchParams();
  const ids = useMemo(() => [...new Set((params.get('ids') ?? '').split(',').filter(Boolean))].slice(0, 20), [params]);
  const fromClient = params.get('from');
  const queries = useCompareClients(ids);
  const me = useSession();
  const canMerge = roleAtLeast(me.role, 'manager');
  const team = useTeam();
  const fields = customFields.useList();
  const navigate = useNavigate();

  const [survivorPick, setSurvivorPick] = useState<string | null>(null);
  const [picked, setPicked] = useState<Partial<Record<MergeField, string>>>({});
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [onlyDiff, setOnlyDiff] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [previewOpen, setPreviewOpen] = useState(false);
  const [preview, setPreview] = useState<MergeResult | null>(null);
  const [mergeError, setMergeError] = useState<string | null>(null);
  // Once merged, the page only waits to leave: its clients refetch meanwhile and would read as "already merged".
  const [merged, setMerged] = useState<MergeResult | null>(null);
  const dryRun = useMerge();
  const merge = useMerge();

  // A merged id answers 301 and the fetch follows it: such a record comes back as its survivor.
  const clients: Client[] = [];
  const mergedAway: { id: string; into: Client }[] = [];
  queries.forEach((q, i) => {
    if (!q.data) return;
    if (q.data.id !== ids[i]) mergedAway.push({ id: ids[i]!, into: q.data });
    if (!clients.some((c) => c.id === q.data.id)) clients.push(q.data);
  });
  const live = clients.filter((c) => !c.deletedAt);
  const pending = queries.some((q) => q.isPending);
  const missing = queries.filter((q) => q.isError).length;

  const ctx: RowContext = useMemo(() => {
    const owners = new Map((team.data?.data ?? []).map((m) => [m.id, m.name]));
    const labels = new Map((fields.data ?? []).map((f) => [f.key, f.label]));
    return { ownerName: (id) => owners.get(id) ?? 'Former member', customFieldLabel: (k) => labels.get(k) ?? k };
  }, [team.data, fields.data]);

  const survivor = live.find((c) => c.id === survivorPick) ?? live.find((c) => c.id === params.get('survivor')) ?? suggestedSurvivor(live);
  const included = new Set(live.filter((c) => c.id === survivor?.id || !excluded.has(c.id)).map((c) => c.id));
  const sources = live.filter((c) => included.has(c.id) && c.id !== survivor?.id);
  const choice = (field: MergeField) => {
    const p = picked[field];
    return p && included.has(p) ? p : survivor ? defaultChoice(field, survivor, sources) : '';
  };

  const result = (() => {
    if (!survivor) return {};
    const inMerge = [survivor, ...sources];
    const out: Record<string, string> = {};
    for (const row of compareRows) {
      const from = row.field ? inMerge.find((c) => c.id === choice(row.field!)) : survivor;
      out[row.key] = from ? row.text(from, ctx) : '';
    }
    const unite = (lists: string[][]) => [...new Set(lists.flat().filter(Boolean))].join('\n');
    out.emails = unite(inMerge.map((c) => compareRows.find((r) => r.key === 'emails')!.text(c, ctx).split('\n')));
    out.phones = unite(inMerge.map((c) => compareRows.find((r) => r.key === 'phones')!.text(c, ctx).split('\n')));
    out.tags = [...new Set(inMerge.flatMap((c) => c.tags))].join(', ');
    out.ordersCount = String(inMerge.reduce((n, c) => n + c.ordersCount, 0));
    out.lastActivityAt = compareRows.find((r) => r.key === 'lastActivityAt')!.text([...inMerge].sort((a, b) => (b.lastActivityAt ?? '').localeCompare(a.lastActivityAt ?? ''))[0]!, ctx);
    return out;
  })();

  const rows = compareRows.filter((row) => {
    const texts = live.filter((c) => included.has(c.id)).map((c) => row.text(c, ctx));
    if (texts.every((t) => !t)) return false;
    return !onlyDiff || new Set(texts).size > 1;
  });

  const body = () => ({
    survivorId: survivor!.id,
    sourceIds: sources.map((s) => s.id),
    // Only rows whose values differ carry a choice: the merge record then says what was decided.
    fields: Object.fromEntries(fieldRows.filter((r) => new Set(live.filter((c) => included.has(c.id)).map((c) => r.text(c, ctx))).size > 1).map((r) => [r.field!, choice(r.field!)])),
    version: survivor!.version,
  });
  const failed = (e: unknown) => {
    if (isApiError(e, 412)) {
      setPreviewOpen(false);
      setConflict(true);
      return;
    }
    setMergeError(isApiError(e) ? e.detail : String(e));
  };
  const openPreview = () => {
    setPreview(null);
    setMergeError(null);
    setPreviewOpen(true);
    dryRun.mutate({ ...body(), dryRun: true }, { onSuccess: setPreview, onError: failed });
  };
  const doMerge = () =>
    merge.mutate(body(), {
      onSuccess: (r) => {
        setMerged(r);
        setPreviewOpen(false);
        showMergedNotice(r, (path) => void navigate(path));
        void navigate(fromClient ? `/clients/${r.survivor.id}` : '/duplicates');
      },
      onError: failed,
    });
  const reload = async () => {
    await Promise.all(queries.map((q) => q.refetch()));
    setConflict(false);
  };

  const back = fromClient ? (
    <Anchor component={Link} to={`/clients/${fromClient}`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden /> Back to the client
    </Anchor>
  ) : (
    <Anchor component={Link} to="/duplicates" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden /> Duplicates
    </Anchor>
  );

  if (merged) {
    return (
      <Stack>
        {back}
        <Text role="status">Merged into {merged.survivor.displayName}.</Text>
      </Stack>
    );
  }

  if (pending) {
    return (
      <Stack>
        {back}
        <Skeleton h={60} />
        <Skeleton h={400} />
      </Stack>
    );
  }

  return (
    <>
      {back}
      <PageHeader
        title={live.length > 1 ? `Compare ${plural(live.length, 'client')}` : 'Compare clients'}
        description={
          canMerge
            ? 'Choose the record to keep and, row by row, whose value it keeps. Nothing changes until you merge, and a merge can be undone for 30 days.'
            : 'The records side by side. Only managers, admins and owners can merge clients.'
        }
      />
      {mergedAway.map((m) => (
        <Alert key={m.id} color="gray" mb="sm" title="Already merged">
          One of these clients was merged into {m.into.displayName} already; its column shows {m.into.displayName}.
        </Alert>
      ))}
      {missing > 0 && (
        <Alert color="gray" mb="sm">
          {plural(missing, 'client')} of this group could not be found (deleted for good, or in another workspace).
        </Alert>
      )}
      {conflict && (
        <Alert color="orange" mb="md" icon={<IconAlertTriangle size={18} />} title="Changed by someone else" role="alert">
          <Group gap="xs" justify="space-between">
            <span>The record to keep was changed since you opened this page, so nothing was merged. Reload to see the latest values, then check your choices.</span>
            <Button size="xs" leftSection={<IconRefresh size={14} />} onClick={() => void reload()}>
              Reload
            </Button>
          </Group>
        </Alert>
      )}
      {live.length < 2 || !survivor ? (
        <Paper withBorder p="xl" radius="md">
          <Stack align="center" ta="center" gap="sm">
            <Text fw={600}>Nothing left to compare</Text>
            <Text size="sm" c="dimmed">
              These clients were merged, deleted or are in Trash.
            </Text>
            <Button component={Link} to="/duplicates" variant="default">
              Back to the queue
            </Button>
          </Stack>
        </Paper>
      ) : (
        <>
          <ComparePairs clients={live} canDismiss={roleAtLeast(me.role, 'member')} />
          <Group justify="space-between" gap="sm" mb="xs">
            <Switch label="Only rows that differ" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.currentTarget.checked)} />
            <Text size="xs" c="dimmed" maw={520}>
              Every e-mail, phone and tag of the merged clients is kept, and their orders, tasks, timeline and other records move to the survivor.
            </Text>
          </Group>
          <CompareTable
            clients={live}
            rows={rows}
            ctx={ctx}
            survivorId={survivor.id}
            included={included}
            choice={choice}
            result={result}
            editable={canMerge}
            onSurvivor={(id) => {
              setSurvivorPick(id);
              setExcluded((s) => new Set([...s].filter((x) => x !== id)));
            }}
            onInclude={(id, include) => setExcluded((s) => (include ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])))}
            onChoose={(field, id) => setPicked((p) => ({ ...p, [field]: id }))}
          />
          {canMerge && (
            <Paper withBorder p="sm" radius="md" mt="md" pos="sticky" bottom={8} shadow="sm" style={{ zIndex: 2 }}>
              <Group justify="space-between" gap="sm">
                <Text size="sm">
                  Keep <b>{survivor.displayName}</b>
                  {sources.length ? ` and merge ${sources.map((s) => s.displayName).join(', ')} into it.` : '. Include at least one other client.'}
                </Text>
                <Button leftSection={<IconEye size={16} />} onClick={openPreview} disabled={!sources.length}>
                  Preview merge
                </Button>
              </Group>
            </Paper>
          )}
          <MergePreviewModal
            opened={previewOpen}
            survivor={survivor}
            sources={sources}
            preview={preview}
            loading={dryRun.isPending}
            merging={merge.isPending}
            error={mergeError}
            ctx={ctx}
            onMerge={doMerge}
            onClose={() => setPreviewOpen(false)}
          />
        </>
      )}
    </>
  );
}
