/**
 * One process of the distributed topology: a main.ts run under tsx as a child process on a port chosen
 * by the parent, ready once it logged that it listens (the logged address itself is redacted by the
 * HTTP app's log redaction — `address` is a personal-data field name — so the port comes from here). Its log lines (pino JSON; personal data is redacted by the
 * HTTP app factory) are handed to `onLine` with the process's name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';

export interface ProcessSpec {
  name: string;
  /** Absolute path of the entry file (a main.ts). */
  entry: string;
  env: Record<string, string>;
  cwd: string;
  port: number;
}

export interface RunningProcess {
  readonly name: string;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** SIGTERM (graceful: the app's onClose hooks run), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Whether a pino line announces that the process listens (each main.ts logs '… listening'). */
export function announcesListening(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const obj = JSON.parse(line) as { msg?: unknown };
    return typeof obj.msg === 'string' && /listening/i.test(obj.msg);
  } catch {
    return false; // not JSON: a plain line
  }
}

/** A loopback port free right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function startProcess(spec: ProcessSpec, opts: { readyTimeoutMs?: number; onLine?: (name: string, line: string) => void } = {}): Promise<RunningProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', spec.entry], {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, PORT: String(spec.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches the parent only, which then stops the children in order.
    detached: true,
  });
  const timeoutMs = opts.readyTimeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    let ready = false;
    const tail: string[] = [];
    const fail = (why: string) => {
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${spec.name}: ${why}\n${tail.join('\n')}`));
    };
    const timer = setTimeout(() => fail(`not listening after ${timeoutMs} ms`), timeoutMs);
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      opts.onLine?.(spec.name, line);
      if (ready || !announcesListening(line)) return;
      ready = true;
      clearTimeout(timer);
      resolve({
        name: spec.name,
        url: `http://127.0.0.1:${spec.port}`,
        pid: child.pid!,
        child,
        async stop(graceMs = 15_000) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited(child);
          clearTimeout(killer);
        },
      });
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code, signal) => fail(`exited before listening (code ${code}, signal ${signal})`));
    child.once('error', (err) => fail(err.message));
  });
}
