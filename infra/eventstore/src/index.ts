export * from './port.js';
export { openSqliteEventStore, DEFAULT_POLL_INTERVAL_MS } from './sqlite.js';
export type { SqliteEventStore, SqliteEventStoreOptions } from './sqlite.js';
