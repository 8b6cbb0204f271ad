import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Me } from '../../domain/account';
import { useMe } from '../api/account';

/** Renders its children only with a session; otherwise sends the user to sign in and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    return (
      <Center h="100dvh" p="md">
        <Stack maw={420}>
          <Alert color="red" title="Rapport cannot be reached">
            {me.error.message}
          </Alert>
          <Button onClick={() => void me.refetch()}>Try again</Button>
        </Stack>
      </Center>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

export function FullPageLoader() {
  return (
    <Center h="100dvh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/** The session of a page inside RequireAuth, where it always exists. */
export function useSession(): Me {
  const me = useMe().data;
  if (!me) throw new Error('useSession is only for pages inside RequireAuth');
  return me;
}

/** Only same-site paths, so a crafted ?next= cannot send a user elsewhere after signing in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
