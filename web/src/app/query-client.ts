import { QueryClient } from '@tanstack/react-query';
import { ApiError, setUnauthenticatedHandler } from '../api/client.ts';
import { SESSION_KEY } from '../auth/session.ts';

/** Client errors (4xx) are answers, not hiccups: only network and server errors are retried. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  // The session ended (expired, logged out in another tab): show the login, keep the address.
  setUnauthenticatedHandler(() => queryClient.setQueryData(SESSION_KEY, null));
  return queryClient;
}
