import type autocannon from 'autocannon';
import { jixiDemoRegions, RegionDirectory, type Actor } from '@zz/contracts';
import { signToken } from '@zz/http';
import { demoRegistration, prng, type Random } from '../demo-cases.js';
import { BENCH_JWT_SECRET } from './child.js';

/** The demo regions every bench server loads, and a clerk's bearer token per township. */
export const regions = new RegionDirectory(jixiDemoRegions());
const areas = regions.all().filter((r) => r.tier === 'grid' || r.tier === 'township');
const countyOf = (code: string) => regions.atTier(code, 'county')!.code;
const townshipOf = (code: string) => regions.atTier(code, 'township')!.code;

const tokens = new Map<string, string>();
export function bearer(role: Actor['role'], centerCode: string): string {
  const key = `${role}@${centerCode}`;
  let t = tokens.get(key);
  if (!t) {
    t = `Bearer ${signToken(BENCH_JWT_SECRET, { userId: `bench-${role}-${centerCode}`, role, centerCode }, { expiresIn: '2h' })}`;
    tokens.set(key, t);
  }
  return t;
}

/** A registered case the bench can send further commands to. */
export interface KnownCase {
  caseId: string;
  township: string;
}

/**
 * Varied, valid registrations (random demo grid or township, category, parties with ID numbers),
 * each sent with a real token of a clerk at the area's township. Registered cases go to `sink`.
 */
export function registerRequest(seed: number, sink?: KnownCase[]): autocannon.Request {
  const r: Random = prng(seed);
  return {
    method: 'POST',
    path: '/api/disputes',
    setupRequest: (req, context: Record<string, unknown>) => {
      const body = demoRegistration(r, areas, countyOf);
      const township = townshipOf(body.areaCode);
      context.township = township;
      return { ...req, body: JSON.stringify(body), headers: { ...req.headers, 'content-type': 'application/json', authorization: bearer('intake_clerk', township) } };
    },
    ...(sink
      ? {
          onResponse: (status: number, body: string, context: Record<string, unknown>) => {
            if (status === 201) sink.push({ caseId: (JSON.parse(body) as { caseId: string }).caseId, township: context.township as string });
          },
        }
      : {}),
  } as autocannon.Request;
}

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

/** The three commands a registered case takes next, in order: accept → assess-risk → route (handle here). */
export const EXISTING_STEPS = [
  { path: 'accept', body: () => ({}) },
  { path: 'assess-risk', body: (r: Random) => ({ indicators: { partyCount: 1 + Math.floor(r() * 3), violenceThreat: r() < 0.03, repeatedPoliceCalls: r() < 0.04, sensitiveMatter: r() < 0.1 } }) },
  { path: 'route', body: (r: Random) => ({ mode: 'handle_here', dueAt: inDays(5 + Math.floor(r() * 30)) }) },
] as const;

/**
 * accept → assess-risk → route (handle here) on cases registered earlier: each is a read of the
 * stream, a decision and an append with the expected revision. Each connection takes the next case
 * from `pool` at its first step. Returns undefined requests once the pool is empty.
 */
export function existingStreamRequests(pool: KnownCase[], seed: number): autocannon.Request[] {
  const r = prng(seed);
  let next = 0;
  return EXISTING_STEPS.map(
    (step, i) =>
      ({
        method: 'POST',
        setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
          if (i === 0) context.case = pool[next++ % pool.length];
          const c = context.case as KnownCase;
          return {
            ...req,
            path: `/api/disputes/${c.caseId}/${step.path}`,
            body: JSON.stringify(step.body(r)),
            headers: { ...req.headers, 'content-type': 'application/json', authorization: bearer('intake_clerk', c.township) },
          };
        },
      }) as autocannon.Request,
  );
}

/** A single registration body and its token, for hand-rolled (open-loop) senders. */
export function registration(r: Random): { body: string; authorization: string } {
  const body = demoRegistration(r, areas, countyOf);
  return { body: JSON.stringify(body), authorization: bearer('intake_clerk', townshipOf(body.areaCode)) };
}
