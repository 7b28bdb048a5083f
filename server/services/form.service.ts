import { DomainError } from '../../domain/errors/domain-error.ts';
import type { FormDefinition } from '../../domain/forms/form.ts';
import { BUILTIN_FORMS } from '../../domain/forms/quality-month-2024.form.ts';
import type { Db } from '../db/database.ts';
import * as repo from '../db/repositories/form.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import type { AppDeps } from './service-context.ts';

/** Built-in forms ship with the code and are registered (once per version) at start. */
export async function ensureBuiltinForms(db: Db): Promise<void> {
  for (const def of BUILTIN_FORMS) await repo.ensureForm(db, def, true);
}

export async function getForm(db: DbOrTx, code: string, version?: number): Promise<FormDefinition> {
  const row = version === undefined ? await repo.latestForm(db, code) : await repo.formVersion(db, code, version);
  if (!row) throw new DomainError('FORM_NOT_FOUND', { code });
  return row.definition;
}

export interface FormChoice {
  code: string;
  version: number;
  name: string;
  title: string;
  indicators: number;
  builtin: boolean;
}

/**
 * The statistics tables a notice may carry, newest first, and the one to preselect for a notice of the campaign:
 * the one used most recently by a notice of the same campaign, else the newest built-in table. (A forward or plan
 * keeps its parent's; the form does that.)
 */
export async function formChoices(
  deps: AppDeps,
  campaignId: number | undefined,
): Promise<{ items: FormChoice[]; suggested: string | null }> {
  const { db } = deps.database;
  const rows = await repo.latestForms(db);
  const items = rows.map((r) => ({
    code: r.code,
    version: r.version,
    name: r.name,
    title: r.definition.title,
    indicators: r.definition.indicators.length,
    builtin: r.builtin,
  }));
  const recent = campaignId === undefined ? null : await repo.lastFormInCampaign(db, campaignId);
  const suggested =
    (recent && items.some((i) => i.code === recent) ? recent : null) ??
    items.find((i) => i.builtin)?.code ??
    items[0]?.code ??
    null;
  return { items, suggested };
}

/** A form's definition, for the preview as printed. */
export const formDefinition = (deps: AppDeps, code: string, version?: number): Promise<FormDefinition> =>
  getForm(deps.database.db, code, version);
