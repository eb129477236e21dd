import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Zero-configuration secrets for `npm start` on one machine: generated once into <DATA_DIR>/secrets.json
 * (mode 0600) so the server and `npm run token` agree. Production sets JWT_SECRET and PII_HASH_SECRET.
 */
export interface LocalSecrets {
  JWT_SECRET: string;
  PII_HASH_SECRET: string;
}

export function localSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: LocalSecrets = { JWT_SECRET: randomBytes(32).toString('base64url'), PII_HASH_SECRET: randomBytes(32).toString('base64url') };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  return secrets;
}

/** The environment with any missing secret filled from the local secrets file. */
export function withLocalSecrets(env: NodeJS.ProcessEnv, dataDir: string): NodeJS.ProcessEnv {
  if (env.JWT_SECRET && env.PII_HASH_SECRET) return env;
  const s = localSecrets(dataDir);
  return { ...env, JWT_SECRET: env.JWT_SECRET ?? s.JWT_SECRET, PII_HASH_SECRET: env.PII_HASH_SECRET ?? s.PII_HASH_SECRET };
}
