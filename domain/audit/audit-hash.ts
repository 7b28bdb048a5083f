import { createHash } from 'node:crypto';

export type AuditHashAlgorithm = 'sha256' | 'sm3';

/** The sealed content of an entry; any change to it breaks the chain. */
export interface AuditEntryContent {
  seq: number;
  chainNo: number;
  at: string;
  actorUserId: number | null;
  actorName: string;
  unitId: number | null;
  action: string;
  objectType: string;
  objectId: string | null;
  summary: unknown;
  ip: string | null;
  /** Left out (undefined) when the entry has none, so older entries keep their hash. */
  requestId?: string | undefined;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the database's jsonb key order cannot change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditEntryHash(algorithm: AuditHashAlgorithm, prevHash: string, entry: AuditEntryContent): string {
  return createHash(algorithm).update(prevHash).update('\n').update(canonicalJson(entry)).digest('hex');
}
