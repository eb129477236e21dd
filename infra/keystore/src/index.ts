export * from './port.js';
export { openKeyStore, SqliteKeyStore, type KeyStoreOptions } from './sqlite.js';
export { normaliseIdNumber } from './cipher.js';
export { openPostgresKeyStore, PostgresKeyStore, type PostgresKeyStoreOptions } from './postgres.js';
