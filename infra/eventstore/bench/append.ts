// Not a test: prints appends/s for 1 and 64 concurrent appenders, per writer mode, and the read
// rate of readAll. Run: node_modules/.bin/tsx infra/eventstore/bench/append.ts [readEvents]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore } from '../src/sqlite.js';
import type { EventData } from '../src/port.js';

const dir = mkdtempSync(join(tmpdir(), 'es-bench-'));
let fileNo = 0;

function event(i: number): EventData {
  return {
    eventId: randomUUID(),
    type: 'DisputeRegistered',
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    data: { caseCode: `C-${i}`, category: 'neighbourhood', summary: 'x'.repeat(200) },
    metadata: { correlationId: randomUUID(), actor: { userId: 'u1', role: 'intake_clerk', centerCode: '110101' } },
  };
}

async function appendRate(writer: 'inline' | 'worker', concurrency: number, total: number): Promise<void> {
  const store = openSqliteEventStore({ path: join(dir, `${fileNo++}.db`), writer });
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      let revision: bigint | 'no_stream' = 'no_stream';
      while (next < total) {
        const i = next++;
        const r = await store.append(`dispute-${worker}`, [event(i)], { expectedRevision: revision });
        revision = r.nextRevision;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { commits, appends } = store.commitStats();
  console.log(
    `${writer.padEnd(6)} concurrency ${String(concurrency).padStart(2)}: ${Math.round(total / seconds)} appends/s ` +
      `(${appends} appends in ${commits} commits, ${(appends / commits).toFixed(1)} per commit)`,
  );
  await store.close();
}

async function readRate(count: number): Promise<void> {
  const store = openSqliteEventStore({ path: join(dir, `${fileNo++}.db`) });
  const batch = 500;
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: batch }, (_, k) => store.append(`s-${(i + k) % 5000}`, [event(i + k)], { expectedRevision: 'any' })));
  }
  const started = process.hrtime.bigint();
  let n = 0;
  let checksum = 0;
  for await (const e of store.readAll()) {
    n++;
    checksum += (e.data as { caseCode: string }).caseCode.length; // touch the payload like a projection would
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`readAll: ${n} events at ${Math.round(n / seconds)} events/s (checksum ${checksum}), rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);

  const subStarted = process.hrtime.bigint();
  const subscription = store.subscribe();
  let m = 0;
  for await (const e of subscription) {
    checksum += (e.data as { caseCode: string }).caseCode.length;
    if (++m === n) break;
  }
  const subSeconds = Number(process.hrtime.bigint() - subStarted) / 1e9;
  console.log(`subscribe catch-up: ${m} events at ${Math.round(m / subSeconds)} events/s, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
  await store.close();
}

for (const writer of ['inline', 'worker'] as const) {
  await appendRate(writer, 1, 2000);
  await appendRate(writer, 64, 20000);
}
await readRate(Number(process.argv[2] ?? 100_000));
rmSync(dir, { recursive: true, force: true });
