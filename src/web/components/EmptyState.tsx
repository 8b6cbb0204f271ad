import { Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * What an empty list says: an icon, what is (not) here, what to do about it, and the action
 * that does it. Every list's empty state looks the same, so a person learns it once.
 */
export function EmptyState({ icon, title, children, actions, width = 520 }: { icon: ReactNode; title: string; children: ReactNode; actions?: ReactNode; width?: number }) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack align="center" ta="center" gap="sm" maw={width} mx="auto">
        <ThemeIcon size={56} radius="xl" variant="light" aria-hidden>
          {icon}
        </ThemeIcon>
        <Title order={2} size="h3">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {children}
        </Text>
        {actions}
      </Stack>
    </Paper>
  );
}
