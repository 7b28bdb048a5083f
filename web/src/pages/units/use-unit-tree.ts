import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { listUnits, unitKeys } from '../../api/units.api.ts';
import type { UnitView } from '../../api/types.ts';

const ROOT = 'root';
type ParentKey = number | typeof ROOT;

export interface UnitTreeState {
  /** Children loaded so far, by parent id ('root' for the user's top-level units). */
  children: ReadonlyMap<ParentKey, UnitView[]>;
  rootsLoading: boolean;
  rootsError: unknown;
  /** Loads a node's children (once; again after reload). */
  loadChildren: (parentId: number) => Promise<void>;
  /** Refetches the children of these parents (null = roots) after a change. */
  reload: (parentIds: (number | null)[]) => Promise<void>;
}

/**
 * The unit tree is ~3,400 offices deep and wide: only the visible levels are fetched,
 * one `GET /api/units?parentId=` per expanded node.
 */
export function useUnitTree(includeInactive: boolean): UnitTreeState {
  const client = useQueryClient();
  const [children, setChildren] = useState<Map<ParentKey, UnitView[]>>(new Map());
  const [rootsLoading, setRootsLoading] = useState(true);
  const [rootsError, setRootsError] = useState<unknown>(null);
  const loaded = useRef(children);
  loaded.current = children;

  const fetchChildren = useCallback(
    async (parentId: number | null, fresh: boolean): Promise<UnitView[]> => {
      const queryKey = unitKeys.children(parentId, includeInactive);
      if (fresh) await client.invalidateQueries({ queryKey, refetchType: 'none' });
      return client.fetchQuery({
        queryKey,
        queryFn: () => listUnits(parentId, includeInactive),
        staleTime: fresh ? 0 : 30_000,
      });
    },
    [client, includeInactive],
  );

  useEffect(() => {
    let cancelled = false;
    setRootsLoading(true);
    setRootsError(null);
    setChildren(new Map());
    fetchChildren(null, false).then(
      (roots) => {
        if (!cancelled) {
          setChildren(new Map([[ROOT, roots]]));
          setRootsLoading(false);
        }
      },
      (error: unknown) => {
        if (!cancelled) {
          setRootsError(error);
          setRootsLoading(false);
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [fetchChildren]);

  const loadChildren = useCallback(
    async (parentId: number) => {
      if (loaded.current.has(parentId)) return;
      const items = await fetchChildren(parentId, false);
      setChildren((prev) => new Map(prev).set(parentId, items));
    },
    [fetchChildren],
  );

  const reload = useCallback(
    async (parentIds: (number | null)[]) => {
      const unique = [...new Set(parentIds)];
      const results = await Promise.all(unique.map(async (id) => [id ?? ROOT, await fetchChildren(id, true)] as const));
      setChildren((prev) => {
        const next = new Map(prev);
        for (const [key, items] of results) {
          // A parent never expanded stays unloaded; only refresh what is on screen or was asked for.
          next.set(key, items);
        }
        return next;
      });
    },
    [fetchChildren],
  );

  return { children, rootsLoading, rootsError, loadChildren, reload };
}

export const ROOT_KEY = ROOT;
