import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { jixiDemoRegions, Region } from '@zz/contracts';
import { openSqliteEventStore, type EventStore } from '@zz/eventstore';
import { openKeyStore, type KeyStore } from '@zz/keystore';
import { ConfigError, HttpEnv, parseConfig } from '@zz/http';
import { withLocalSecrets } from './local-secrets.js';

/**
 * The environment every process of the system reads (README: Configuration). Each process parses it
 * with one zod schema at start; a bad value stops it with a message naming the variable.
 */
export const ProcessEnv = HttpEnv.extend({
  DATA_DIR: z.string().min(1).default('data'),
  PII_HASH_SECRET: z.string().min(16, 'at least 16 characters'),
  EVENT_STORE: z.enum(['sqlite', 'esdb', 'postgres']).default('sqlite'),
  ESDB_CONNECTION_STRING: z.string().startsWith('esdb', 'must be an esdb:// or esdb+discover:// connection string').optional(),
  /** Where personal-data keys live: a SQLite file in DATA_DIR, or tables in DATABASE_URL's database. */
  KEY_STORE: z.enum(['sqlite', 'postgres']).default('sqlite'),
  /** PostgreSQL (or a compatible database) for EVENT_STORE=postgres and KEY_STORE=postgres. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string').optional(),
  REGIONS_FILE: z.string().min(1).optional(),
  RISK_POLICY_FILE: z.string().min(1).optional(),
  /** Systems that push disputes in over the signed channel (12345, 110, grid apps); keys come from the variables it names. */
  INTAKE_CHANNELS_FILE: z.string().min(1).optional(),
  /** Deadline policy table and holiday calendar (default: the repository's config/ files). */
  DEADLINE_POLICY_FILE: z.string().min(1).optional(),
  HOLIDAYS_FILE: z.string().min(1).optional(),
  /** How often the deadline watcher looks for clocks about to lapse or lapsed. */
  DEADLINE_TICK_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Print demo tokens at start (the demo regions are loaded unless REGIONS_FILE is set). */
  DEMO_TOKENS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** inprocess: views follow the store's own subscription; kafka: a relay publishes the log, workers consume it (infra/deploy). */
  EVENT_BUS: z.enum(['inprocess', 'kafka']).default('inprocess'),
  /** Comma-separated bootstrap brokers (host:port,…); required when EVENT_BUS=kafka. */
  KAFKA_BROKERS: z.string().regex(/^\s*[^\s,:]+:\d+\s*(,\s*[^\s,:]+:\d+\s*)*$/, 'must be host:port[,host:port…]').optional(),
  /** The topic the relay publishes the global log to. */
  KAFKA_TOPIC: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name').default('zz.events'),
})
  .refine((env) => env.EVENT_STORE !== 'esdb' || env.ESDB_CONNECTION_STRING, { message: 'required when EVENT_STORE=esdb', path: ['ESDB_CONNECTION_STRING'] })
  .refine((env) => env.EVENT_STORE !== 'postgres' || env.DATABASE_URL, { message: 'required when EVENT_STORE=postgres', path: ['DATABASE_URL'] })
  .refine((env) => env.KEY_STORE !== 'postgres' || env.DATABASE_URL, { message: 'required when KEY_STORE=postgres', path: ['DATABASE_URL'] })
  .refine((env) => env.EVENT_BUS !== 'kafka' || env.KAFKA_BROKERS, { message: 'required when EVENT_BUS=kafka', path: ['KAFKA_BROKERS'] });
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

export interface OpenEventStoreOptions {
  /** An EventStoreDB subscription dropped and is resubscribing. Default: one line on stderr (the error's name and message; no event data). */
  onSubscriptionDropped?: (error: unknown, attempt: number) => void;
}

const warnDropped = (error: unknown, attempt: number) =>
  console.warn(`[eventstore] 订阅中断，重新订阅 / subscription dropped, resubscribing (attempt ${attempt}): ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);

export async function openEventStore(env: Pick<ProcessEnv, 'EVENT_STORE' | 'ESDB_CONNECTION_STRING' | 'DATABASE_URL' | 'DATA_DIR'>, options: OpenEventStoreOptions = {}): Promise<EventStore> {
  if (env.EVENT_STORE === 'esdb') {
    const { openEsdbEventStore } = await import('@zz/eventstore');
    return openEsdbEventStore({ connectionString: env.ESDB_CONNECTION_STRING!, onSubscriptionDropped: options.onSubscriptionDropped ?? warnDropped });
  }
  if (env.EVENT_STORE === 'postgres') {
    const { openPostgresEventStore } = await import('@zz/eventstore');
    return openPostgresEventStore({ connectionString: env.DATABASE_URL! });
  }
  return openSqliteEventStore({ path: join(env.DATA_DIR, 'events.db') });
}

/** The personal-data key store: DATA_DIR/keys.db (default) or, with KEY_STORE=postgres, DATABASE_URL. */
export async function openKeys(env: Pick<ProcessEnv, 'KEY_STORE' | 'DATABASE_URL' | 'DATA_DIR' | 'PII_HASH_SECRET'>): Promise<KeyStore> {
  if (env.KEY_STORE === 'postgres') {
    const { openPostgresKeyStore } = await import('@zz/keystore');
    return openPostgresKeyStore({ connectionString: env.DATABASE_URL!, hashSecret: env.PII_HASH_SECRET });
  }
  return openKeyStore({ path: join(env.DATA_DIR, 'keys.db'), hashSecret: env.PII_HASH_SECRET });
}

/** A deployment's region file (a JSON array of regions), or the Jixi demo regions. */
export function loadRegions(env: Pick<ProcessEnv, 'REGIONS_FILE'>): Region[] {
  if (!env.REGIONS_FILE) return jixiDemoRegions();
  return z.array(Region).min(1).parse(JSON.parse(readFileSync(env.REGIONS_FILE, 'utf8')));
}
