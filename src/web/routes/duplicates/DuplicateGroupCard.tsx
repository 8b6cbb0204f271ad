import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowsDiff, IconCircleX } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { DuplicateCluster, DuplicatePair } from '../../api/duplicates';
import { showPhone } from '../../components/clients/ClientBits';
import { formatRelative } from '../../components/format';
import { compareHref, plural, reasonsText, scoreColor } from './duplicateWords';

type Props = {
  cluster: DuplicateCluster;
  canMerge: boolean;
  canDismiss: boolean;
  dismissing: string | null;
  onDismiss: (pair: DuplicatePair) => void;
};

export const pairKey = (pair: { clientIds: [string, string] }) => pair.clientIds.join(' ');

/** One group of the queue: its clients side by side in brief, each candidate pair with its reasons, and the way to compare. */
export function DuplicateGroupCard({ cluster, canMerge, canDismiss, dismissing, onDismiss }: Props) {
  const names = new Map(cluster.clients.map((c) => [c.id, c.displayName]));
  const best = cluster.pairs[0];
  const headingId = `group-${cluster.id}`;
  return (
    <Paper component="article" withBorder radius="md" p="md" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" gap="sm" mb="sm">
        <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
          <Group gap="xs">
            <Badge color={scoreColor(cluster.score)} variant="light" size="lg" aria-label={`Score ${cluster.score} of 100`}>
              {cluster.score}
            </Badge>
            <Text id={headingId} fw={600} component="h2" size="md" m={0} style={{ overflowWrap: 'anywhere' }}>
              {cluster.clients.map((c) => c.displayName).join(' · ')}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {plural(cluster.size, 'client')}
            {best ? ` · ${reasonsText(best.reasons)}` : ''}
          </Text>
        </Stack>
        <Button component={Link} to={compareHref(cluster.clients.map((c) => c.id))} leftSection={<IconArrowsDiff size={16} />} variant={canMerge ? 'filled' : 'default'} aria-label={`${canMerge ? 'Compare and merge' : 'Compare'} ${cluster.clients.map((c) => c.displayName).join(', ')}`}>
          {canMerge ? 'Compare and merge' : 'Compare'}
        </Button>
      </Group>

      <SimpleGrid cols={{ base: 1, xs: 2, md: Math.min(3, cluster.clients.length) }} spacing="xs" mb="sm">
        {cluster.clients.map((c) => (
          <Paper key={c.id} bg="var(--mantine-color-default-hover)" p="xs" radius="sm">
            <Anchor component={Link} to={`/clients/${c.id}`} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {c.displayName}
            </Anchor>
            {c.companyName && c.companyName !== c.displayName && (
              <Text size="xs" c="dimmed">
                {c.companyName}
              </Text>
            )}
            {c.emails.map((e) => (
              <Text key={e} size="xs" style={{ overflowWrap: 'anywhere' }}>
                {e}
              </Text>
            ))}
            {c.phones.map((p) => (
              <Text key={p} size="xs">
                {showPhone(p)}
              </Text>
            ))}
            <Text size="xs" c="dimmed">
              {[c.city, `added ${formatRelative(c.createdAt).toLowerCase()}`].filter(Boolean).join(' · ')}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>

      <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Why these clients look alike">
        {cluster.pairs.map((pair) => {
          const [a, b] = pair.clientIds.map((id) => names.get(id) ?? 'A client');
          const key = pairKey(pair);
          return (
            <Group component="li" key={key} justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" style={{ minWidth: 0 }}>
                <Tooltip label={`Pair score ${pair.score} of 100`}>
                  <Badge component="span" size="sm" variant="outline" color={scoreColor(pair.score)} mr={6}>
                    {pair.score}
                  </Badge>
                </Tooltip>
                {cluster.size > 2 && (
                  <Text span size="sm" fw={500}>
                    {a} ↔ {b}:{' '}
                  </Text>
                )}
                {reasonsText(pair.reasons)}
              </Text>
              {canDismiss && (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="gray"
                  leftSection={<IconCircleX size={14} />}
                  loading={dismissing === key}
                  onClick={() => onDismiss(pair)}
                  aria-label={`${a} and ${b} are not a duplicate`}
                  style={{ flexShrink: 0 }}
                >
                  Not a duplicate
                </Button>
              )}
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}
