#!/usr/bin/env tsx
// `npm run start:distributed [-- --base-port 4000 --workers 2 --data-dir data-distributed --verbose]`:
// the distributed runtime on this machine (EVENT_BUS=kafka). Starts the local Kafka broker
// (infra/kafka/bin/start.sh) unless KAFKA_BROKERS is set, then the relay, the services and two
// Kafka-fed projection workers in one consumer group, each its own process; prints their addresses;
// Ctrl-C stops them all (and the broker, if this script started it). infra/deploy/README.md explains.
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { secretProblem } from '@zz/config';
import { parseBrokerList, startLocalBroker, stopLocalBroker } from '@zz/kafka';
import { startTopology, type Topology } from './topology.js';

const opts = new Command()
  .name('start:distributed')
  .description('分布式运行时（本机） / the distributed runtime on this machine: broker, relay, services, Kafka-fed projection workers')
  .option('--data-dir <dir>', '数据目录 / DATA_DIR shared by the processes', process.env.DATA_DIR ?? 'data-distributed')
  .option('--base-port <n>', '端口基数 / services base+0…3, relay base+10, workers base+20…', (v) => Number.parseInt(v, 10), 4000)
  .option('--workers <n>', '投影工作进程数 / projection workers in the group', (v) => Number.parseInt(v, 10), 2)
  .option('--verbose', '打印全部日志 / print every log line (default: warnings and errors)')
  .parse()
  .opts<{ dataDir: string; basePort: number; workers: number; verbose?: boolean }>();

const out = (line: string) => process.stdout.write(`${line}\n`);
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** A child's log line for the terminal: warnings and errors (everything with --verbose), prefixed. */
function printLine(name: string, line: string): void {
  let level = 30;
  let text = line;
  if (line.startsWith('{')) {
    try {
      const obj = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      level = obj.level ?? 30;
      text = `${LEVELS[level] ?? level} ${obj.msg ?? ''}${obj.err?.message ? `: ${obj.err.message}` : ''}`;
    } catch {
      /* plain line */
    }
  } else level = 40; // plain stderr output (a stack trace, a config error) is always worth showing
  if (opts.verbose || level >= 40) out(`[${name}] ${text}`);
}

/** Whether something accepts connections on 127.0.0.1:port (the local broker already running). */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

// Production mode, like every entry but `npm start`: the operator's secrets or no start at all.
const weak = (['JWT_SECRET', 'PII_HASH_SECRET'] as const).filter((v) => secretProblem(process.env[v]) !== null);
if (weak.length > 0) {
  out(
    `配置错误 / invalid configuration: ${weak.join(', ')}: 生产模式须设置至少32个字符的随机密钥（例如 openssl rand -base64 48）/ production mode needs a random secret of at least 32 characters, e.g. openssl rand -base64 48; 仅本机演示请用 npm start / for a local demo use npm start`,
  );
  process.exit(1);
}

let brokers = parseBrokerList(process.env.KAFKA_BROKERS);
let startedBroker = false;
if (brokers.length === 0) {
  const kafkaPort = Number(process.env.KAFKA_PORT ?? 19092);
  const wasRunning = await listening(kafkaPort);
  out(
    wasRunning
      ? `Kafka: 复用本地代理 / reusing the local broker on 127.0.0.1:${kafkaPort}`
      : 'Kafka: 启动本地代理 / starting the local broker (infra/kafka/bin/start.sh; first run gathers jars, ~20 s)…',
  );
  brokers = await startLocalBroker();
  startedBroker = !wasRunning;
}

const dataDir = resolve(opts.dataDir);
let topology: Topology | undefined;
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  out(`\n${signal}: 正在停止 / stopping services, relay, workers${startedBroker ? ', broker' : ''}…`);
  await topology?.stop();
  if (startedBroker) await stopLocalBroker();
  out('已停止 / stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  topology = await startTopology({
    dataDir,
    brokers: brokers.join(','),
    workers: opts.workers,
    basePort: opts.basePort,
    env: Object.fromEntries(
      ['EVENT_STORE', 'ESDB_CONNECTION_STRING', 'LOG_LEVEL', 'REGIONS_FILE', 'RISK_POLICY_FILE', 'JWT_SECRET', 'PII_HASH_SECRET', 'KAFKA_PARTITIONS']
        .filter((k) => process.env[k] !== undefined)
        .map((k) => [k, process.env[k]!]),
    ),
    onLine: printLine,
    onStarted: (p) => out(`  ${p.name.padEnd(12)} ${p.url}   (pid ${p.pid})`),
  });
} catch (err) {
  out(`启动失败 / failed to start: ${(err as Error).message}`);
  if (startedBroker) await stopLocalBroker();
  process.exit(1);
}

const t = topology;
const intake = t.services.find((s) => s.name === 'intake');
const lines = [
  '',
  '分布式运行时已启动 / distributed runtime is running (EVENT_BUS=kafka)',
  `  Kafka:     ${brokers.join(',')}${startedBroker ? ' (started here; stopped on Ctrl-C)' : ''}   数据 data: ${dataDir}`,
  ...t.services.map((s) => `  ${s.name.padEnd(10)} ${s.url}/api   (OpenAPI ${s.url}/docs)`),
  `  relay      ${t.relay.url}/metrics   (store → Kafka)`,
  ...t.workers.map((w) => `  ${w.name.padEnd(10)} ${w.url}/api/centers/:code/…   (group member; one shared views file)`),
  ...(t.skipped.length ? [`  未启动 not started (no main.ts yet): ${t.skipped.join(', ')}`] : []),
  '',
  '登录 sign in: POST <any service>/api/auth/login {userId, password} (ADMIN_INITIAL_PASSWORD creates the first admin);',
  `  或签发令牌 or a token signed with this JWT_SECRET: JWT_SECRET=… DATA_DIR=${dataDir} npm run -s token -- --role R --center C`,
  '',
  `试一试 try: POST ${intake?.url ?? '<intake>'}/api/disputes → position; GET ${t.workers[0]?.url}/api/centers/230300/stats?minPosition=<position>`,
  'Ctrl-C 停止全部 / stops everything',
  '',
];
out(lines.join('\n'));
