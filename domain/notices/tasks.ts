import type { NoticeArrangementLike } from './notice-content.ts';

export const ARRANGEMENT_ROLES = ['lead', 'responsible', 'cooperating', 'implementing'] as const;
export type ArrangementRole = (typeof ARRANGEMENT_ROLES)[number];
export const ROLE_LABELS: Record<ArrangementRole, string> = {
  lead: '牵头',
  responsible: '负责',
  cooperating: '配合',
  implementing: '实施',
};

export type TaskState = 'open' | 'overdue' | 'closed';

export interface Task {
  arrangementIndex: number;
  title: string;
  dueOn: string | null;
  role: ArrangementRole;
  unitId: number;
  unitName: string;
  state: TaskState;
}

/**
 * The arrangements of one notice that name any of the units, one task per (arrangement, unit, role).
 * A task is overdue after its own due date, else after the notice's deadline; closed when archived.
 */
export function tasksFor(
  arrangements: NoticeArrangementLike[],
  unitIds: Set<number>,
  deadline: string | null,
  today: string,
  archived: boolean,
): Task[] {
  const out: Task[] = [];
  arrangements.forEach((a, arrangementIndex) => {
    for (const role of ARRANGEMENT_ROLES) {
      for (const u of a[role]) {
        if (u.unitId === null || !unitIds.has(u.unitId)) continue;
        const due = a.dueOn ?? deadline;
        const state: TaskState = archived ? 'closed' : due !== null && due < today ? 'overdue' : 'open';
        out.push({ arrangementIndex, title: a.title, dueOn: due, role, unitId: u.unitId, unitName: u.name, state });
      }
    }
  });
  return out;
}
