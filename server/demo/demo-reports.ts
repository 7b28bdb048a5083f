import { eq } from 'drizzle-orm';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { insertReport } from '../db/repositories/report.repository.ts';
import { noticeRecipients, notices } from '../db/schema.ts';
import type { DbOrTx } from '../db/tx.ts';

// Plausible magnitudes per indicator for a prefecture-sized unit; members and departments get less.
const SCALE: Record<string, number> = {
  pub_leader_provincial: 2,
  pub_leader_city: 6,
  pub_leader_county: 15,
  pub_events: 30,
  pub_attendance: 8000,
  pub_departments: 12,
  pub_department_attendance: 150,
  press_departments: 4,
  press_releases: 20,
  print_articles: 25,
  broadcast_count: 12,
  broadcast_minutes: 240,
  psa_count: 40,
  posters: 600,
  leaflets: 12000,
  boards: 60,
  sms: 50000,
  new_media: 80,
  complaints: 120,
  ent_count: 150,
  ent_staff: 4000,
  ent_hazards: 90,
  ent_solved: 70,
  ent_meetings: 40,
  ent_qc: 30,
  enf_areas: 8,
  enf_products: 12,
  enf_officers: 600,
  enf_cases: 25,
  enf_goods_value: 35,
  enf_exposed: 4,
};

/** A small seeded generator, so the demo is the same on every install. */
export function demoRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function demoFigures(rand: () => number, weight: number): number[] {
  const values = QUALITY_MONTH_2024.indicators.map((ind) => {
    const v = (SCALE[ind.code] ?? 10) * weight * (0.4 + rand());
    return ind.type === 'decimal2' ? Math.round(v * 100) / 100 : Math.round(v);
  });
  const at = (code: string): number => QUALITY_MONTH_2024.indicators.findIndex((i) => i.code === code);
  // Keep the form's own rules satisfied: solved ≤ found, people ≥ departments.
  values[at('ent_solved')] = Math.min(values[at('ent_solved')] ?? 0, values[at('ent_hazards')] ?? 0);
  values[at('pub_department_attendance')] = Math.max(
    values[at('pub_department_attendance')] ?? 0,
    values[at('pub_departments')] ?? 0,
  );
  return values;
}

/** Accepted reports, each marked 示例数据, for every recipient of the Tibet notices that carry the form. */
export async function loadDemoReports(db: DbOrTx, noticeIds: number[]): Promise<number> {
  const rand = demoRandom(20241010);
  let n = 0;
  for (const noticeId of noticeIds) {
    const notice = (await db.select().from(notices).where(eq(notices.id, noticeId)))[0];
    if (!notice?.formCode) continue;
    const recipients = await db
      .select({ unitId: noticeRecipients.unitId })
      .from(noticeRecipients)
      .where(eq(noticeRecipients.noticeId, noticeId));
    for (const { unitId } of recipients) {
      const weight = notice.parentId && notice.kind === 'forward' ? 0.15 : 0.6;
      await insertReport(db, {
        noticeId,
        unitId,
        formCode: QUALITY_MONTH_2024.code,
        formVersion: QUALITY_MONTH_2024.version,
        figures: demoFigures(rand, weight),
        status: 'accepted',
        summary: '<p>示例数据</p>',
        signature: { reporter: '示例数据', reviewer: null, phone: null, date: '2024-10-08' },
        submittedAt: new Date('2024-10-08T10:00:00+08:00'),
        acceptedAt: new Date('2024-10-09T10:00:00+08:00'),
      });
      n++;
    }
  }
  return n;
}
