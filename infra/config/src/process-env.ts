import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { jixiDemoRegions, Region } from '@zz/contracts';
import { openSqliteEventStore, type EventStore } from '@zz/eventstore';
import { ConfigError, HttpEnv, parseConfig } from '@zz/http';
import { withLocalSecrets } from './local-secrets.js';

/**
 * The environment every process of the system reads (README: Configuration). Each process parses it
 * with one zod schema at start; a bad value stops it with a message naming the variable.
 */
export const ProcessEnv = HttpEnv.extend({
  DATA_DIR: z.string().min(1).default('data'),
  PII_HASH_SECRET: z.string().min(16, 'at least 16 characters'),
  EVENT_STORE: z.enum(['sqlite', 'esdb']).default('sqlite'),
  ESDB_CONNECTION_STRING: z.string().startsWith('esdb', 'must be an esdb:// or esdb+discover:// connection string').optional(),
  REGIONS_FILE: z.string().min(1).optional(),
  RISK_POLICY_FILE: z.string().min(1).optional(),
  /** Print demo tokens at start (the demo regions are loaded unless REGIONS_FILE is set). */
  DEMO_TOKENS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
}).refine((env) => env.EVENT_STORE !== 'esdb' || env.ESDB_CONNECTION_STRING, { message: 'required when EVENT_STORE=esdb', path: ['ESDB_CONNECTION_STRING'] });
export type ProcessEnv = z.infer<typeof ProcessEnv>;

/** Parse the environment (secrets defaulting to DATA_DIR/secrets.json); on a bad value print why and exit 1. */
export function processEnvOrExit(env: NodeJS.ProcessEnv = process.env): ProcessEnv {
  try {
    return parseConfig(ProcessEnv, withLocalSecrets(env, env.DATA_DIR ?? 'data'));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

export async function openEventStore(env: Pick<ProcessEnv, 'EVENT_STORE' | 'ESDB_CONNECTION_STRING' | 'DATA_DIR'>): Promise<EventStore> {
  if (env.EVENT_STORE === 'esdb') {
    const { openEsdbEventStore } = await import('@zz/eventstore');
    return openEsdbEventStore({ connectionString: env.ESDB_CONNECTION_STRING! });
  }
  return openSqliteEventStore({ path: join(env.DATA_DIR, 'events.db') });
}

/** A deployment's region file (a JSON array of regions), or the Jixi demo regions. */
export function loadRegions(env: Pick<ProcessEnv, 'REGIONS_FILE'>): Region[] {
  if (!env.REGIONS_FILE) return jixiDemoRegions();
  return z.array(Region).min(1).parse(JSON.parse(readFileSync(env.REGIONS_FILE, 'utf8')));
}
