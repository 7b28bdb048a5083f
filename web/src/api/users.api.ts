import { api } from './client.ts';
import type { Page, Role, UserView } from './types.ts';

export interface UserQuery {
  unitId?: number | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export interface NewUser {
  username: string;
  displayName: string;
  unitId: number;
  roles: Role[];
  phone?: string | null;
  email?: string | null;
}

export interface UserPatch {
  displayName?: string;
  phone?: string | null;
  email?: string | null;
  roles?: Role[];
  active?: boolean;
}

export const userKeys = {
  all: ['users'] as const,
  list: (q: UserQuery) => ['users', 'list', q] as const,
};

export function listUsers(q: UserQuery): Promise<Page<UserView>> {
  return api<Page<UserView>>('/api/users', { query: { unitId: q.unitId, q: q.q, page: q.page, pageSize: q.pageSize } });
}

export function createUser(input: NewUser): Promise<{ user: UserView; initialPassword?: string }> {
  return api('/api/users', { method: 'POST', body: input });
}

export function updateUser(id: number, version: number, patch: UserPatch): Promise<UserView> {
  return api<UserView>(`/api/users/${id}`, { method: 'PATCH', body: { version, ...patch } });
}

export function resetPassword(id: number): Promise<{ temporaryPassword: string }> {
  return api(`/api/users/${id}/reset-password`, { method: 'POST' });
}

export function unlockUser(id: number): Promise<{ cleared: number }> {
  return api(`/api/users/${id}/unlock`, { method: 'POST' });
}
