import { z } from 'zod';

/** Administrative tiers. A center exists at city, county and township; grids sit below townships. */
export const Tier = z.enum(['city', 'county', 'township', 'grid']);
export type Tier = z.infer<typeof Tier>;

/** Division code (行政区划代码): 6 digits for city/county, 9 for township, 12 for grid. */
export const DivisionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, '须为6、9或12位行政区划代码 / must be a 6, 9 or 12 digit division code');
export type DivisionCode = z.infer<typeof DivisionCode>;

export const Region = z.object({
  code: DivisionCode,
  name: z.string().min(1),
  tier: Tier,
  parentCode: DivisionCode.nullable(),
  /** Generated demo data, not a real administrative unit (演示数据). */
  demo: z.boolean(),
});
export type Region = z.infer<typeof Region>;

/** Lookups over a loaded region file. Pure: built from a list, no I/O. */
export class RegionDirectory {
  readonly #byCode = new Map<string, Region>();
  readonly #children = new Map<string, Region[]>();

  constructor(regions: readonly Region[]) {
    for (const r of regions) this.#byCode.set(r.code, r);
    for (const r of regions) {
      if (r.parentCode === null) continue;
      if (!this.#byCode.has(r.parentCode)) throw new Error(`region ${r.code}: unknown parent ${r.parentCode}`);
      const list = this.#children.get(r.parentCode) ?? [];
      list.push(r);
      this.#children.set(r.parentCode, list);
    }
  }

  get(code: string): Region | undefined {
    return this.#byCode.get(code);
  }

  all(): Region[] {
    return [...this.#byCode.values()];
  }

  children(code: string): Region[] {
    return this.#children.get(code) ?? [];
  }

  /** The region itself first, then each ancestor up to the city. */
  lineage(code: string): Region[] {
    const out: Region[] = [];
    for (let r = this.#byCode.get(code); r; r = r.parentCode ? this.#byCode.get(r.parentCode) : undefined) out.push(r);
    return out;
  }

  /** True when `code` is `ancestor` or lies below it: a center's area includes the areas below it. */
  isWithin(code: string, ancestor: string): boolean {
    return this.lineage(code).some((r) => r.code === ancestor);
  }

  /** The center (city, county or township) that serves an area: a grid is served by its township. */
  centerOf(code: string): Region | undefined {
    return this.lineage(code).find((r) => r.tier !== 'grid');
  }

  /** The ancestor of `code` at a tier, e.g. the county of a grid. */
  atTier(code: string, tier: Tier): Region | undefined {
    return this.lineage(code).find((r) => r.tier === tier);
  }
}

/** The nine real county-level units of Jixi (鸡西市). */
export const JIXI_CITY = { code: '230300', name: '鸡西市' } as const;
export const JIXI_COUNTIES = [
  { code: '230302', name: '鸡冠区' },
  { code: '230303', name: '恒山区' },
  { code: '230304', name: '滴道区' },
  { code: '230305', name: '梨树区' },
  { code: '230306', name: '城子河区' },
  { code: '230307', name: '麻山区' },
  { code: '230321', name: '鸡东县' },
  { code: '230381', name: '虎林市' },
  { code: '230382', name: '密山市' },
] as const;

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/**
 * Jixi with generated demo townships and grids. The counties are real; every township and grid is
 * generated and labelled 演示 (demo) so nobody mistakes it for a real unit.
 */
export function jixiDemoRegions(opts: { townshipsPerCounty?: number; gridsPerTownship?: number } = {}): Region[] {
  const townships = opts.townshipsPerCounty ?? 4;
  const grids = opts.gridsPerTownship ?? 3;
  const out: Region[] = [{ ...JIXI_CITY, tier: 'city', parentCode: null, demo: false }];
  for (const county of JIXI_COUNTIES) {
    out.push({ ...county, tier: 'county', parentCode: JIXI_CITY.code, demo: false });
    for (let t = 1; t <= townships; t++) {
      const code = `${county.code}${String(100 + t).padStart(3, '0')}`;
      const name = `${county.name}演示${ORDINALS[t - 1] ?? t}镇(演示)`;
      out.push({ code, name, tier: 'township', parentCode: county.code, demo: true });
      for (let g = 1; g <= grids; g++) {
        out.push({ code: `${code}${String(g).padStart(3, '0')}`, name: `${name}第${g}网格(演示)`, tier: 'grid', parentCode: code, demo: true });
      }
    }
  }
  return out;
}
