import { Alert, Badge, Box, Button, Chip, Group, Loader, Paper, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCalendarEvent,
  IconCash,
  IconChecklist,
  IconFileDescription,
  IconFileInvoice,
  IconGift,
  IconHeartbeat,
  IconMessage,
  IconMoodSmile,
  IconPhone,
  IconShoppingBag,
  IconSignature,
  IconTransfer,
  IconUserCheck,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { formatMoney, type Money } from '../../../domain/money';
import { timelineKinds, type TimelineEntry, type TimelineKind } from '../../../domain/timeline';
import { useTimeline, type EditablePath } from '../../api/activity';
import { useContacts } from '../../api/clientMeta';
import { useOrderWord } from '../../api/orders';
import { useTeam } from '../../api/team';
import { formatDateTime, formatRelative } from '../format';
import { humanize, timelineKindLabel } from './labels';
import classes from './open.module.css';
import { RecordModal, type RecordTarget } from './RecordModal';

const icons: Record<TimelineKind, ReactNode> = {
  interaction: <IconMessage size={16} />,
  task: <IconChecklist size={16} />,
  order: <IconShoppingBag size={16} />,
  invoice: <IconFileInvoice size={16} />,
  payment: <IconCash size={16} />,
  contract: <IconSignature size={16} />,
  document: <IconFileDescription size={16} />,
  feedback: <IconMoodSmile size={16} />,
  referral: <IconUsersGroup size={16} />,
  loyalty: <IconGift size={16} />,
  status: <IconUserCheck size={16} />,
  health: <IconHeartbeat size={16} />,
  alert: <IconAlertTriangle size={16} />,
};
const colors: Record<TimelineKind, string> = {
  interaction: 'blue',
  task: 'grape',
  order: 'teal',
  invoice: 'orange',
  payment: 'green',
  contract: 'indigo',
  document: 'gray',
  feedback: 'yellow',
  referral: 'pink',
  loyalty: 'lime',
  status: 'cyan',
  health: 'red',
  alert: 'orange',
};

/** The record behind each kind of entry that opens for editing (documents, feedback… have their own tabs). */
const editable: Partial<Record<TimelineKind, EditablePath>> = { interaction: 'interactions', task: 'tasks', order: 'orders', invoice: 'invoices', payment: 'payments', contract: 'contracts' };

/** Everything that happened with the client, newest first; kind chips filter; scrolling loads older pages; an entry opens its record. */
export function Timeline({ clientId, actions, canWrite = false }: { clientId: string; actions?: ReactNode; canWrite?: boolean }) {
  const [kinds, setKinds] = useState<string[]>([]);
  const [open, setOpen] = useState<RecordTarget | null>(null);
  const contacts = useContacts(clientId);
  const team = useTeam();
  const names = useMemo<Names>(
    () => ({ contacts: new Map((contacts.data ?? []).map((c) => [c.id, c.name])), team: new Map((team.data?.data ?? []).map((m) => [m.id, m.name])) }),
    [contacts.data, team.data],
  );
  const timeline = useTimeline(clientId, kinds as TimelineKind[]);
  const { Words } = useOrderWord();
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    }, { rootMargin: '300px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const entries = timeline.data?.pages.flatMap((p) => p.data) ?? [];
  const total = timeline.data?.pages[0]?.total;

  return (
    <Stack gap="sm" component="section" aria-label="Timeline">
      {actions}
      <Chip.Group multiple value={kinds} onChange={setKinds}>
        <Group gap={6} role="group" aria-label="Show only these kinds">
          {timelineKinds.map((k) => (
            <Chip key={k} value={k} size="xs" variant="outline">
              {timelineKindLabel(k, Words)}
            </Chip>
          ))}
          {kinds.length > 0 && (
            <Button size="compact-xs" variant="subtle" onClick={() => setKinds([])}>
              Show all
            </Button>
          )}
        </Group>
      </Chip.Group>
      {timeline.isPending ? (
        <Stack gap="xs">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={56} />
          ))}
        </Stack>
      ) : timeline.isError ? (
        <Alert color="red" title="Could not load the timeline">
          {timeline.error.message}
        </Alert>
      ) : entries.length === 0 ? (
        <Paper withBorder p="lg" ta="center">
          <Text fw={600}>{kinds.length ? 'Nothing of these kinds yet' : 'No history yet'}</Text>
          <Text size="sm" c="dimmed">
            {kinds.length ? 'Clear the filter to see everything.' : 'Log a call, add a note or book the first one with the buttons above: it appears here, newest first.'}
          </Text>
        </Paper>
      ) : (
        <Box component="ol" aria-label={`Timeline, ${total ?? entries.length} entries`} m={0} p={0} style={{ listStyle: 'none' }}>
          {entries.map((e) => (
            <TimelineItem key={e.id} entry={e} names={names} onOpen={editable[e.kind] ? () => setOpen({ path: editable[e.kind]!, id: e.recordId }) : undefined} />
          ))}
        </Box>
      )}
      <div ref={sentinel} />
      {hasNextPage && (
        <Group justify="center">
          <Button variant="default" size="xs" onClick={() => void fetchNextPage()} loading={isFetchingNextPage}>
            Load older entries
          </Button>
        </Group>
      )}
      {isFetchingNextPage && !hasNextPage && <Loader size="sm" mx="auto" />}
      <RecordModal clientId={clientId} target={open} onClose={() => setOpen(null)} canWrite={canWrite} />
    </Stack>
  );
}

/** A key press that activates a role="button" element, as Enter and Space do on a real button. */
const activates = (e: KeyboardEvent) => e.key === 'Enter' || e.key === ' ';

function TimelineItem({ entry, names, onOpen }: { entry: TimelineEntry; names: Names; onOpen?: () => void }) {
  const details = describe(entry, names);
  // The whole entry opens its record: a role="button" block (a <button> may not hold these blocks).
  const opener = onOpen
    ? {
        role: 'button',
        tabIndex: 0,
        'aria-label': `Open: ${entry.title}`,
        className: classes.entry,
        onClick: onOpen,
        onKeyDown: (e: KeyboardEvent) => {
          if (!activates(e)) return;
          e.preventDefault();
          onOpen();
        },
      }
    : {};
  const icon = entry.kind === 'interaction' && entry.summary.kind === 'call' ? <IconPhone size={16} /> : entry.kind === 'task' && entry.summary.dueAt ? <IconCalendarEvent size={16} /> : icons[entry.kind];
  return (
    <Box component="li" py={8} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }} data-kind={entry.kind}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={colors[entry.kind]} radius="xl" size={30} aria-hidden>
          {entry.kind === 'payment' && entry.summary.credit ? <IconTransfer size={16} /> : icon}
        </ThemeIcon>
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }} {...opener}>
          <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }} c={onOpen ? 'blue' : undefined}>
              {entry.title}
            </Text>
            <Text size="xs" c="dimmed" title={formatDateTime(entry.at)} style={{ whiteSpace: 'nowrap' }}>
              <time dateTime={entry.at}>{formatRelative(entry.at)}</time>
            </Text>
          </Group>
          {details.length > 0 && (
            <Group gap={6}>
              {details.map((d) => (
                <Badge key={d} size="xs" variant="light" color="gray" tt="none">
                  {d}
                </Badge>
              ))}
            </Group>
          )}
          {typeof entry.summary.excerpt === 'string' && entry.summary.excerpt && (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {entry.summary.excerpt}
            </Text>
          )}
          {typeof entry.summary.comment === 'string' && entry.summary.comment && (
            <Text size="sm" c="dimmed" lineClamp={2}>
              “{entry.summary.comment}”
            </Text>
          )}
        </Stack>
      </Group>
    </Box>
  );
}

/** Contact and team member names by id, for "With Lucía Ferrer · By Ana" on interactions. */
type Names = { contacts: Map<string, string>; team: Map<string, string> };

const isMoney = (v: unknown): v is Money => typeof v === 'object' && v !== null && typeof (v as Money).amount === 'number' && typeof (v as Money).currency === 'string';

/** A few kind-specific facts from the entry's summary, as short labels. */
function describe(e: TimelineEntry, names: Names): string[] {
  const s = e.summary;
  const out: string[] = [];
  const str = (k: string) => (typeof s[k] === 'string' && s[k] ? (s[k] as string) : null);
  if (e.kind === 'interaction') {
    const contact = str('contactId') && names.contacts.get(str('contactId')!);
    if (contact) out.push(`With ${contact}`);
    const member = e.userId && names.team.get(e.userId);
    if (member) out.push(`By ${member}`);
    if (str('priority')) out.push(humanize(str('priority')!));
    if (typeof s.durationMinutes === 'number') out.push(`${s.durationMinutes} min`);
    if (str('outcome')) out.push(str('outcome')!);
    if (str('sentiment')) out.push(humanize(str('sentiment')!));
    if (str('responseStatus')) out.push(`Response ${str('responseStatus')}`);
    if (str('followUpAt')) out.push(`Follow-up ${formatDateTime(str('followUpAt'))}`);
  } else if (e.kind === 'task') {
    if (str('status')) out.push(str('status') === 'done' ? 'Done' : 'Open');
    if (str('dueAt')) out.push(`Due ${formatDateTime(str('dueAt'))}`);
    if (str('source') === 'follow_up') out.push('Follow-up');
  } else {
    if (str('status')) out.push(humanize(str('status')!));
    for (const k of ['value', 'total', 'amount']) if (isMoney(s[k])) out.push(formatMoney(s[k]));
    if (typeof s.rating === 'number') out.push(`Rated ${s.rating}/5`);
    if (s.onTime === true) out.push('On time');
    if (s.onTime === false) out.push('Late');
    if (typeof s.score === 'number') out.push(`${String(s.kind ?? '').toUpperCase()} ${s.score}`);
    if (typeof s.points === 'number') out.push(`${s.points > 0 ? '+' : ''}${s.points} points`);
    if (str('verification') && str('verification') !== 'unverified') out.push(humanize(str('verification')!));
    if (s.confidential === true) out.push('Confidential');
    if (str('dueAt')) out.push(`Due ${formatDateTime(str('dueAt'))}`);
  }
  return out;
}
