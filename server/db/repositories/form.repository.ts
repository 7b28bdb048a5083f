import { and, desc, eq } from 'drizzle-orm';
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
