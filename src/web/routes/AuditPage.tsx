import { Alert, Badge, Button, Card, Code, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconInfoCircle } from '@tabler/icons-react';
import type { AuditEvent } from '../../domain/audit';
import { useAuditLog } from '../api/audit';
import { actionInWords, entityInWords, valueInWords } from '../components/auditWords';
import { formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../components/RequireAuth';
import { canManage } from '../components/roles';

export function AuditPage() {
  const me = useSession();
  const admin = canManage(me.role);
  const log = useAuditLog(admin);
  const description = 'Every sign-in, change to the team and API key, newest first.';

  if (!admin) {
    return (
      <>
        <PageHeader title="Audit log" description={description} />
        <Alert color="gray" icon={<IconInfoCircle />}>
          Only owners and admins can read the audit log.
        </Alert>
      </>
    );
  }

  const events = log.data?.pages.flatMap((p) => p.data) ?? [];
  const total = log.data?.pages[0]?.total;
  return (
    <>
      <PageHeader title="Audit log" description={total === undefined ? description : `${description} ${total} events in all.`} />
      {log.isPending && <Stack>{[0, 1, 2, 3].map((i) => <Skeleton key={i} h={64} />)}</Stack>}
      {log.isError && <Alert color="red">{log.error.message}</Alert>}
      {log.isSuccess && events.length === 0 && <Text c="dimmed">Nothing has happened in this workspace yet.</Text>}
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
        {events.map((e) => (
          <AuditRow key={e.id} event={e} />
        ))}
      </Stack>
      {log.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            Load more
          </Button>
        </Group>
      )}
    </>
  );
}

function AuditRow({ event }: { event: AuditEvent }) {
  const who = event.actor.label ?? (event.action === 'auth.login_failed' ? 'Someone' : 'System');
  const changes = Object.entries(event.changes ?? {});
  return (
    <Card withBorder padding="sm" component="li">
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Text size="sm" style={{ flex: '1 1 240px' }}>
          <b>{who}</b> {actionInWords(event.action)}
        </Text>
        <Text size="xs" c="dimmed" component="time" dateTime={event.at}>
          {formatDateTime(event.at)}
        </Text>
      </Group>
      <Group gap="xs" mt={4} wrap="wrap">
        <Badge size="xs" variant="light" color="gray">
          {entityInWords(event.entityType)}
        </Badge>
        <Code fz="xs">{event.action}</Code>
        {event.ip && (
          <Text size="xs" c="dimmed">
            from {event.ip}
          </Text>
        )}
      </Group>
      {changes.length > 0 && (
        <Stack gap={2} mt="xs">
          {changes.map(([field, { before, after }]) => (
            <Group key={field} gap={6} wrap="wrap">
              <Text size="xs" fw={600} miw={70}>
                {field}
              </Text>
              <Text size="xs" c="dimmed" td={before === null || before === undefined ? undefined : 'line-through'} style={{ wordBreak: 'break-all' }}>
                {valueInWords(before)}
              </Text>
              <IconArrowRight size={12} aria-label="changed to" />
              <Text size="xs" style={{ wordBreak: 'break-all' }}>
                {valueInWords(after)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
