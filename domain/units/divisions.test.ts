import { describe, expect, it } from 'vitest';
import { regionSeeds } from './divisions.ts';

const provinces = [
  { code: '11', name: '北京市' },
  { code: '44', name: '广东省' },
  { code: '54', name: '西藏自治区' },
];
const cities = [
  { code: '1101', name: '市辖区', provinceCode: '11' },
  { code: '4419', name: '东莞市', provinceCode: '44' },
  { code: '5401', name: '拉萨市', provinceCode: '54' },
];
const areas = [
  { code: '110101', name: '东城区', cityCode: '1101', provinceCode: '11' },
  { code: '441900', name: '东莞市', cityCode: '4419', provinceCode: '44' },
  { code: '540102', name: '城关区', cityCode: '5401', provinceCode: '54' },
];

describe('region seeds from division codes', () => {
  const seeds = regionSeeds(provinces, cities, areas);
  it('skips placeholder prefectures and hangs their counties under the province', () => {
    expect(seeds.find((s) => s.name === '市辖区')).toBeUndefined();
    expect(seeds.find((s) => s.code === '110101')).toEqual({
      code: '110101',
      name: '东城区',
      level: 'county',
      parentCode: '110000',
    });
  });
  it('keeps a prefecture without counties once', () => {
    expect(seeds.filter((s) => s.code === '441900')).toEqual([
      { code: '441900', name: '东莞市', level: 'prefecture', parentCode: '440000' },
    ]);
  });
  it('uses six-digit codes and orders by code', () => {
    expect(seeds.map((s) => s.code)).toEqual(['110000', '110101', '440000', '441900', '540000', '540100', '540102']);
  });
});
