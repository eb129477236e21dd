import { createHmac } from 'node:crypto';
import jwt from '@fastify/jwt';
import { Actor, DivisionCode, Role, type Region } from '@zz/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { MESSAGES, type ErrorBody } from './errors.js';
import { DEFAULT_TOKEN_POLICY, tokenCenterProblem, tokenTimeProblem, type TokenTimePolicy } from './token-policy.js';

/** The claims a bearer token must carry: sub = user id, role, center = division code of the user's center. */
export const TokenClaims = z.object({
  sub: z.string().min(1),
  role: Role,
  center: DivisionCode,
});
export type TokenClaims = z.infer<typeof TokenClaims>;

const DEFAULT_EXPIRY_SECONDS = 12 * 60 * 60;
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `3600`, `'90s'`, `'30m'`, `'12h'`, `'7d'` → seconds. */
export function expirySeconds(expiresIn: number | string): number {
  if (typeof expiresIn === 'number' && Number.isInteger(expiresIn) && expiresIn > 0) return expiresIn;
  const m = typeof expiresIn === 'string' ? /^(\d+)([smhd])?$/.exec(expiresIn.trim()) : null;
  if (!m || Number(m[1]) <= 0) throw new Error(`invalid expiresIn: ${String(expiresIn)}`);
  return Number(m[1]) * UNITS[m[2] ?? 's']!;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * Signs an HS256 JWT for an actor (used by `npm run token` and tests). Plain node:crypto so callers
 * need no Fastify instance; the app verifies with @fastify/jwt.
 */
export function signToken(secret: string, actor: Actor, opts: { expiresIn?: number | string; now?: () => Date } = {}): string {
  const parsed = Actor.parse(actor);
  const iat = Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
  const payload: TokenClaims & { iat: number; exp: number } = {
    sub: parsed.userId,
    role: parsed.role,
    center: parsed.centerCode,
    iat,
    exp: iat + expirySeconds(opts.expiresIn ?? DEFAULT_EXPIRY_SECONDS),
  };
  const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: verifies the bearer token and sets `request.actor`, or answers 401. */
    authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    /** Adds a check every verified token must also pass (e.g. its account is not disabled): false → 401. */
    addTokenCheck(check: (actor: Actor) => Promise<boolean> | boolean): void;
  }
  interface FastifyRequest {
    /** Set by `app.authenticate`; only routes using it may read it. */
    actor: Actor;
  }
}

function unauthorized(reply: FastifyReply, message: string) {
  return reply.code(401).send({ error: 'unauthorized', message } satisfies ErrorBody);
}

export interface AuthOptions {
  secret: string;
  /** Lifetime cap and clock skew (default 12 h, 60 s). */
  tokenPolicy?: TokenTimePolicy;
  /** The region table: a token whose center is not a center in it is refused (401). Omitted only in unit tests of the plumbing. */
  regions?: (code: string) => Pick<Region, 'tier'> | undefined;
  now?: () => Date;
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: AuthOptions) => {
    if (!opts.secret) throw new Error('jwtSecret is required');
    await app.register(jwt, {
      secret: opts.secret,
      sign: { algorithm: 'HS256' },
      verify: { algorithms: ['HS256'] },
    });
    app.decorateRequest('actor', null as unknown as Actor);
    const checks: ((actor: Actor) => Promise<boolean> | boolean)[] = [];
    app.decorate('addTokenCheck', (check: (actor: Actor) => Promise<boolean> | boolean) => void checks.push(check));
    app.decorate('authenticate', async function authenticate(request: FastifyRequest, reply: FastifyReply) {
      let payload: unknown;
      try {
        payload = await request.jwtVerify();
      } catch {
        return unauthorized(reply, MESSAGES.unauthorized);
      }
      const claims = TokenClaims.safeParse(payload);
      if (!claims.success) {
        return unauthorized(reply, '令牌声明不合法 / invalid token claims');
      }
      const nowSeconds = Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
      if (tokenTimeProblem(payload as Record<string, unknown>, nowSeconds, opts.tokenPolicy ?? DEFAULT_TOKEN_POLICY)) {
        return unauthorized(reply, '令牌有效期不合法（须含签发与过期时间，且不超过允许的最长有效期） / token times refused: iat and exp are required, within the allowed lifetime, not in the future');
      }
      if (opts.regions && tokenCenterProblem(claims.data.center, opts.regions)) {
        return unauthorized(reply, "令牌所属中心不存在 / the token's center is not a center of this deployment");
      }
      const actor: Actor = { userId: claims.data.sub, role: claims.data.role, centerCode: claims.data.center };
      for (const check of checks) {
        if (!(await check(actor))) return unauthorized(reply, '账号已停用或已变更，请重新登录 / the account is disabled or changed: sign in again');
      }
      request.actor = actor;
    });
  },
  { name: 'zz-auth' },
);
