import { Avatar, Badge, Group, Text, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFlag } from '@tabler/icons-react';
import { formatPhone } from '../../../domain/phone';
import type { Client, ClientStatus, LifecycleStage, Tag } from '../../api/clientTypes';
import { initials } from '../UserMenu';

export const statusLabels: Record<ClientStatus, string> = {
  prospect: 'Prospect',
  trial: 'Trial',
  active: 'Active',
  inactive: 'Inactive',
  churned: 'Churned',
  blacklisted: 'Blacklisted',
};

export const statusColors: Record<ClientStatus, string> = {
  prospect: 'blue',
  trial: 'cyan',
  active: 'teal',
  inactive: 'gray',
  churned: 'orange',
  blacklisted: 'red',
};

export const lifecycleLabels: Record<LifecycleStage, string> = { onboarding: 'Onboarding', growth: 'Growth', mature: 'Mature', renewal: 'Renewal' };

/** Statuses that cannot be set without saying why. */
export const needsReason = (status: string) => status === 'churned' || status === 'blacklisted';

/** The status everywhere a client is shown; blacklisted clients are flagged in red. */
export function StatusBadge({ status, reason, size = 'sm' }: { status: ClientStatus; reason?: string | null; size?: 'xs' | 'sm' | 'md' }) {
  const flagged = status === 'blacklisted';
  const badge = (
    <Badge
      size={size}
      color={statusColors[status] ?? 'gray'}
      variant={flagged ? 'filled' : 'light'}
      leftSection={flagged ? <IconFlag size={11} aria-hidden /> : undefined}
      style={{ flexShrink: 0 }}
    >
      {statusLabels[status] ?? status}
    </Badge>
  );
  return reason ? (
    <Tooltip label={`Reason: ${reason}`} withinPortal>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}

export function ClientAvatar({ client, size = 36 }: { client: Pick<Client, 'displayName' | 'photoUrl' | 'status'>; size?: number }) {
  return (
    <Avatar
      src={client.photoUrl ? withSize(client.photoUrl, 'thumb') : null}
      alt=""
      size={size}
      radius="xl"
      color={client.status === 'blacklisted' ? 'red' : 'indigo'}
    >
      {initials(client.displayName)}
    </Avatar>
  );
}

const withSize = (url: string, size: 'thumb' | 'full') => (url.includes('size=') ? url : `${url}${url.includes('?') ? '&' : '?'}size=${size}`);

export function TagBadges({ names, tagIndex, max = 4, nowrap }: { names: string[]; tagIndex?: Map<string, Tag>; max?: number; nowrap?: boolean }) {
  if (names.length === 0) return null;
  const shown = names.slice(0, max);
  return (
    <Group gap={4} wrap={nowrap ? 'nowrap' : 'wrap'} style={nowrap ? { overflow: 'hidden' } : undefined}>
      {shown.map((name) => (
        <Badge key={name} size="xs" variant="outline" color={tagIndex?.get(name.toLowerCase())?.color ?? 'gray'} tt="none">
          {name}
        </Badge>
      ))}
      {names.length > max && (
        <Text size="xs" c="dimmed">
          +{names.length - max}
        </Text>
      )}
    </Group>
  );
}

export const showPhone = (phone: string | null | undefined) => (phone ? formatPhone(phone) : '');

export const tagIndexOf = (tags: Tag[] | undefined) => new Map((tags ?? []).map((t) => [t.name.toLowerCase(), t]));

/** Money for people: "$1,234.50". */
export function formatMoney(money: { amount: number; currency: string } | null | undefined): string {
  if (!money) return '—';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currency }).format(money.amount / 100);
  } catch {
    return `${(money.amount / 100).toFixed(2)} ${money.currency}`;
  }
}

export const numberFormat = new Intl.NumberFormat();
export const clientsWord = (n: number) => `${numberFormat.format(n)} ${n === 1 ? 'client' : 'clients'}`;

/** Long forms in a modal take the whole screen on a phone. */
export const usePhoneModal = () => useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
