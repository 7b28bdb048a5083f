import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../policies/actor.ts';
import { canOnNotice, type NoticeResource } from './notice.policy.ts';

const actor = (unitId: number, role: Role): Actor => ({
  userId: unitId,
  username: `u${unitId}`,
  displayName: '',
  unitId,
  grants: [{ unitId, unitPath: `/1/${unitId}/`, role }],
});

// 收文登记: Hunan (10) is the named issuer, Yueyang (20) recorded it and is its recipient.
const recorded: NoticeResource = {
  issuerUnitId: 10,
  status: 'issued',
  recipientUnitIds: [20],
  ancestorIssuerUnitIds: [],
  recordedByUnitId: 20,
};

describe('a recorded notice (收文登记)', () => {
  it("is corrected by the recording unit's office staff, not by the named issuer's", () => {
    expect(canOnNotice(actor(20, 'reviewer'), 'revise', recorded)).toBe(true);
    expect(canOnNotice(actor(20, 'reporter'), 'revise', recorded)).toBe(false);
    expect(canOnNotice(actor(10, 'admin'), 'revise', recorded)).toBe(false);
  });
  it("is seen by both, and its recipients' signatures by the recorder", () => {
    expect(canOnNotice(actor(10, 'viewer'), 'view', recorded)).toBe(true);
    expect(canOnNotice(actor(20, 'viewer'), 'view', recorded)).toBe(true);
    expect(canOnNotice(actor(20, 'viewer'), 'view_signatures', recorded)).toBe(true);
    expect(canOnNotice(actor(30, 'admin'), 'view', recorded)).toBe(false);
  });
  it('leaves a notice written by its issuer as before', () => {
    const own = { ...recorded, recordedByUnitId: null };
    expect(canOnNotice(actor(10, 'reviewer'), 'revise', own)).toBe(true);
    expect(canOnNotice(actor(20, 'reviewer'), 'revise', own)).toBe(false);
  });
});
