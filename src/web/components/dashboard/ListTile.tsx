import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export type TileItem = { key: string; primary: ReactNode; secondary?: ReactNode; to?: string; tone?: 'red' };

/** A dashboard tile: a count, the first few items and a link to the whole list; says what to do when empty. */
export function ListTile({ title, count, href, items, empty, more }: { title: string; count: number; href: string; items: TileItem[]; empty: string; more: string }) {
  return (
    <Card withBorder padding="md" h="100%">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h5">
          {title}
        </Title>
        <Badge variant={count ? 'filled' : 'light'} color={count ? 'indigo' : 'gray'} aria-label={`${count} in total`}>
          {count.toLocaleString()}
        </Badge>
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap={6}>
          {items.map((i) => (
            <div key={i.key}>
              {i.to ? (
                <Anchor component={Link} to={i.to} size="sm" fw={500} lineClamp={1}>
                  {i.primary}
                </Anchor>
              ) : (
                <Text size="sm" fw={500} lineClamp={1}>
                  {i.primary}
                </Text>
              )}
              {i.secondary && (
                <Text size="xs" c={i.tone === 'red' ? 'red.7' : 'dimmed'} lineClamp={1}>
                  {i.secondary}
                </Text>
              )}
            </div>
          ))}
          {count > items.length && (
            <Anchor component={Link} to={href} size="sm">
              {more}
            </Anchor>
          )}
        </Stack>
      )}
    </Card>
  );
}
