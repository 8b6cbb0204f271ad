import { Badge, NavLink } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useOpenAlertCount } from '../../api/alerts';

/** "Alerts" in the main navigation, with how many are open. */
export function AlertsNavItem() {
  const { pathname } = useLocation();
  const count = useOpenAlertCount();
  const active = pathname === '/alerts';
  const n = count.data ?? 0;
  return (
    <NavLink
      component={Link}
      to="/alerts"
      label="Alerts"
      leftSection={<IconBell size={18} />}
      rightSection={n > 0 ? <Badge size="sm" color="red" circle={n < 10} aria-label={`${n} open`}>{n > 99 ? '99+' : n}</Badge> : null}
      active={active}
      aria-current={active ? 'page' : undefined}
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
    />
  );
}
