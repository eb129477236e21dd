/**
 * Where the Kafka tests (and local runs) find a broker: KAFKA_BROKERS if set, else the local
 * single-node broker of bin/start.sh (started, or reused when already running). Without Java and
 * Maven the answer is a skip with the reason, except under CI=true, where a missing broker throws:
 * CI must never pass by skipping the Kafka suite.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type BrokerAvailability = { brokers: string[] } | { skip: string };

const startScript = fileURLToPath(new URL('../bin/start.sh', import.meta.url));
const stopScript = fileURLToPath(new URL('../bin/stop.sh', import.meta.url));
/** First start gathers jars from Maven Central; later starts take seconds. */
const startTimeoutMs = 10 * 60_000;

/** Brokers from a comma-separated KAFKA_BROKERS value ('' or unset → none). */
export function parseBrokerList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function onPath(command: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** A private broker beside the shared one (own folder and ports); all unset = the shared broker. */
export interface LocalBrokerOptions {
  /** Folder for data, logs, pid and lock (absolute, or relative to infra/kafka). Default .run */
  runDir?: string;
  port?: number;
  controllerPort?: number;
}

function scriptEnv(opts: LocalBrokerOptions): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (opts.runDir !== undefined) env.KAFKA_RUN_DIR = opts.runDir;
  if (opts.port !== undefined) env.KAFKA_PORT = String(opts.port);
  if (opts.controllerPort !== undefined) env.KAFKA_CONTROLLER_PORT = String(opts.controllerPort);
  return env;
}

/** Runs bin/start.sh (it serialises concurrent callers with a lock) and returns its bootstrap line. */
export function startLocalBroker(opts: LocalBrokerOptions = {}): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const options = { timeout: startTimeoutMs, maxBuffer: 4 * 1024 * 1024, env: scriptEnv(opts) };
    execFile('bash', [startScript], options, (error, stdout, stderr) => {
      if (error) {
        const tail = String(stderr).trim().split('\n').slice(-15).join('\n');
        reject(new Error(`本地 Kafka 启动失败 / local Kafka broker failed to start: ${error.message}\n${tail}`));
        return;
      }
      const lines = String(stdout).trim().split('\n');
      const brokers = parseBrokerList(lines[lines.length - 1]);
      if (brokers.length === 0) reject(new Error(`bin/start.sh printed no bootstrap address: ${String(stdout)}`));
      else resolve(brokers);
    });
  });
}

/** Stops a broker of bin/start.sh (graceful, bounded); its data stays for the next start. */
export function stopLocalBroker(opts: LocalBrokerOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [stopScript], { timeout: 120_000, env: scriptEnv(opts) }, (error, _stdout, stderr) =>
      error ? reject(new Error(`本地 Kafka 停止失败 / local Kafka broker failed to stop: ${error.message}\n${String(stderr)}`)) : resolve(),
    );
  });
}

let pending: Promise<BrokerAvailability> | undefined;

/** One answer per process; concurrent test files in other processes meet at start.sh's lock. */
export function ensureBroker(env: NodeJS.ProcessEnv = process.env): Promise<BrokerAvailability> {
  if (env === process.env) return (pending ??= decide(env));
  return decide(env);
}

/**
 * Whether this machine can run a local broker (java and mvn on PATH). Missing tools give a skip
 * reason, except under CI=true, where they throw.
 */
export function localBrokerSupport(env: NodeJS.ProcessEnv = process.env): { ok: true } | { skip: string } {
  const missing = ['java', 'mvn'].filter((c) => !onPath(c, env.PATH));
  if (missing.length === 0) return { ok: true };
  const reason = `没有 Kafka：未设置 KAFKA_BROKERS，且缺少 ${missing.join('、')} / no Kafka broker: KAFKA_BROKERS is not set and ${missing.join(' and ')} not found`;
  if (env.CI === 'true') throw new Error(`${reason} (CI=true requires a broker)`);
  return { skip: reason };
}

async function decide(env: NodeJS.ProcessEnv): Promise<BrokerAvailability> {
  const configured = parseBrokerList(env.KAFKA_BROKERS);
  if (configured.length > 0) return { brokers: configured };
  const support = localBrokerSupport(env);
  if ('skip' in support) return support;
  return { brokers: await startLocalBroker() };
}
