import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The JWT secret a CLI (token, seed) signs with, found the way the server found it: JWT_SECRET if set,
 * else the secrets.json `npm start` generated in DATA_DIR (default ./data). Never generates one — a
 * fresh secret would sign tokens no running server accepts — and says which it used.
 */
export function cliJwtSecret(env: NodeJS.ProcessEnv = process.env): { secret: string; source: string } {
  if (env.JWT_SECRET) return { secret: env.JWT_SECRET, source: 'JWT_SECRET (环境变量 / environment)' };
  const file = resolve(join(env.DATA_DIR ?? 'data', 'secrets.json'));
  if (!existsSync(file)) {
    throw new Error(
      `找不到签名密钥：未设置 JWT_SECRET，且 ${file} 不存在。请使用与服务器相同的 DATA_DIR 或 JWT_SECRET / ` +
        `no signing secret: JWT_SECRET is unset and ${file} does not exist; use the server's DATA_DIR or JWT_SECRET`,
    );
  }
  const secret = (JSON.parse(readFileSync(file, 'utf8')) as { JWT_SECRET?: string }).JWT_SECRET;
  if (!secret) throw new Error(`${file}: 没有 JWT_SECRET / has no JWT_SECRET`);
  return { secret, source: file };
}
