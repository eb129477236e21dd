/**
 * The distributed runtime on one machine (EVENT_BUS=kafka): the services, the relay and the Kafka-fed
 * projection workers, each its own process, sharing DATA_DIR (the SQLite event store, or ESDB when
 * EVENT_STORE=esdb) and one broker. Started in dependency order — the relay first (it creates the
 * topic the workers subscribe to), then workers and services — and stopped in reverse: services
 * first (no new appends), then the relay (its last batch is checkpointed), then the workers.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRegions, localSecrets } from '@zz/config';
import { openKeyStore } from '@zz/keystore';
import { openTierViewsDb } from '@zz/projections';
import { freePort, startProcess, type RunningProcess } from './process.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Services with their own main.ts (a flow without one yet is skipped, and said so). */
export const SERVICES = ['intake', 'mediation', 'referral', 'petition'] as const;

export interface TopologyOptions {
  dataDir: string;
  /** KAFKA_BROKERS. */
  brokers: string;
  topic?: string;
  groupId?: string;
  /** Which services to start (default: every flow that has a main.ts). */
  services?: readonly (typeof SERVICES)[number][];
  /** Projection workers in the group (default 2). */
  workers?: number;
  /** Ports: services base+0…, relay base+10, workers base+20…; 0 = any free port for each. */
  basePort?: number;
  /** Environment for every process (EVENT_STORE, ESDB_CONNECTION_STRING, LOG_LEVEL, …). */
  env?: Record<string, string>;
  onLine?: (name: string, line: string) => void;
  /** Called as each process starts listening. */
  onStarted?: (p: RunningProcess) => void;
}

export interface Topology {
  readonly services: RunningProcess[];
  readonly relay: RunningProcess;
  readonly workers: RunningProcess[];
  /** Flows without a main.ts (not started). */
  readonly skipped: string[];
  stop(): Promise<void>;
}

const port = (base: number, offset: number) => (base === 0 ? freePort() : Promise.resolve(base + offset));

export async function startTopology(opts: TopologyOptions): Promise<Topology> {
  mkdirSync(opts.dataDir, { recursive: true });
  // Generated once here, so concurrent first starts don't race to create DATA_DIR/secrets.json.
  const secrets = localSecrets(opts.dataDir);
  const base = opts.basePort ?? 0;
  const common: Record<string, string> = {
    LOG_LEVEL: 'info',
    EVENT_STORE: 'sqlite',
    ...opts.env,
    DATA_DIR: opts.dataDir,
    JWT_SECRET: opts.env?.JWT_SECRET ?? secrets.JWT_SECRET,
    PII_HASH_SECRET: opts.env?.PII_HASH_SECRET ?? secrets.PII_HASH_SECRET,
    EVENT_BUS: 'kafka',
    KAFKA_BROKERS: opts.brokers,
    KAFKA_TOPIC: opts.topic ?? 'zz.events',
  };
  // Files several processes open at once are created (schema, WAL mode) here first, so their first
  // opens never race on creating them; events.db is created by the relay, which starts alone.
  const viewsFile = join(opts.dataDir, 'views-kafka.db');
  openKeyStore({ path: join(opts.dataDir, 'keys.db'), hashSecret: common.PII_HASH_SECRET! }).close();
  openTierViewsDb(viewsFile, loadRegions(opts.env ?? {})).close();
  const started: RunningProcess[] = [];
  const launch = async (name: string, entry: string, portNumber: Promise<number>, env: Record<string, string> = {}) => {
    const p = await startProcess({ name, entry: join(ROOT, entry), cwd: ROOT, port: await portNumber, env: { ...common, ...env } }, opts.onLine ? { onLine: opts.onLine } : {});
    started.push(p);
    opts.onStarted?.(p);
    return p;
  };
  const stopAll = async (ps: RunningProcess[]) => void (await Promise.all(ps.map((p) => p.stop())));
  try {
    const relay = await launch('relay', 'infra/kafka/src/main-relay.ts', port(base, 10));
    const groupId = opts.groupId ?? 'tier-views';
    const workerCount = opts.workers ?? 2;
    const wanted = opts.services ?? SERVICES;
    const present = wanted.filter((s) => existsSync(join(ROOT, 'services', s, 'src', 'main.ts')));
    const skipped = wanted.filter((s) => !present.includes(s));
    const [workers, services] = await Promise.all([
      Promise.all(
        Array.from({ length: workerCount }, (_, i) => launch(`tier-views-${i + 1}`, 'projections/src/kafka-worker.ts', port(base, 20 + i), { KAFKA_GROUP_ID: groupId, VIEWS_FILE: viewsFile })),
      ),
      Promise.all(present.map((s) => launch(s, `services/${s}/src/main.ts`, port(base, SERVICES.indexOf(s))))),
    ]);
    return {
      services,
      relay,
      workers,
      skipped,
      async stop() {
        await stopAll(services);
        await relay.stop();
        await stopAll(workers);
      },
    };
  } catch (err) {
    await stopAll(started);
    throw err;
  }
}
