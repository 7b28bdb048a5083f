import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { FormDefinition } from '../../../domain/forms/form.ts';
import { forms } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

export type FormRow = typeof forms.$inferSelect;

export async function latestForm(db: DbOrTx, code: string): Promise<FormRow | undefined> {
  return (await db.select().from(forms).where(eq(forms.code, code)).orderBy(desc(forms.version)).limit(1))[0];
}

export async function formVersion(db: DbOrTx, code: string, version: number): Promise<FormRow | undefined> {
  return (
    await db
      .select()
      .from(forms)
      .where(and(eq(forms.code, code), eq(forms.version, version)))
      .limit(1)
  )[0];
}

/** Inserts a built-in form version unless it is already there (idempotent at every start). */
export async function ensureForm(db: DbOrTx, def: FormDefinition, builtin: boolean): Promise<void> {
  await db
    .insert(forms)
    .values({ code: def.code, version: def.version, name: def.name, definition: def, builtin })
    .onConflictDoNothing();
}

/** The newest version of every form, newest first (built-in and designed alike). */
export async function latestForms(db: DbOrTx): Promise<FormRow[]> {
  const rows = await db.execute<{ id: number }>(sql`
    select distinct on (code) id from forms order by code, version desc`);
  const ids = rows.rows.map((r) => r.id);
  if (ids.length === 0) return [];
  return db.select().from(forms).where(inArray(forms.id, ids)).orderBy(desc(forms.createdAt), desc(forms.id));
}

/** The form of the notice created most recently in a campaign that carries one. */
export async function lastFormInCampaign(db: DbOrTx, campaignId: number): Promise<string | null> {
  const rows = await db.execute<{ form_code: string }>(sql`
    select form_code from notices where campaign_id = ${campaignId} and form_code is not null
    order by created_at desc, id desc limit 1`);
  return rows.rows[0]?.form_code ?? null;
}
