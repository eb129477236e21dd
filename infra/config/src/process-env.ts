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
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
    .optional(),
  REGIONS_FILE: z.string().min(1).optional(),
  RISK_POLICY_FILE: z.string().min(1).optional(),
  /** Systems that push disputes in over the signed channel (12345, 110, grid apps); keys come from the variables it names. */
  INTAKE_CHANNELS_FILE: z.string().min(1).optional(),
  /** Deadline policy table and holiday calendar (default: the repository's config/ files). */
  DEADLINE_POLICY_FILE: z.string().min(1).optional(),
  HOLIDAYS_FILE: z.string().min(1).optional(),
  /** How often the deadline watcher looks for clocks about to lapse or lapsed. */
  DEADLINE_TICK_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Longest bearer-token lifetime accepted and issued (`12h`, `30m`, `3600`); tokens without exp are refused. */
  TOKEN_MAX_LIFETIME: z
    .string()
    .regex(/^\d+[smhd]?$/, 'must be a duration such as 12h, 30m or 3600')
    .default('12h'),
  /** Bootstrap: creates the admin account ADMIN_USER_ID (at the region table's top center) unless it exists. */
  ADMIN_INITIAL_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
  /** Sign-in attempts (POST /api/auth/login) per client address per minute. */
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  ADMIN_USER_ID: z
    .string()
    .regex(/^[\w.@-]{1,64}$/, 'letters, digits, . _ @ - (1-64)')
    .default('admin'),
  /** inprocess: views follow the store's own subscription; kafka: a relay publishes the log, workers consume it (infra/deploy). */
  EVENT_BUS: z.enum(['inprocess', 'kafka']).default('inprocess'),
  /** Comma-separated bootstrap brokers (host:port,…); required when EVENT_BUS=kafka. */
  KAFKA_BROKERS: z
    .string()
    .regex(/^\s*[^\s,:]+:\d+\s*(,\s*[^\s,:]+:\d+\s*)*$/, 'must be host:port[,host:port…]')
    .optional(),
  /** The topic the relay publishes the global log to. */
  KAFKA_TOPIC: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name')
    .default('zz.events'),
})
  .refine((env) => env.EVENT_STORE !== 'esdb' || env.ESDB_CONNECTION_STRING, { message: 'required when EVENT_STORE=esdb', path: ['ESDB_CONNECTION_STRING'] })
  .refine((env) => env.EVENT_STORE !== 'postgres' || env.DATABASE_URL, { message: 'required when EVENT_STORE=postgres', path: ['DATABASE_URL'] })
  .refine((env) => env.KEY_STORE !== 'postgres' || env.DATABASE_URL, { message: 'required when KEY_STORE=postgres', path: ['DATABASE_URL'] })
  .refine((env) => env.EVENT_BUS !== 'kafka' || env.KAFKA_BROKERS, { message: 'required when EVENT_BUS=kafka', path: ['KAFKA_BROKERS'] });
export type ProcessEnv = z.infer<typeof ProcessEnv>;

/**
 * demo: what `npm start` runs for the two-command quick start — generated secrets under DATA_DIR,
 * printed tokens, the demo sign-in, loopback only unless HOST is set. production: every other entry;
 * the operator's secrets are required and nothing demo is served.
 */
export type RunMode = 'demo' | 'production';

/** Why a production secret is refused (missing, short, or too uniform to be random), or null. */
export function secretProblem(value: string | undefined): string | null {
  if (!value) return 'missing';
  if (value.length < 32) return 'shorter than 32 characters';
  if (new Set(value).size < 12) return 'too few distinct characters to be random';
  return null;
}

/** The environment for a run mode: demo fills secrets from DATA_DIR/secrets.json and listens on loopback. */
export function parseProcessEnv(env: NodeJS.ProcessEnv, mode: RunMode): ProcessEnv {
  if (mode === 'demo') {
    const demoEnv = { HOST: '127.0.0.1', ...withLocalSecrets(env, env.DATA_DIR ?? 'data') };
    return parseConfig(ProcessEnv, demoEnv);
  }
  const weak = (['JWT_SECRET', 'PII_HASH_SECRET'] as const).map((variable) => ({ variable, problem: secretProblem(env[variable]) })).filter((w) => w.problem !== null);
  if (weak.length > 0) {
    throw new ConfigError(
      weak.map(({ variable, problem }) => ({
        variable,
        message: `生产模式须设置至少32个字符的随机密钥（例如 openssl rand -base64 48）/ production mode needs a random secret of at least 32 characters, e.g. openssl rand -base64 48 (${problem}); 仅本机演示请用 npm start / for a local demo use npm start`,
      })),
    );
  }
  return parseConfig(ProcessEnv, env);
}

/** Parse the environment for a run mode (default production); on a bad value print why and exit 1. */
export function processEnvOrExit(env: NodeJS.ProcessEnv = process.env, mode: RunMode = 'production'): ProcessEnv {
  try {
    return parseProcessEnv(env, mode);
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
  return z
    .array(Region)
    .min(1)
    .parse(JSON.parse(readFileSync(env.REGIONS_FILE, 'utf8')));
}
