import { Anchor, Card, Checkbox, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconMail, IconPhone } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { Client } from '../../api/clientTypes';
import { useOrderWord } from '../../api/orders';
import { formatRelative } from '../format';
import { ClientAvatar, formatMoney, showPhone, StatusBadge, TagBadges } from './ClientBits';
import type { CellContext } from './columns';
import type { Selection } from './selection';

type Props = {
  clients: Client[];
  ctx: CellContext;
  selection: Selection;
  onToggle: (id: string) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  label: string;
};

/** One card per client: photo or initials, name, contact details, status, tags, last activity. */
export function ClientCards({ clients, ctx, selection, onToggle, hasMore, loadingMore, onLoadMore, label }: Props) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loadingMore) onLoadMore();
    }, { rootMargin: '600px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasMore, loadingMore, onLoadMore]);

  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
        {clients.map((c) => (
          <ClientCard key={c.id} client={c} ctx={ctx} selected={selection.mode === 'all' || selection.ids.has(c.id)} onToggle={() => onToggle(c.id)} />
        ))}
      </SimpleGrid>
      <div ref={sentinel} style={{ height: 1 }} />
      {loadingMore && (
        <Group justify="center" p="sm">
          <Loader size="sm" aria-label="Loading more clients" />
        </Group>
      )}
    </>
  );
}

function ClientCard({ client: c, ctx, selected, onToggle }: { client: Client; ctx: CellContext; selected: boolean; onToggle: () => void }) {
  const flagged = c.status === 'blacklisted';
  const { word, words } = useOrderWord();
  return (
    <Card
      component="li"
      withBorder
      padding="sm"
      style={{ borderColor: flagged ? 'var(--mantine-color-red-6)' : undefined, borderLeftWidth: flagged ? 4 : undefined, minWidth: 0 }}
      bg={selected ? 'var(--mantine-primary-color-light)' : undefined}
    >
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <ClientAvatar client={c} size={44} />
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Anchor component={Link} to={`/clients/${c.id}`} fw={600} truncate="end" style={{ minWidth: 0 }}>
              {c.displayName}
            </Anchor>
            <Checkbox size="xs" checked={selected} onChange={onToggle} aria-label={`Select ${c.displayName}`} />
          </Group>
          <Group gap="xs" wrap="wrap">
            <StatusBadge status={c.status} reason={c.statusReason} size="xs" />
            {c.isNew && (
              <Text size="xs" c="teal">
                New
              </Text>
            )}
          </Group>
          {c.email && (
            <Group gap={4} wrap="nowrap">
              <IconMail size={14} aria-label="Email" style={{ flexShrink: 0 }} />
              <Text size="sm" truncate="end">
                {c.email}
              </Text>
            </Group>
          )}
          {c.phone && (
            <Group gap={4} wrap="nowrap">
              <IconPhone size={14} aria-label="Phone" style={{ flexShrink: 0 }} />
              <Text size="sm">{showPhone(c.phone)}</Text>
            </Group>
          )}
          <TagBadges names={c.tags} tagIndex={ctx.tagIndex} />
          <Group gap={4} style={{ columnGap: 'var(--mantine-spacing-md)' }} wrap="wrap">
            <Text size="xs" c="dimmed">
              Last activity: {formatRelative(c.lastActivityAt, 'none yet')}
            </Text>
            {!!c.ordersCount && (
              <Text size="xs" c="dimmed">
                {c.ordersCount} {c.ordersCount === 1 ? word : words}
                {c.totalValue ? ` · ${formatMoney(c.totalValue)}` : ''}
              </Text>
            )}
            {c.ownerId && (
              <Text size="xs" c="dimmed">
                Owner: {ctx.ownerName(c.ownerId)}
              </Text>
            )}
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}
