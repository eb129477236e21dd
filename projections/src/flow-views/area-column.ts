import type { RegionDirectory } from '@zz/contracts';
import { UnknownCenterError } from '../tier-views/queries.js';

export type AreaColumn = 'township_code' | 'county_code' | 'city_code';
const COLUMNS = { township: 'township_code', county: 'county_code', city: 'city_code' } as const;

/** The column holding a row's area at a center's tier: a row is in the center's area when it equals the center. */
export function areaColumnOf(regions: RegionDirectory, center: string): AreaColumn {
  const tier = regions.get(center)?.tier;
  if (!tier || tier === 'grid') throw new UnknownCenterError(center);
  return COLUMNS[tier];
}
