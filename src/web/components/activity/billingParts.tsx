import { Alert, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export const invoiceColors = { draft: 'gray', sent: 'blue', paid: 'teal', overdue: 'red', void: 'dark' } as const;

/** One figure of the billing summary (outstanding, overdue, revenue, credit). */
export function Figure({ label, value, hint, danger }: { label: string; value: string; hint?: string; danger?: boolean }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} c={danger ? 'red' : undefined}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** A titled part of the Billing tab: its table, a skeleton while loading, or what to do when empty. */
export function Section({ title, loading, error, empty, children }: { title: string; loading: boolean; error?: string; empty: string | null; children: ReactNode }) {
  return (
    <Stack gap={4} component="section" aria-label={title}>
      <Title order={4}>{title}</Title>
      {loading ? (
        <Skeleton h={60} />
      ) : error ? (
        <Alert color="red">{error}</Alert>
      ) : empty ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Stack>
  );
}
