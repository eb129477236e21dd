// The EventStore contract against a real EventStoreDB / KurrentDB (e.g. esdb://localhost:2113?tls=false).
import t from 'tap';
import { eventStoreContract } from './contract.js';
import { openEsdbEventStore } from './esdb.js';

const connectionString = process.env.ESDB_CONNECTION_STRING;

t.test('EventStoreDB adapter passes the EventStore contract', { skip: connectionString ? false : 'ESDB_CONNECTION_STRING not set: no EventStoreDB server to test against' }, async (t) => {
  eventStoreContract(t, async () => openEsdbEventStore({ connectionString: connectionString as string }));
});
