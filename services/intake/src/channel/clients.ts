import { readFileSync } from 'node:fs';
import { CaseSource, DivisionCode } from '@zz/contracts';
import { z } from 'zod';

/**
 * The systems allowed to push disputes in (对接系统): each with its own key, the center its orders
 * are registered at, and the case source they are recorded under. The file names the environment
 * variable that holds each key, so the file can live in configuration and the keys in secrets.
 */
const ChannelClientEntry = z.object({
  clientId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '小写字母、数字与连字符 / lower-case letters, digits and hyphens'),
  name: z.string().min(1).max(60),
  source: CaseSource,
  centerCode: DivisionCode,
  secretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
});
const ChannelClientsFile = z.array(ChannelClientEntry);

export interface ChannelClient extends Omit<z.infer<typeof ChannelClientEntry>, 'secretEnv'> {
  secret: string;
}

/** Reads the clients file and each client's key; refuses to start on a missing or short key. */
export function loadChannelClients(path: string, env: Record<string, string | undefined>): Map<string, ChannelClient> {
  const parsed = ChannelClientsFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`对接系统配置无效 / invalid intake channel file ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const clients = new Map<string, ChannelClient>();
  for (const { secretEnv, ...client } of parsed.data) {
    const secret = env[secretEnv];
    if (!secret || secret.length < 32)
      throw new Error(`对接系统 ${client.clientId} 的密钥须由环境变量 ${secretEnv} 提供且不少于32个字符 / ${secretEnv} must hold the key of ${client.clientId} (at least 32 characters)`);
    if (clients.has(client.clientId)) throw new Error(`对接系统重复 / duplicate intake channel client ${client.clientId}`);
    clients.set(client.clientId, { ...client, secret });
  }
  return clients;
}
