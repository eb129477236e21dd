import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Region } from '@zz/contracts';
import { HttpEnv } from '@zz/http';
import { RiskPolicy } from '@zz/intake';

/** Every variable the embedded runtime reads (README: Configuration). A bad value stops start-up naming it. */
export const RuntimeEnv = HttpEnv.extend({
  DATA_DIR: z.string().min(1).default('data'),
  PII_HASH_SECRET: z.string().min(16, 'at least 16 characters'),
  EVENT_STORE: z.enum(['sqlite', 'esdb']).default('sqlite'),
  ESDB_CONNECTION_STRING: z.string().startsWith('esdb', 'must be an esdb:// or esdb+discover:// connection string').optional(),
  REGIONS_FILE: z.string().min(1).optional(),
  RISK_POLICY_FILE: z.string().min(1).optional(),
  /** Print demo tokens at start (on by default: the demo regions are loaded unless REGIONS_FILE is set). */
  DEMO_TOKENS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
}).refine((env) => env.EVENT_STORE !== 'esdb' || env.ESDB_CONNECTION_STRING, { message: 'required when EVENT_STORE=esdb', path: ['ESDB_CONNECTION_STRING'] });
export type RuntimeEnv = z.infer<typeof RuntimeEnv>;

/** A deployment's region file: a JSON array of regions (code, name, tier, parentCode, demo). */
export function loadRegionsFile(path: string): Region[] {
  return z.array(Region).min(1).parse(JSON.parse(readFileSync(path, 'utf8')));
}

export function loadRiskPolicy(path: string | undefined): RiskPolicy {
  return RiskPolicy.parse(path ? JSON.parse(readFileSync(path, 'utf8')) : {});
}
