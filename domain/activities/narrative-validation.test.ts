import { describe, expect, it } from 'vitest';
import {
  activityProblems,
  caseProblems,
  categoryOptions,
  normalizeActivity,
  progressProblems,
  type ActivityFields,
} from './narrative-validation.ts';

const base: ActivityFields = {
  title: '质量开放日',
  category: null,
  startOn: '2024-09-10',
  endOn: '2024-09-12',
  region: '拉萨市',
  place: null,
  organiser: null,
  coOrganisers: [],
  audience: null,
  participants: 100,
  isPublic: false,
  description: null,
};
const codes = (a: Partial<ActivityFields>): string[] =>
  activityProblems({ ...base, ...a }, 2024).map((p) => `${p.field}:${p.code}`);

describe('activity checks', () => {
  it('accepts a plain activity', () => {
    expect(codes({})).toEqual([]);
  });
  it('requires a title and bounds its length', () => {
    expect(codes({ title: '  ' })).toEqual(['title:required']);
    expect(codes({ title: '长'.repeat(201) })).toEqual(['title:too_long']);
  });
  it('checks dates: real, ordered, near the campaign year, not years long', () => {
    expect(codes({ startOn: '2024-02-30' })).toEqual(['startOn:date_invalid']);
    expect(codes({ endOn: '2024-09-01' })).toEqual(['endOn:date_order']);
    expect(codes({ startOn: '2031-09-01', endOn: null })).toEqual(['startOn:date_out_of_range']);
    expect(codes({ startOn: '2023-01-01', endOn: '2025-01-05' })).toEqual(['endOn:span_too_long']);
    expect(codes({ startOn: null })).toEqual(['startOn:required']);
    expect(codes({ startOn: '2023-11-01', endOn: null })).toEqual([]);
  });
  it('takes participants as a whole number from 0 to 10^8', () => {
    expect(codes({ participants: 0 })).toEqual([]);
    expect(codes({ participants: 100_000_000 })).toEqual([]);
    for (const bad of [-1, 1.5, 100_000_001])
      expect(codes({ participants: bad })).toEqual(['participants:participants_invalid']);
  });
  it('needs a date and a region on a public activity', () => {
    expect(codes({ isPublic: true, startOn: null, endOn: null, region: ' ' })).toEqual([
      'startOn:required',
      'region:required',
    ]);
  });
  it('normalizes blanks and co-organisers', () => {
    expect(
      normalizeActivity({ ...base, title: ' 标题 ', place: ' ', coOrganisers: [' 甲 ', '', '甲', '乙'] }),
    ).toMatchObject({ title: '标题', place: null, coOrganisers: ['甲', '乙'] });
  });
});

describe('cases, progress and categories', () => {
  it('requires a case title and a text', () => {
    expect(caseProblems({ title: '案例', category: null, html: '<p> </p>' }).map((p) => p.field)).toEqual(['html']);
    expect(caseProblems({ title: '案例', category: null, html: '<p>正文</p>' })).toEqual([]);
  });
  it('requires a progress report to say something, on a real date', () => {
    expect(
      progressProblems(
        { reportedOn: '2024-09-15', progress: '', results: '', problems: '', suggestions: '' },
        2024,
      ).map((p) => p.field),
    ).toEqual(['progress']);
    expect(
      progressProblems(
        { reportedOn: '2024-13-01', progress: '推进中', results: '', problems: '', suggestions: '' },
        2024,
      ).map((p) => p.code),
    ).toEqual(['date_invalid']);
  });
  it('offers the notice’s arrangements as categories, then 其他', () => {
    expect(categoryOptions(['开展质量宣传活动。', '开展质量宣传活动', '', '其他', '组织质量提升行动'])).toEqual([
      '开展质量宣传活动',
      '组织质量提升行动',
      '其他',
    ]);
    expect(categoryOptions([])).toEqual(['其他']);
  });
});
