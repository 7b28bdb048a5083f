import { api } from './client.ts';
import type { UnitDetail, UnitInput, UnitView } from './types.ts';

export const unitKeys = {
  all: ['units'] as const,
  children: (parentId: number | null, includeInactive: boolean) =>
    ['units', 'children', parentId, includeInactive] as const,
  search: (q: string) => ['units', 'search', q] as const,
  detail: (id: number) => ['units', 'detail', id] as const,
};

export async function listUnits(parentId: number | null, includeInactive = false): Promise<UnitView[]> {
  const res = await api<{ items: UnitView[] }>('/api/units', {
    query: { parentId, includeInactive: includeInactive ? 'true' : undefined },
  });
  return res.items;
}

export async function searchUnits(q: string, signal?: AbortSignal): Promise<UnitView[]> {
  const res = await api<{ items: UnitView[] }>('/api/units/search', { query: { q }, signal });
  return res.items;
}

export function getUnit(id: number): Promise<UnitDetail> {
  return api<UnitDetail>(`/api/units/${id}`);
}

export function createUnit(parentId: number, input: UnitInput): Promise<UnitView> {
  return api<UnitView>('/api/units', { method: 'POST', body: { parentId, ...input } });
}

export function updateUnit(id: number, version: number, input: Partial<UnitInput>): Promise<UnitView> {
  return api<UnitView>(`/api/units/${id}`, { method: 'PATCH', body: { version, ...input } });
}

export function moveUnit(id: number, version: number, parentId: number): Promise<UnitView> {
  return api<UnitView>(`/api/units/${id}/move`, { method: 'POST', body: { version, parentId } });
}

export function setUnitActive(id: number, version: number, active: boolean): Promise<UnitView> {
  return api<UnitView>(`/api/units/${id}/${active ? 'reactivate' : 'deactivate'}`, {
    method: 'POST',
    body: { version },
  });
}
