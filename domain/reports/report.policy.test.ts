import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../policies/actor.ts';
import {
  canOnReport,
  changedFigures,
  figureCommentProblems,
  lateSubmission,
  normalizeFigureComments,
  type ReportAction,
  type ReportStatus,
} from './report.policy.ts';

// Unit 3 reports under a notice issued by unit 2, which answers a notice of unit 1. Unit 4 is a sibling.
const actor = (unitId: number, role: Role): Actor => ({
  userId: 9,
  username: 'u',
  displayName: 'U',
  unitId,
  grants: [{ unitId, unitPath: `/${unitId}/`, role }],
});
const report = (status: ReportStatus, onBehalf = false) => ({
  unitId: 3,
  status,
  issuerUnitId: 2,
  aboveIssuerUnitIds: [1],
  onBehalf,
});
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
    for (const status of ['draft', 'submitted', 'accepted'] as const)
      expect(can(actor(4, 'admin'), 'view', status)).toBe(false);
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

describe('unlocking, figure comments and late submissions', () => {
  it('lets the unit ask to reopen an accepted report and the issuer decide', () => {
    expect(can(actor(3, 'reporter'), 'request_unlock', 'accepted')).toBe(true);
    expect(can(actor(3, 'reporter'), 'request_unlock', 'submitted')).toBe(false);
    expect(can(actor(3, 'viewer'), 'request_unlock', 'accepted')).toBe(false);
    expect(can(actor(2, 'reviewer'), 'decide_unlock', 'accepted')).toBe(true);
    expect(can(actor(3, 'admin'), 'decide_unlock', 'accepted')).toBe(false);
    expect(can(actor(1, 'admin'), 'decide_unlock', 'accepted')).toBe(false);
  });
  it('checks comment codes and lengths and drops blanks', () => {
    expect(figureCommentProblems(['a', 'b'], { a: 'ok', x: 'no', b: '字'.repeat(201) })).toEqual({
      unknown: ['x'],
      tooLong: ['b'],
    });
    expect(normalizeFigureComments(['a', 'b'], { b: ' 请核实 ', a: '  ' })).toEqual({ b: '请核实' });
    expect(normalizeFigureComments(['a'], { a: '' })).toBeNull();
  });
  it('marks late submissions and blocks only a first one by the unit when the issuer said so', () => {
    const base = { blockLate: true, resubmission: false, byIssuer: false };
    expect(lateSubmission('2024-10-10', '2024-10-10', base)).toEqual({ late: false, blocked: false });
    expect(lateSubmission('2024-10-10', '2024-10-11', base)).toEqual({ late: true, blocked: true });
    expect(lateSubmission('2024-10-10', '2024-10-11', { ...base, blockLate: false })).toEqual({
      late: true,
      blocked: false,
    });
    expect(lateSubmission('2024-10-10', '2024-10-11', { ...base, resubmission: true })).toEqual({
      late: true,
      blocked: false,
    });
    expect(lateSubmission('2024-10-10', '2024-10-11', { ...base, byIssuer: true })).toEqual({
      late: true,
      blocked: false,
    });
    expect(lateSubmission(null, '2099-01-01', base)).toEqual({ late: false, blocked: false });
  });
});
