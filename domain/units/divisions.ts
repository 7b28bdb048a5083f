import type { UnitLevel } from './unit.ts';

/** Shapes of the division-code package's lists (GB/T 2260 codes, 2/4/6 digits). */
export interface DivisionProvince {
  code: string;
  name: string;
}
export interface DivisionCity {
  code: string;
  name: string;
  provinceCode: string;
}
export interface DivisionArea {
  code: string;
  name: string;
  cityCode: string;
  provinceCode: string;
}

export interface RegionSeed {
  /** 6-digit division code. */
  code: string;
  name: string;
  level: Exclude<UnitLevel, 'national'>;
  /** 6-digit code of the parent region, or null for a province (under the national office). */
  parentCode: string | null;
}

// Prefecture-level rows that only group counties: their counties hang under the province.
const PLACEHOLDER_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const six = (code: string): string => code.padEnd(6, '0');

/** The region tree from division lists, placeholders skipped, ordered by code. */
export function regionSeeds(
  provinces: DivisionProvince[],
  cities: DivisionCity[],
  areas: DivisionArea[],
): RegionSeed[] {
  const seeds: RegionSeed[] = [];
  const placeholderCities = new Set(cities.filter((c) => PLACEHOLDER_CITY_NAMES.has(c.name)).map((c) => c.code));
  for (const p of provinces) seeds.push({ code: six(p.code), name: p.name, level: 'province', parentCode: null });
  for (const c of cities) {
    if (placeholderCities.has(c.code)) continue;
    seeds.push({ code: six(c.code), name: c.name, level: 'prefecture', parentCode: six(c.provinceCode) });
  }
  for (const a of areas) {
    // Cities without counties (东莞市, 中山市…) repeat themselves as their only area.
    if (a.code === six(a.cityCode)) continue;
    const parent = placeholderCities.has(a.cityCode) ? a.provinceCode : a.cityCode;
    seeds.push({ code: six(a.code), name: a.name, level: 'county', parentCode: six(parent) });
  }
  return seeds.sort((x, y) => x.code.localeCompare(y.code));
}

/**
 * The office of a region is its market regulation bureau: 西藏自治区 → 西藏自治区市场监督管理局,
 * 岳阳市 → 岳阳市市场监督管理局 (names are unique under one parent, not nationally).
 */
export function officeName(regionName: string): string {
  return `${regionName}市场监督管理局`;
}
