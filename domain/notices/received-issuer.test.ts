import { describe, expect, it } from 'vitest';
import { matchIssuer } from './received-issuer.ts';

const superiors = [
  { unitId: 30, names: ['西藏自治区质量协会'] },
  { unitId: 20, names: ['西藏自治区市场监督管理局', '自治区质量和标准化工作领导小组办公室'] },
  { unitId: 1, names: ['国家市场监督管理总局'] },
];

describe('matchIssuer', () => {
  it('finds a superior by its name or an alias, ignoring spaces and full-width forms', () => {
    expect(matchIssuer('西藏自治区质量协会', superiors)).toEqual({ unitId: 30, how: 'name' });
    expect(matchIssuer('自治区质量和标准化 工作领导小组办公室', superiors)).toEqual({ unitId: 20, how: 'name' });
  });
  it("takes the longest name the written issuer begins with (a bureau's office)", () => {
    expect(matchIssuer('国家市场监督管理总局办公厅', superiors)).toEqual({ unitId: 1, how: 'prefix' });
  });
  it('falls back to the nearest superior, and to nothing for the root', () => {
    expect(matchIssuer('某某市人民政府', superiors)).toEqual({ unitId: 30, how: 'default' });
    expect(matchIssuer(null, superiors)).toEqual({ unitId: 30, how: 'default' });
    expect(matchIssuer('国家市场监督管理总局', [])).toBeNull();
  });
});
