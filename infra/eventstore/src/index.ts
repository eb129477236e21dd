export * from './port.js';
export { openSqliteEventStore, DEFAULT_POLL_INTERVAL_MS } from './sqlite.js';
export type { SqliteEventStore, SqliteEventStoreOptions } from './sqlite.js';
export { openEsdbEventStore } from './esdb.js';
export type { EsdbClientLike, EsdbEventStoreOptions, EsdbResubscribeBackoff } from './esdb.js';
export { eventStoreContract, contractEvent, collect } from './contract.js';
export type { TapTest } from './contract.js';
