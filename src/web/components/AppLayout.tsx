import { AppShell, Burger, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconAddressBook, IconBuildingCommunity, IconChartBar, IconChecklist, IconClockHour4, IconCopy, IconDatabaseImport, IconFileDescription, IconBellCog, IconGift, IconHeartbeat, IconShoppingBag, IconForms, IconHome, IconKey, IconListDetails, IconSettings, IconTags, IconUsers } from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { roleAtLeast } from '../../domain/role';
import { NewMenu } from './activity/NewMenu';
import { AlertsNavItem } from './alerts/AlertsNavItem';
import { QuickAddProvider } from './clients/QuickAdd';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { useSession } from './RequireAuth';
import { Logo } from './Logo';
import { UserMenu } from './UserMenu';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  // On a phone the navbar covers the page: close it once the user has picked somewhere to go.
  useEffect(close, [pathname, close]);
  // While the phone navbar covers the page, the page behind it is out of reach for keyboards and screen readers too.
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const covered = opened && phone;
  const me = useSession();
  // The client list and the duplicates compare view are wide tables: they get the whole width; other pages read better narrower.
  const wide = pathname === '/clients' || pathname === '/clients/trash' || pathname === '/duplicates/compare';

  return (
    <QuickAddProvider enabled={roleAtLeast(me.role, 'member')}>
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding={{ base: 'sm', xs: 'md', sm: 'lg' }}>
      <AppShell.Header>
        <Group h="100%" px={{ base: 'sm', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Link to="/" aria-label="Rapport home" style={{ color: 'inherit', textDecoration: 'none' }}>
              <Logo hideTextBelow="xs" />
            </Link>
            <WorkspaceSwitcher />
          </Group>
          <Group gap="xs" wrap="nowrap">
            {roleAtLeast(me.role, 'member') && <NewMenu />}
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          <NavItem to="/" label="Home" icon={<IconHome size={18} />} active={pathname === '/'} />
          <NavItem to="/clients" label="Clients" icon={<IconAddressBook size={18} />} active={pathname.startsWith('/clients')} />
          <NavItem to="/duplicates" label="Duplicates" icon={<IconCopy size={18} />} active={pathname.startsWith('/duplicates')} />
          <NavItem to="/tasks" label="My tasks" icon={<IconChecklist size={18} />} active={pathname === '/tasks'} />
          <AlertsNavItem />
          <NavItem to="/reports" label="Reports" icon={<IconChartBar size={18} />} active={pathname === '/reports'} />
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="lg" mb={4} px="sm">
            Settings
          </Text>
          <NavItem to="/settings/team" label="Team" icon={<IconUsers size={18} />} active={pathname === '/settings/team'} />
          <NavItem to="/settings/api-keys" label="API keys" icon={<IconKey size={18} />} active={pathname === '/settings/api-keys'} />
          <NavItem to="/imports" label="Imports" icon={<IconDatabaseImport size={18} />} active={pathname.startsWith('/imports')} />
          <NavItem to="/settings/audit" label="Audit log" icon={<IconListDetails size={18} />} active={pathname === '/settings/audit'} />
          <NavItem to="/settings/tags" label="Tags" icon={<IconTags size={18} />} active={pathname === '/settings/tags'} />
          <NavItem to="/settings/custom-fields" label="Custom fields" icon={<IconForms size={18} />} active={pathname === '/settings/custom-fields'} />
          <NavItem to="/settings/clients" label="Client settings" icon={<IconSettings size={18} />} active={pathname === '/settings/clients'} />
          <NavItem to="/settings/duplicates" label="Duplicate rules" icon={<IconCopy size={18} />} active={pathname === '/settings/duplicates'} />
          <NavItem to="/settings/directory" label="Company directory" icon={<IconBuildingCommunity size={18} />} active={pathname === '/settings/directory'} />
          <NavItem to="/settings/activity" label="Activity" icon={<IconClockHour4 size={18} />} active={pathname === '/settings/activity'} />
          <NavItem to="/settings/orders" label="Orders and money" icon={<IconShoppingBag size={18} />} active={pathname === '/settings/orders'} />
          <NavItem to="/settings/documents" label="Documents" icon={<IconFileDescription size={18} />} active={pathname === '/settings/documents'} />
          <NavItem to="/settings/loyalty" label="Loyalty" icon={<IconGift size={18} />} active={pathname === '/settings/loyalty'} />
          <NavItem to="/settings/health" label="Health score" icon={<IconHeartbeat size={18} />} active={pathname === '/settings/health'} />
          <NavItem to="/settings/alerts" label="Alert rules" icon={<IconBellCog size={18} />} active={pathname === '/settings/alerts'} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main inert={covered} aria-hidden={covered || undefined}>
        <div style={{ maxWidth: wide ? 1600 : 1100, margin: '0 auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
    </QuickAddProvider>
  );
}

function NavItem({ to, label, icon, active }: { to: string; label: string; icon: ReactNode; active: boolean }) {
  return <NavLink component={Link} to={to} label={label} leftSection={icon} active={active} aria-current={active ? 'page' : undefined} style={{ borderRadius: 'var(--mantine-radius-md)' }} />;
}
