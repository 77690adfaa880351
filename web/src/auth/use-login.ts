import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { SESSION_KEY } from './session.ts';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      api.post<Session>('/api/auth/login', credentials),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
}

/** Ends this session, or with `everywhere` every session of the user in every browser. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (everywhere: boolean = false) =>
      api.post<void>(everywhere ? '/api/auth/logout-everywhere' : '/api/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, null);
    },
  });
}
