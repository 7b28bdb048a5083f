import { describe, expect, it } from 'vitest';
import { tasksFor } from './tasks.ts';

const arrangement = (title: string, dueOn: string | null, lead: number[], cooperating: number[]) => ({
  title,
  content: '',
  dueOn,
  lead: lead.map((unitId) => ({ unitId, name: `单位${unitId}` })),
  responsible: [],
  cooperating: [
    ...cooperating.map((unitId) => ({ unitId, name: `单位${unitId}` })),
    { unitId: null, name: '各县市区局' },
  ],
  implementing: [],
});

describe('my tasks', () => {
  const arrangements = [arrangement('启动仪式', '2024-09-05', [7], [8]), arrangement('质量强企', null, [9], [7])];
  it('lists every arrangement naming the unit, in the role it is named', () => {
    const tasks = tasksFor(arrangements, new Set([7]), '2024-10-12', '2024-09-01', false);
    expect(tasks.map((t) => [t.title, t.role, t.dueOn, t.state])).toEqual([
      ['启动仪式', 'lead', '2024-09-05', 'open'],
      ['质量强企', 'cooperating', '2024-10-12', 'open'],
    ]);
  });
  it('marks tasks overdue after their date (the due day itself is on time), closed when archived', () => {
    expect(tasksFor(arrangements, new Set([7]), '2024-10-12', '2024-09-05', false)[0]?.state).toBe('open');
    expect(tasksFor(arrangements, new Set([7]), '2024-10-12', '2024-09-06', false)[0]?.state).toBe('overdue');
    expect(tasksFor(arrangements, new Set([7]), '2024-10-12', '2024-09-06', true)[0]?.state).toBe('closed');
  });
  it('ignores units named only by text', () => {
    expect(tasksFor(arrangements, new Set([99]), null, '2024-09-01', false)).toEqual([]);
  });
});
