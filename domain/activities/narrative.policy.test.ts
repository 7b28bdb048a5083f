import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../policies/actor.ts';
import type { ReportStatus } from '../reports/report.policy.ts';
import { canOnNarrative, type NarrativeResource } from './narrative.policy.ts';

const UNIT = 10;
const ISSUER = 1;
const ABOVE = 0;
const SIBLING = 11;
const actor = (unitId: number, role: Role): Actor => ({
  userId: 1,
  username: 'u',
  displayName: 'u',
  unitId,
  grants: [{ unitId, unitPath: `/${unitId}/`, role }],
});
const res = (reportStatus: ReportStatus | null, archived = false): NarrativeResource => ({
  unitId: UNIT,
  issuerUnitId: ISSUER,
  aboveIssuerUnitIds: [ABOVE],
  reportStatus,
  onBehalf: false,
  archived,
});

describe('who sees and edits activities, cases and progress', () => {
  it('follows the report: the unit edits while open, offices see it once submitted', () => {
    expect(canOnNarrative(actor(UNIT, 'reporter'), 'edit', res('draft'))).toBe(true);
    expect(canOnNarrative(actor(UNIT, 'reporter'), 'edit', res('returned'))).toBe(true);
    expect(canOnNarrative(actor(UNIT, 'reporter'), 'edit', res('submitted'))).toBe(false);
    expect(canOnNarrative(actor(ISSUER, 'reviewer'), 'view', res('draft'))).toBe(false);
    expect(canOnNarrative(actor(ISSUER, 'reviewer'), 'view', res('submitted'))).toBe(true);
    expect(canOnNarrative(actor(ABOVE, 'viewer'), 'view', res('accepted'))).toBe(true);
    expect(canOnNarrative(actor(SIBLING, 'admin'), 'view', res('accepted'))).toBe(false);
  });
  it('lets the issuing office recommend a received case, never a draft’s, never in an archived campaign', () => {
    expect(canOnNarrative(actor(ISSUER, 'reviewer'), 'recommend', res('submitted'))).toBe(true);
    expect(canOnNarrative(actor(ISSUER, 'reviewer'), 'recommend', res('draft'))).toBe(false);
    expect(canOnNarrative(actor(ISSUER, 'reporter'), 'recommend', res('accepted'))).toBe(false);
    expect(canOnNarrative(actor(ISSUER, 'reviewer'), 'recommend', res('accepted', true))).toBe(false);
  });
  it('without a statistics form: sent as saved, editable while the campaign runs', () => {
    expect(canOnNarrative(actor(ISSUER, 'viewer'), 'view', res(null))).toBe(true);
    expect(canOnNarrative(actor(UNIT, 'reporter'), 'edit', res(null))).toBe(true);
    expect(canOnNarrative(actor(UNIT, 'reporter'), 'edit', res(null, true))).toBe(false);
    expect(canOnNarrative(actor(ISSUER, 'reviewer'), 'edit', res(null))).toBe(false);
    expect(canOnNarrative(actor(SIBLING, 'admin'), 'view', res(null))).toBe(false);
  });
});
