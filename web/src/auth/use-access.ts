import { useQuery } from '@tanstack/react-query';
import { listUnits, unitKeys } from '../api/units.api.ts';

export interface Access {
  canViewUnits: boolean;
  canManageUsers: boolean;
  canViewAudit: boolean;
  loaded: boolean;
}

/** What the menu may offer, read from the `can` of the user's top-level units. */
export function useAccess(): Access {
  const { data, isSuccess } = useQuery({ queryKey: unitKeys.children(null, false), queryFn: () => listUnits(null) });
  const roots = data ?? [];
  return {
    canViewUnits: roots.some((u) => u.can.view),
    canManageUsers: roots.some((u) => u.can.manage_users),
    canViewAudit: roots.some((u) => u.can.view_audit),
    loaded: isSuccess,
  };
}
