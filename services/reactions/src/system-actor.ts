import type { Actor } from '@zz/contracts';

/**
 * Reactions act as one fixed system user. The id must never change: a retried reaction is recognised
 * by its Idempotency-Key *and* this user id (the command pipeline scopes keys per user), and the
 * mediation file opened for a dispute takes its id from both.
 */
export const SYSTEM_ACTOR_ID = 'system:reactions';

/** The city center (鸡西市, 230300) answers for a case whose own center cannot be told. */
export const DEFAULT_CITY_CODE = '230300';

/**
 * The system actor for a reaction on one case: role admin (reports back from other flows are
 * admin-only commands), center = the case's center — the handling center when the event names it,
 * else the center in the case code (`<center>-<year>-<seq>`) — or the city.
 */
export function systemActor(centerCode: string | undefined, cityCode: string = DEFAULT_CITY_CODE): Actor {
  return { userId: SYSTEM_ACTOR_ID, role: 'admin', centerCode: centerCode && /^\d{6}(\d{3}(\d{3})?)?$/.test(centerCode) ? centerCode : cityCode };
}

/** The center that registered a case, from its case code. */
export const centerOfCaseCode = (caseCode: string | undefined): string | undefined => caseCode?.split('-')[0];
