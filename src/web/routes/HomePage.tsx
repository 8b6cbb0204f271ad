import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAddressBook, IconBook, IconChevronRight, IconKey, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { roleLabels } from '../../domain/role';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../components/RequireAuth';
import { canManage, roleColors } from '../components/roles';

export function HomePage() {
  const me = useSession();
  const firstName = me.user?.name.split(/\s+/)[0];
  const admin = canManage(me.role);

  return (
    <>
      <PageHeader
        title={firstName ? `Welcome, ${firstName}` : 'Welcome'}
        description={
          <Group gap={6} component="span">
            <span>
              You are in <b>{me.workspace.name}</b> as
            </span>
            <Badge color={roleColors[me.role]} variant="light" component="span">
              {roleLabels[me.role]}
            </Badge>
          </Group>
        }
      />
      <Title order={2} size="h4" mb="sm">
        Next steps
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        <Step
          to="/clients"
          icon={<IconAddressBook size={20} />}
          title="Your clients"
          text="Search, filter and act on your client list. Press N on any page to add a client in seconds."
        />
        <Step
          to="/settings/team"
          icon={<IconUsers size={20} />}
          title={admin ? 'Invite your team' : 'See your team'}
          text={admin ? 'Add colleagues with the role they need. They get a one-time link to choose a password.' : 'See who works in this workspace and their roles.'}
        />
        <Step
          to="/settings/api-keys"
          icon={<IconKey size={20} />}
          title="Create an API key"
          text={admin ? 'Connect scripts and other tools to this workspace with a key of limited role.' : 'Owners and admins create keys to connect other tools to this workspace.'}
        />
        <Step href="/api/docs" icon={<IconBook size={20} />} title="Read the API docs" text="Every endpoint, with its fields and errors, in the interactive API reference." />
      </SimpleGrid>
    </>
  );
}

type StepProps = { icon: ReactNode; title: string; text: string } & ({ to: string; href?: never } | { href: string; to?: never });

function Step({ icon, title, text, to, href }: StepProps) {
  const body = (
      <Stack gap="xs">
        <ThemeIcon variant="light" size="lg" radius="md" aria-hidden>
          {icon}
        </ThemeIcon>
        <Group gap={4} wrap="nowrap">
          <Anchor component="span" fw={600}>
            {title}
          </Anchor>
          <IconChevronRight size={16} aria-hidden />
        </Group>
        <Text size="sm" c="dimmed">
          {text}
        </Text>
      </Stack>
  );
  // The API docs are served by the server, outside this app: a plain link, not a router link.
  return to ? (
    <Card withBorder padding="lg" component={Link} to={to} style={{ textDecoration: 'none' }}>
      {body}
    </Card>
  ) : (
    <Card withBorder padding="lg" component="a" href={href} style={{ textDecoration: 'none' }}>
      {body}
    </Card>
  );
}
