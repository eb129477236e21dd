import type { Region } from '@zz/contracts';

/**
 * What a verified signature does not settle: a token must say when it ends, must not live longer than
 * the deployment allows, and must not claim to be issued in the future. Pure, so each rule is tested alone.
 */
export interface TokenTimePolicy {
  /** Longest lifetime accepted (exp − iat, and exp − now). Default 12 h (TOKEN_MAX_LIFETIME). */
  maxLifetimeSeconds: number;
  /** Clock difference tolerated between the issuer and this server. Default 60 s. */
  skewSeconds: number;
}

export const DEFAULT_TOKEN_POLICY: TokenTimePolicy = { maxLifetimeSeconds: 12 * 3600, skewSeconds: 60 };

/** Why a token's times are refused, or null when they are acceptable. */
export function tokenTimeProblem(payload: Record<string, unknown>, nowSeconds: number, policy: TokenTimePolicy = DEFAULT_TOKEN_POLICY): string | null {
  const { exp, iat, nbf } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'exp_missing';
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return 'iat_missing';
  if (exp <= nowSeconds - policy.skewSeconds) return 'expired';
  if (iat > nowSeconds + policy.skewSeconds) return 'issued_in_future';
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds + policy.skewSeconds)) return 'not_yet_valid';
  if (exp - iat > policy.maxLifetimeSeconds + policy.skewSeconds) return 'lifetime_too_long';
  if (exp - nowSeconds > policy.maxLifetimeSeconds + policy.skewSeconds) return 'lifetime_too_long';
  return null;
}

/** A token's center must be a center of the loaded region table; grids have no center (and no role works there). */
export function tokenCenterProblem(center: string, lookup: (code: string) => Pick<Region, 'tier'> | undefined): string | null {
  const region = lookup(center);
  if (!region) return 'unknown_center';
  if (region.tier === 'grid') return 'grid_has_no_center';
  return null;
}
