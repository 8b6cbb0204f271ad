import { notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api';
import { meKey } from './keys';

/**
 * A 401 on any call means the session is gone: clearing `me` makes the signed-in layout
 * send the user to /login (with the page they were on, to come back to).
 */
function onUnauthorized(error: unknown) {
  if (isApiError(error, 401) && queryClient.getQueryData(meKey) != null) queryClient.setQueryData(meKey, null);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      onUnauthorized(error);
      // Queries without their own error display still tell the user something went wrong.
      if (query.meta?.silent !== true && !isApiError(error, 401) && !isApiError(error, 403)) {
        notifications.show({ color: 'red', title: 'Could not load', message: error.message });
      }
    },
  }),
  mutationCache: new MutationCache({ onError: onUnauthorized }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Retrying a 4xx only repeats the same answer.
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});
