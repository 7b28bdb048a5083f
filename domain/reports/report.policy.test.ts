import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../policies/actor.ts';
import { canOnReport, changedFigures, type ReportAction, type ReportStatus } from './report.policy.ts';

// Unit 3 reports under a notice issued by unit 2, which answers a notice of unit 1. Unit 4 is a sibling.
const actor = (unitId: number, role: Role): Actor => ({ userId: 9, username: 'u', displayName: 'U', unitId, grants: [{ unitId, unitPath: `/${unitId}/`, role }] });
const report = (status: ReportStatus, onBehalf = false) => ({ unitId: 3, status, issuerUnitId: 2, aboveIssuerUnitIds: [1], onBehalf });
const can = (a: Actor, action: ReportAction, status: ReportStatus): boolean => canOnReport(a, action, report(status));

describe('report access', () => {
  it('lets the unit fill in and submit its draft or returned report, never after submission', () => {
    expect(can(actor(3, 'reporter'), 'edit', 'draft')).toBe(true);
    expect(can(actor(3, 'reporter'), 'submit', 'returned')).toBe(true);
    expect(can(actor(3, 'reporter'), 'edit', 'submitted')).toBe(false);
    expect(can(actor(3, 'reporter'), 'edit', 'accepted')).toBe(false);
    expect(can(actor(3, 'viewer'), 'edit', 'draft')).toBe(false);
    expect(can(actor(3, 'viewer'), 'view', 'draft')).toBe(true);
  });
  it('shows the issuer and offices above only what was submitted; siblings nothing', () => {
    for (const who of [actor(2, 'reviewer'), actor(1, 'viewer')]) {
      expect(can(who, 'view', 'draft')).toBe(false);
      expect(can(who, 'view', 'submitted')).toBe(true);
    }
    for (const status of ['draft', 'submitted', 'accepted'] as const) expect(can(actor(4, 'admin'), 'view', status)).toBe(false);
  });
  it('lets only the issuer’s reviewers return or accept a submitted report, and fill in on behalf', () => {
    expect(can(actor(2, 'reviewer'), 'accept', 'submitted')).toBe(true);
    expect(can(actor(2, 'reviewer'), 'return', 'accepted')).toBe(false);
    expect(can(actor(2, 'reporter'), 'accept', 'submitted')).toBe(false);
    expect(can(actor(1, 'admin'), 'accept', 'submitted')).toBe(false);
    expect(can(actor(2, 'reviewer'), 'edit', 'draft')).toBe(true);
    // A draft the office itself filled in on the unit's behalf stays visible to the office.
    expect(canOnReport(actor(2, 'reviewer'), 'view', report('draft', true))).toBe(true);
    expect(canOnReport(actor(1, 'admin'), 'view', report('draft', true))).toBe(false);
  });
  it('finds the figures changed since the previous submission', () => {
    expect(changedFigures([1, 2, null], [1, 3, 0])).toEqual([1, 2]);
    expect(changedFigures(null, [1])).toEqual([]);
  });
});
