import { RegionDirectory, type Region } from '@zz/contracts';

/** The centers whose area contains a case's area code: its township, county and city (null above the case's own tier). */
export interface AreaLineage {
  township: string | null;
  county: string | null;
  city: string | null;
}

export type AreaResolver = (areaCode: string) => AreaLineage;

/**
 * Resolves an area code through the region directory. Codes the directory doesn't know (a region
 * file changed since the case was registered) fall back to the division-code structure:
 * 12-digit grid → 9-digit township → 6-digit county → city = first four digits + '00'.
 */
export function areaResolver(regions: readonly Region[] | RegionDirectory): AreaResolver {
  const directory = regions instanceof RegionDirectory ? regions : new RegionDirectory(regions);
  const memo = new Map<string, AreaLineage>();
  return (areaCode) => {
    let lineage = memo.get(areaCode);
    if (!lineage) {
      lineage = directory.get(areaCode) ? fromDirectory(directory, areaCode) : fromCodeStructure(areaCode);
      memo.set(areaCode, lineage);
    }
    return lineage;
  };
}

function fromDirectory(directory: RegionDirectory, code: string): AreaLineage {
  return {
    township: directory.atTier(code, 'township')?.code ?? null,
    county: directory.atTier(code, 'county')?.code ?? null,
    city: directory.atTier(code, 'city')?.code ?? null,
  };
}

export function fromCodeStructure(code: string): AreaLineage {
  const six = code.slice(0, 6);
  const isCity = code.length === 6 && six.endsWith('00');
  return {
    township: code.length >= 9 ? code.slice(0, 9) : null,
    county: isCity ? null : six,
    city: `${six.slice(0, 4)}00`,
  };
}

/** The centers counting a case, bottom-up, skipping tiers above the case's area. */
export function countingCenters(l: AreaLineage): string[] {
  const out: string[] = [];
  if (l.township) out.push(l.township);
  if (l.county) out.push(l.county);
  if (l.city) out.push(l.city);
  return out;
}
