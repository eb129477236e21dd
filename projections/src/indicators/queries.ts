import type Database from 'better-sqlite3';
import type { RegionDirectory, Tier } from '@zz/contracts';
import { UnknownCenterError } from '../tier-views/queries.js';

/** A rate with what it is made of; `rate` is null when nothing was counted yet (not 0%). */
export interface Ratio {
  numerator: number;
  denominator: number;
  rate: number | null;
}
export type SplitRatio = Ratio & { disputes: Ratio; petitions: Ratio };

export interface CenterIndicators {
  center: string;
  name: string;
  tier: Tier;
  /** 及时受理率: acceptance decisions within the window / acceptance decisions (disputes: 3 days; petitions: 15 days). */
  timelyAcceptance: SplitRatio;
  /** 按期办结率: disputes closed by their due date / closed; petitions answered within 60 days of acceptance / answered. */
  onTimeClosure: SplitRatio;
  /** 化解率: disputes closed as resolved / closed; petitions resolved / accepted. */
  resolution: SplitRatio;
  /** 满意率: follow-ups satisfied or basically satisfied / follow-ups. */
  satisfaction: Ratio;
  /** 重复信访率: repeat petitions / petitions registered. */
  repeatPetition: Ratio;
  /** 调解成功率: mediations ended with an agreement / mediations ended. */
  mediationSuccess: Ratio;
}
export interface IndicatorsAnswer extends CenterIndicators {
  /** County: its townships; city: its counties; township: none. */
  children: CenterIndicators[];
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const ratio = (numerator: number, denominator: number): Ratio => ({ numerator, denominator, rate: denominator > 0 ? round(numerator / denominator) : null });
function split(c: Map<string, number>, metric: string): SplitRatio {
  const get = (flow: string, part: string) => c.get(`${flow}.${metric}.${part}`) ?? 0;
  const disputes = ratio(get('dispute', 'num'), get('dispute', 'den'));
  const petitions = ratio(get('petition', 'num'), get('petition', 'den'));
  return { ...ratio(disputes.numerator + petitions.numerator, disputes.denominator + petitions.denominator), disputes, petitions };
}
const single = (c: Map<string, number>, metric: string): Ratio => ratio(c.get(`${metric}.num`) ?? 0, c.get(`${metric}.den`) ?? 0);

const statementCache = new WeakMap<Database.Database, Database.Statement>();
function countsOf(db: Database.Database, center: string): Map<string, number> {
  let s = statementCache.get(db);
  if (!s) statementCache.set(db, (s = db.prepare('SELECT metric, n FROM indicator_counts WHERE center = ?')));
  return new Map((s.all(center) as { metric: string; n: number }[]).map((r) => [r.metric, r.n]));
}

function centerIndicators(db: Database.Database, region: { code: string; name: string; tier: Tier }): CenterIndicators {
  const c = countsOf(db, region.code);
  return {
    center: region.code,
    name: region.name,
    tier: region.tier,
    timelyAcceptance: split(c, 'acceptance'),
    onTimeClosure: split(c, 'closure'),
    resolution: split(c, 'resolution'),
    satisfaction: single(c, 'dispute.satisfaction'),
    repeatPetition: single(c, 'petition.repeat'),
    mediationSuccess: single(c, 'mediation.success'),
  };
}

/** A center's indicators and each child center's, from the maintained counters: O(children). */
export function indicators(db: Database.Database, regions: RegionDirectory, q: { center: string }): IndicatorsAnswer {
  const region = regions.get(q.center);
  if (!region || region.tier === 'grid') throw new UnknownCenterError(q.center);
  const children = regions
    .children(region.code)
    .filter((r) => r.tier !== 'grid')
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((r) => centerIndicators(db, r));
  return { ...centerIndicators(db, region), children };
}
