// Not a test: appends/s on PostgreSQL for 1 and 64 concurrent appenders in one process, and for
// 64 split over 4 stores (as 4 processes: their transactions take turns on the log lock).
// Run: node_modules/.bin/tsx infra/eventstore/bench/append-postgres.ts [total]
import { randomUUID } from 'node:crypto';
import { openPostgresEventStore, type PostgresEventStore } from '../src/postgres.js';
import { createTemporaryDatabase } from '../src/testing/pg-database.js';
import type { EventData } from '../src/port.js';

const total = Number(process.argv[2] ?? 3000);

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

async function appendRate(label: string, stores: PostgresEventStore[], concurrency: number, count: number): Promise<void> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const store = stores[worker % stores.length]!;
      let revision: bigint | 'no_stream' = 'no_stream';
      const stream = `dispute-${randomUUID()}`;
      while (next < count) {
        const r = await store.append(stream, [event(next++)], { expectedRevision: revision });
        revision = r.nextRevision;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const commits = stores.reduce((n, s) => n + s.commitStats().commits, 0);
  console.log(`${label}: ${Math.round(count / seconds)} appends/s (${commits} commits so far)`);
}

const db = await createTemporaryDatabase('zz_es_bench');
try {
  const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresEventStore({ connectionString: db.connectionString })));
  await appendRate('1 appender, 1 store', stores.slice(0, 1), 1, Math.min(total, 500));
  await appendRate('64 appenders, 1 store', stores.slice(0, 1), 64, total);
  await appendRate('64 appenders, 4 stores', stores, 64, total);
  const head = await stores[0]!.headPosition();
  console.log(`head ${head}`);
  await Promise.all(stores.map((s) => s.close()));
} finally {
  await db.drop();
}
