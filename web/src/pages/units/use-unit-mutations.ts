import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createUnit, moveUnit, setUnitActive, unitKeys, updateUnit } from '../../api/units.api.ts';
import type { UnitInput } from '../../api/types.ts';

/** Unit changes; callers refresh the affected tree levels themselves. */
export function useUnitMutations() {
  const client = useQueryClient();
  const invalidateDetail = (id: number) => client.invalidateQueries({ queryKey: unitKeys.detail(id) });
  const invalidateSearches = () => client.invalidateQueries({ queryKey: ['units', 'search'] });

  return {
    create: useMutation({
      mutationFn: ({ parentId, input }: { parentId: number; input: UnitInput }) => createUnit(parentId, input),
      onSuccess: async (_u, v) => {
        await Promise.all([invalidateDetail(v.parentId), invalidateSearches()]);
      },
    }),
    update: useMutation({
      mutationFn: ({ id, version, input }: { id: number; version: number; input: Partial<UnitInput> }) =>
        updateUnit(id, version, input),
      onSuccess: async (u) => {
        await Promise.all([invalidateDetail(u.id), invalidateSearches()]);
      },
    }),
    move: useMutation({
      mutationFn: ({ id, version, parentId }: { id: number; version: number; parentId: number }) =>
        moveUnit(id, version, parentId),
      onSuccess: async (u) => {
        await Promise.all([invalidateDetail(u.id), invalidateSearches()]);
      },
    }),
    setActive: useMutation({
      mutationFn: ({ id, version, active }: { id: number; version: number; active: boolean }) =>
        setUnitActive(id, version, active),
      onSuccess: async (u) => {
        await Promise.all([invalidateDetail(u.id), invalidateSearches()]);
      },
    }),
  };
}
