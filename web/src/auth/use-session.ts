import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { fetchMe } from '../api/auth.api.ts';
import type { SessionInfo } from '../api/types.ts';

export const sessionKey = ['session'] as const;

/** The logged-in user (null when logged out), loaded once and refreshed on login/logout. */
export function useSessionQuery() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchMe, staleTime: Infinity, retry: false });
}

/** The session inside the protected layout, where it is known to exist. */
export function useSession(): SessionInfo {
  const { data } = useSessionQuery();
  if (!data) throw new Error('useSession outside a logged-in page');
  return data;
}

/** Replaces the cached session without refetching (after login, password change, logout). */
export function useSetSession(): (info: SessionInfo | null) => void {
  const client = useQueryClient();
  return useCallback(
    (info: SessionInfo | null) => {
      if (info === null) {
        // Nothing cached from the previous user may leak into the next one.
        client.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      }
      client.setQueryData(sessionKey, info);
    },
    [client],
  );
}
