import { api, setCsrfToken } from './client.ts';
import type { SessionInfo } from './types.ts';

export async function login(username: string, password: string): Promise<SessionInfo> {
  const info = await api<SessionInfo>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
    skipAuthRedirect: true,
  });
  setCsrfToken(info.csrfToken);
  return info;
}

/** The current session, or null when nobody is logged in. */
export async function fetchMe(): Promise<SessionInfo | null> {
  try {
    const info = await api<SessionInfo>('/api/auth/me', { skipAuthRedirect: true });
    setCsrfToken(info.csrfToken);
    return info;
  } catch (error) {
    if (error instanceof Error && 'status' in error && error.status === 401) return null;
    throw error;
  }
}

export async function logout(): Promise<void> {
  await api<unknown>('/api/auth/logout', { method: 'POST', skipAuthRedirect: true });
  setCsrfToken(null);
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api<unknown>('/api/auth/change-password', { method: 'POST', body: { currentPassword, newPassword } });
}
