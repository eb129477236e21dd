// Child process for cross-process tests: appends to a SQLite store and prints one line per
// acknowledged append: `ack <appendId> <position> <eventId>...`. Not a test.
// Usage: sqlite-append-child.ts <dbPath> <appends> <concurrency> <eventsPerAppend>
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore } from '../sqlite.js';

const [path, appends = '10', concurrency = '1', perAppend = '1'] = process.argv.slice(2);
if (!path) throw new Error('usage: sqlite-append-child.ts <dbPath> <appends> <concurrency> <eventsPerAppend>');
const store = openSqliteEventStore({ path });
const total = Number(appends);
let next = 0;

await Promise.all(
  Array.from({ length: Number(concurrency) }, async (_, worker) => {
    let expected: bigint | 'no_stream' = 'no_stream';
    const stream = `child-${process.pid}-${worker}`;
    while (next < total) {
      const appendId = `a${next++}`;
      const events = Array.from({ length: Number(perAppend) }, (_, part) => ({
        eventId: randomUUID(),
        type: 'ChildAppended',
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        data: { appendId, part, padding: 'x'.repeat(100) },
        metadata: { worker },
      }));
      const result = await store.append(stream, events, { expectedRevision: expected });
      expected = result.nextRevision;
      process.stdout.write(`ack ${appendId} ${result.position} ${events.map((e) => e.eventId).join(' ')}\n`);
    }
  }),
);
await store.close();
