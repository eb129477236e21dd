import { jixiDemoRegions } from '@zz/contracts';
import { openTierViewsDb, queue, stats } from '@zz/projections';
import type { ServerChild } from '../child.js';
import { load, type LoadResult } from '../load.js';
import { summarise } from '../stats.js';
import { bearer } from '../workload.js';

const regions = jixiDemoRegions();
const counties = regions.filter((r) => r.tier === 'county').map((r) => r.code);
/** The generated year ends on 31 December 2025: "now" is just after, so deadlines are spread around it. */
export const QUERY_NOW = new Date('2026-01-05T09:00:00+08:00');

export interface QueryFigures {
  p50: number;
  p99: number;
}

/** Direct calls on the views file (no HTTP): what the query itself costs. */
export function inProcessQueries(viewsPath: string, samples: number): { countyQueue: QueryFigures; cityStats: QueryFigures; countyQueueFiltered: QueryFigures } {
  const db = openTierViewsDb(viewsPath, regions);
  try {
    const measure = (fn: (i: number) => unknown) => {
      for (let i = 0; i < Math.min(100, samples); i++) fn(i); // warm the page cache and statements
      const xs: number[] = [];
      for (let i = 0; i < samples; i++) {
        const s = performance.now();
        fn(i);
        xs.push(performance.now() - s);
      }
      const { p50, p99 } = summarise(xs);
      return { p50, p99 };
    };
    return {
      countyQueue: measure((i) => queue(db, { center: counties[i % counties.length]!, now: QUERY_NOW, limit: 50 })),
      countyQueueFiltered: measure((i) => queue(db, { center: counties[i % counties.length]!, category: 'labour', risk: 'yellow', now: QUERY_NOW, limit: 50 })),
      cityStats: measure(() => stats(db, { center: '230300', now: QUERY_NOW })),
    };
  } finally {
    db.close();
  }
}

/** Over HTTP against the embedded runtime: a county director's queue and the city command center's stats. */
export async function httpQueries(server: ServerChild, opts: { seconds: number; connections: number }): Promise<{ countyQueue: LoadResult; cityStats: LoadResult }> {
  let n = 0;
  const countyQueue = await load({
    url: server.url,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (req: { headers?: Record<string, string> }) => {
          const county = counties[n++ % counties.length]!;
          return { ...req, path: `/api/centers/${county}/cases?limit=50`, headers: { ...req.headers, authorization: bearer('supervisor', county) } };
        },
      } as never,
    ],
  });
  const cityStats = await load({
    url: server.url,
    connections: opts.connections,
    duration: opts.seconds,
    headers: { authorization: bearer('command_viewer', '230300') },
    requests: [{ method: 'GET', path: '/api/centers/230300/stats' }],
  });
  return { countyQueue, cityStats };
}
