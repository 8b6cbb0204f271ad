import { Alert, Anchor, Button, Group, Loader, SimpleGrid, Stack, Title } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useDashboard } from '../api/dashboard';
import { AttentionList } from '../components/dashboard/AttentionList';
import { BandTiles } from '../components/dashboard/BandTiles';
import { ListTile } from '../components/dashboard/ListTile';
import { formatDateTime, formatRelative } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../components/RequireAuth';

const greeting = () => {
  const h = new Date().getHours();
  return h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening';
};

/** The morning dashboard: how the book of clients is doing and what needs doing today. */
export function HomePage() {
  const me = useSession();
  const firstName = me.user?.name.split(/\s+/)[0];
  const { data, isPending, error, refetch } = useDashboard();

  return (
    <>
      <PageHeader
        title={firstName ? `${greeting()}, ${firstName}` : greeting()}
        description={<>Here is how {me.workspace.name} is doing today.</>}
        action={
          <Button component={Link} to="/reports" variant="light" leftSection={<IconChartBar size={16} />}>
            Reports
          </Button>
        }
      />
      {isPending ? (
        <Group justify="center" py="xl" role="status" aria-label="Loading the dashboard">
          <Loader />
        </Group>
      ) : error ? (
        <Alert color="red" title="The dashboard could not be loaded">
          {error.message}{' '}
          <Anchor component="button" onClick={() => refetch()}>
            Try again
          </Anchor>
        </Alert>
      ) : (
        <Stack gap="lg">
          <section aria-labelledby="health-heading">
            <Title id="health-heading" order={2} size="h4" mb="xs">
              Client health
            </Title>
            <BandTiles bands={data.bands} unscored={data.unscored} />
          </section>
          <AttentionList items={data.attention} />
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
            <ListTile
              title="My tasks today"
              count={data.tasksToday.count}
              href={data.tasksToday.href}
              more="All my tasks"
              empty="Nothing due today. Add a task from a client’s page or from My tasks."
              items={data.tasksToday.items.map((t) => ({
                key: t.id,
                primary: t.title,
                secondary: [t.clientName, t.overdue ? `overdue since ${formatRelative(t.dueAt)}` : t.dueAt ? `due ${formatDateTime(t.dueAt)}` : null].filter(Boolean).join(' · '),
                tone: t.overdue ? 'red' : undefined,
                to: t.clientId ? `/clients/${t.clientId}` : '/tasks',
              }))}
            />
            <ListTile
              title="Overdue responses"
              count={data.overdueResponses.count}
              href={data.overdueResponses.href}
              more="See them all"
              empty="Every inbound message has been answered in time. Log inbound e-mails and calls to track response times."
              items={data.overdueResponses.items.map((r) => ({
                key: r.id,
                primary: r.clientName,
                secondary: `${r.subject ?? 'Inbound'} · due ${formatRelative(r.responseDueAt)}`,
                tone: 'red',
                to: `/clients/${r.clientId}`,
              }))}
            />
            <ListTile
              title="Renewals in 30 days"
              count={data.renewals.count}
              href={data.renewals.href}
              more="All renewals"
              empty="No renewals in the next 30 days. Add contracts with a renewal date to see them here."
              items={data.renewals.items.map((r) => ({ key: r.clientId, primary: r.clientName, secondary: `renews ${formatDateTime(r.nextRenewalAt)}`, to: `/clients/${r.clientId}` }))}
            />
            <ListTile
              title="New alerts"
              count={data.newAlerts.count}
              href={data.newAlerts.href}
              more="Open the alerts inbox"
              empty="No new alerts. Alert rules warn you here when a client’s health drops or a response is late."
              items={data.newAlerts.items.map((a) => ({ key: a.id, primary: a.title, secondary: [a.clientName, formatRelative(a.openedAt)].filter(Boolean).join(' · '), to: `/clients/${a.clientId}` }))}
            />
          </SimpleGrid>
        </Stack>
      )}
    </>
  );
}
