import { DomainError } from '../../domain/errors/domain-error.ts';
import type { FormDefinition } from '../../domain/forms/form.ts';
import { BUILTIN_FORMS } from '../../domain/forms/quality-month-2024.form.ts';
import type { Db } from '../db/database.ts';
import * as repo from '../db/repositories/form.repository.ts';
import type { DbOrTx } from '../db/tx.ts';

/** Built-in forms ship with the code and are registered (once per version) at start. */
export async function ensureBuiltinForms(db: Db): Promise<void> {
  for (const def of BUILTIN_FORMS) await repo.ensureForm(db, def, true);
}

export async function getForm(db: DbOrTx, code: string, version?: number): Promise<FormDefinition> {
  const row = version === undefined ? await repo.latestForm(db, code) : await repo.formVersion(db, code, version);
  if (!row) throw new DomainError('FORM_NOT_FOUND', { code });
  return row.definition;
}
