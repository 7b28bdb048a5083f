import { DomainError } from '../../domain/errors/domain-error.ts';
import { formatDateTimeCn } from '../../domain/i18n/format.ts';
import { lastChange } from '../db/repositories/audit.repository.ts';
import type { DbOrTx } from '../db/tx.ts';

/** 409 STALE_EDIT naming who changed the object last and when (from the audit log). */
export async function staleEditError(db: DbOrTx, objectType: string, objectId: number): Promise<DomainError> {
  const last = await lastChange(db, objectType, objectId);
  return new DomainError('STALE_EDIT', last ? { by: last.actorName, at: formatDateTimeCn(last.at) } : {});
}
