/**
 * @module session
 * Who is logged in: `GET /api/auth/me` once, kept in the query cache under ['session'];
 * null when nobody is (401). Login and logout replace it; any 401 elsewhere clears it.
 */
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from '../api/client.ts';
import type { Role, Session } from '../api/types.ts';

export const SESSION_KEY = ['session'] as const;

export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/api/auth/me');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSessionQuery() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });
}

/** The session of the logged-in user; only inside the pages behind the login. */
export function useSession(): Session {
  const session = useSessionQuery().data;
  if (!session) throw new Error('useSession outside the logged-in app');
  return session;
}

/** What the caller's role may do: viewers read, controllers work, admins also configure. */
export function usePermissions(): { canWrite: boolean; isAdmin: boolean; role: Role } {
  const { role } = useSession();
  return { canWrite: role !== 'viewer', isAdmin: role === 'admin', role };
}
