import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

/** What the figures were measured on: they mean little without it. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  versions: Record<string, string>;
  date: string;
}

const require = createRequire(import.meta.url);
const KEY_PACKAGES = ['fastify', 'better-sqlite3', 'zod', 'autocannon', 'pino', 'fast-jwt', 'jsonwebtoken', 'tsx', 'typescript'];

function versionOf(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
}

function sqliteVersion(): string | undefined {
  try {
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const db = new Database(':memory:');
    const v = db.prepare('select sqlite_version()').pluck().get() as string;
    db.close();
    return v;
  } catch {
    return undefined;
  }
}

function cpuModel(): string {
  const fromOs = os.cpus()[0]?.model?.trim();
  if (fromOs && fromOs !== 'unknown') return fromOs;
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): MachineInfo {
  const versions: Record<string, string> = {};
  for (const name of KEY_PACKAGES) {
    const v = versionOf(name);
    if (v) versions[name] = v;
  }
  const sqlite = sqliteVersion();
  if (sqlite) versions.sqlite = sqlite;
  return {
    cpuModel: cpuModel(),
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    versions,
    date: new Date().toISOString(),
  };
}
