/**
 * Test child: runs the relay and SIGKILLs its own process right after the broker acknowledged the
 * first batch, before the checkpoint is saved: the crash window at-least-once must survive.
 *   node --import tsx src/relay-kill-child.ts <store.db> <checkpoint.db> <topic> <brokers>
 */
import { openSqliteEventStore } from '@zz/eventstore';
import { openRelayCheckpoint } from './relay-checkpoint.js';
import { startRelay } from './relay.js';
import { quietKafka } from './testing.js';

const [storePath, checkpointPath, topic, brokers] = process.argv.slice(2) as [string, string, string, string];
const store = openSqliteEventStore({ path: storePath });
const checkpoint = openRelayCheckpoint({ path: checkpointPath, name: topic });
startRelay({
  store,
  kafka: quietKafka(brokers.split(','), 'relay-kill-child'),
  topic,
  checkpoint,
  afterAck: () => {
    process.kill(process.pid, 'SIGKILL');
  },
  onError: (error) => {
    console.error('relay child error', error);
    process.exit(2);
  },
});
