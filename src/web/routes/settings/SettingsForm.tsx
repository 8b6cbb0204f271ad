import { Alert, Button, Group, Paper, Skeleton, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { roleAtLeast } from '../../../domain/role';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';

/** The frame of a workspace settings page: loading, error, the form, and who may change it. */
export function SettingsFrame<T>({ title, description, query, children }: { title: string; description: string; query: UseQueryResult<T>; children: (data: T, admin: boolean) => ReactNode }) {
  const me = useSession();
  const admin = roleAtLeast(me.role, 'admin');
  return (
    <>
      <PageHeader title={title} description={description} />
      {query.isPending && <Skeleton h={240} />}
      {query.isError && <Alert color="red">{query.error.message}</Alert>}
      {query.isSuccess && (
        <Paper withBorder p="md" maw={680}>
          {children(query.data, admin)}
        </Paper>
      )}
    </>
  );
}

export function SaveRow({ admin, loading, dirty }: { admin: boolean; loading: boolean; dirty: boolean }) {
  return admin ? (
    <Group justify="flex-end">
      <Button type="submit" loading={loading} disabled={!dirty}>
        Save
      </Button>
    </Group>
  ) : (
    <Text size="sm" c="dimmed">
      Only owners and admins can change these settings.
    </Text>
  );
}

