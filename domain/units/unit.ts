export const UNIT_KINDS = ['office', 'department', 'association', 'section', 'enterprise'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_LEVELS = ['national', 'province', 'prefecture', 'county'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** Materialised path of ids: '/1/34/567/'. */
export type UnitPath = string;

export function isInSubtree(path: UnitPath, rootPath: UnitPath): boolean {
  return path.startsWith(rootPath);
}

export function pathIds(path: UnitPath): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

export function parentPath(path: UnitPath): UnitPath | null {
  const ids = pathIds(path);
  return ids.length <= 1 ? null : `/${ids.slice(0, -1).join('/')}/`;
}

/** Moving a unit under newParentPath would put it inside itself. */
export function moveCreatesCycle(unitPath: UnitPath, newParentPath: UnitPath): boolean {
  return isInSubtree(newParentPath, unitPath);
}
