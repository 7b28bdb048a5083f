import { describe, expect, it } from 'vitest';
import { auditEntryHash, canonicalJson, GENESIS_HASH, type AuditEntryContent } from './audit-hash.ts';

const entry: AuditEntryContent = {
  seq: 1,
  chainNo: 1,
  at: '2024-10-08T02:00:00.000Z',
  actorUserId: 1,
  actorName: 'admin',
  unitId: 1,
  action: 'unit.update',
  objectType: 'unit',
  objectId: '5',
  summary: { b: 1, a: { d: [1, 2], c: '单位' } },
  ip: null,
};

describe('audit hashing', () => {
  it('serialises objects with sorted keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: '单位' } })).toBe('{"a":{"c":"单位","d":[1,2]},"b":1}');
  });
  it('is independent of key order but changes with any content or the previous hash', () => {
    const h = auditEntryHash('sha256', GENESIS_HASH, entry);
    expect(auditEntryHash('sha256', GENESIS_HASH, { ...entry, summary: { a: { c: '单位', d: [1, 2] }, b: 1 } })).toBe(
      h,
    );
    expect(auditEntryHash('sha256', GENESIS_HASH, { ...entry, actorName: 'root' })).not.toBe(h);
    expect(auditEntryHash('sha256', h, entry)).not.toBe(h);
    expect(auditEntryHash('sm3', GENESIS_HASH, entry)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditEntryHash('sm3', GENESIS_HASH, entry)).not.toBe(h);
  });
});
