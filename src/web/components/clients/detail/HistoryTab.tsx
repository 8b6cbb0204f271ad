import { Alert, Button, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import type { AuditEvent } from '../../../../domain/audit';
import { useClientAudit } from '../../../api/clients';
import { useTeam } from '../../../api/team';
import { lifecycleLabels, showPhone, statusLabels } from '../ClientBits';
import { actionInWords, valueInWords } from '../../auditWords';
import { formatDateTime } from '../../format';

/** Words for the fields an audit entry names. */
const fieldWords: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  companyName: 'Company name',
  dateOfBirth: 'Date of birth',
  ownerId: 'Owner',
  statusReason: 'Status reason',
  lifecycleStage: 'Lifecycle stage',
  companySize: 'Company size',
  referralSource: 'Referral source',
  preferredLanguage: 'Preferred language',
  specialRequirements: 'Special requirements',
  customFields: 'Custom fields',
  deletedAt: 'Deleted',
  photoId: 'Photo',
};
const fieldInWords = (f: string) => fieldWords[f] ?? (f.startsWith('customFields.') ? f.slice(13) : f[0]!.toUpperCase() + f.slice(1).replace(/([A-Z])/g, ' $1').toLowerCase());

const listValue = (v: unknown) => (Array.isArray(v) ? (v.length ? v.map((x) => (typeof x === 'object' && x && 'value' in x ? String((x as { value: unknown }).value) : valueInWords(x))).join(', ') : '—') : valueInWords(v));

/** A changed value in the users' words: names for owners, labels for statuses, readable phones. */
function valueOf(field: string, v: unknown, people: Map<string, string>): string {
  if (typeof v === 'string') {
    if (field === 'status') return statusLabels[v as keyof typeof statusLabels] ?? v;
    if (field === 'lifecycleStage') return lifecycleLabels[v as keyof typeof lifecycleLabels] ?? v;
    if (field === 'ownerId') return people.get(v) ?? 'a former member';
    if (field === 'phone') return showPhone(v);
  }
  return listValue(v);
}

/** Who changed what on this client, when, from what to what — newest first. */
export function HistoryTab({ clientId }: { clientId: string }) {
  const log = useClientAudit(clientId, true);
  const team = useTeam();
  const people = new Map((team.data?.data ?? []).map((m) => [m.id, m.name]));
  const events = log.data?.pages.flatMap((p) => p.data) ?? [];
  if (log.isPending) return <Stack>{[0, 1, 2].map((i) => <Skeleton key={i} h={60} />)}</Stack>;
  if (log.isError) return <Alert color="red">{log.error.message}</Alert>;
  if (events.length === 0) return <Text c="dimmed">No changes recorded yet.</Text>;
  return (
    <>
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Change history">
        {events.map((e) => (
          <HistoryRow key={e.id} event={e} people={people} />
        ))}
      </Stack>
      {log.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            Load older changes
          </Button>
        </Group>
      )}
    </>
  );
}

function HistoryRow({ event, people }: { event: AuditEvent; people: Map<string, string> }) {
  const changes = Object.entries(event.changes ?? {});
  return (
    <Card withBorder padding="sm" component="li">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">
          <b>{event.actor.label ?? 'System'}</b> {actionInWords(event.action)}
        </Text>
        <Text size="xs" c="dimmed" component="time" dateTime={event.at}>
          {formatDateTime(event.at)}
        </Text>
      </Group>
      {changes.length > 0 && event.action !== 'client.created' && (
        <Stack gap={2} mt="xs">
          {changes.map(([field, { before, after }]) => (
            <Group key={field} gap={6} wrap="wrap">
              <Text size="xs" fw={600} miw={90}>
                {fieldInWords(field)}
              </Text>
              <Text size="xs" c="dimmed" td={before === null || before === undefined ? undefined : 'line-through'} style={{ overflowWrap: 'anywhere' }}>
                {valueOf(field, before, people)}
              </Text>
              <IconArrowRight size={12} aria-label="changed to" />
              <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                {valueOf(field, after, people)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
