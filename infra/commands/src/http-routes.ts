import type { Actor } from '@zz/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, type HttpApp } from '@zz/http';
import { z } from 'zod';
import type { CommandEnvelope, CommandResult } from './command-service.js';
import { StreamNotFoundError } from './errors.js';
import { commandHttpError, etag, parseIdempotencyKey, parseIfMatch } from './http.js';
import { commandHash } from './ids.js';

/** The caller of a command: who, which request, and the optional Idempotency-Key / If-Match. */
export interface Caller {
  actor: Actor;
  correlationId: string;
  idempotencyKey?: string;
  expectedRevision?: bigint;
}

/** Everything about a command that is not its body; the hash is over the body as the client sent it. */
export function commandEnvelope(commandType: string, body: unknown, caller: Caller): CommandEnvelope {
  return {
    actor: caller.actor,
    correlationId: caller.correlationId,
    commandType,
    commandHash: commandHash(commandType, body),
    ...(caller.idempotencyKey ? { idempotencyKey: caller.idempotencyKey } : {}),
    ...(caller.expectedRevision !== undefined ? { expectedRevision: caller.expectedRevision } : {}),
  };
}

/** The caller of an authenticated request, with its Idempotency-Key and (for commands on a stream) If-Match. */
export function callerOf(request: FastifyRequest, opts: { ifMatch?: boolean } = { ifMatch: true }): Caller {
  const idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
  const expectedRevision = opts.ifMatch ? parseIfMatch(request.headers['if-match']) : undefined;
  return { actor: request.actor, correlationId: request.correlationId, ...(idempotencyKey ? { idempotencyKey } : {}), ...(expectedRevision !== undefined ? { expectedRevision } : {}) };
}

/** `{revision, position}` with the new ETag, flagged when it is the replayed first answer of an Idempotency-Key. */
export function commandAnswer(reply: FastifyReply, r: { revision: bigint; position: bigint; replayed: boolean }): { revision: number; position: number } {
  reply.header('etag', etag(r.revision));
  if (r.replayed) reply.header('idempotent-replayed', 'true');
  return { revision: Number(r.revision), position: Number(r.position) };
}

export const CommandAnswer = z.object({ revision: z.number(), position: z.number() });
export const ErrorAnswer = z.object({ error: z.string(), message: z.string(), details: z.array(z.object({ path: z.string(), message: z.string() })).optional() });
export const ERROR_RESPONSES = { 400: ErrorAnswer, 401: ErrorAnswer, 403: ErrorAnswer, 404: ErrorAnswer, 409: ErrorAnswer, 412: ErrorAnswer, 422: ErrorAnswer };
export const COMMAND_HEADERS_DOC = '可选 If-Match（版本，过期返回412）与 Idempotency-Key（重试返回首次结果）/ optional If-Match (stale → 412) and Idempotency-Key (a retry returns the first answer)';

export const forbiddenRole = () => new HttpError(403, 'forbidden_role', '您的角色无权执行此操作 / your role may not do this');
export const outsideJurisdiction = () => new HttpError(403, 'outside_jurisdiction', '不在本中心辖区 / outside your jurisdiction');

export interface CommandRoute<T extends string> {
  type: T;
  summary: string;
  body: z.ZodType;
}

export interface CommandRoutesOptions<R extends CommandRoute<string>> {
  /** e.g. `/api/mediations/:mediationId`; each command is POSTed to `<base>/<path>`. */
  base: string;
  params: z.ZodObject;
  /** Name of the id in `params`. */
  idParam: string;
  tags: string[];
  routes: Record<string, R>;
  execute(id: string, route: R, body: unknown, caller: Caller): Promise<CommandResult<unknown>>;
  /** The flow's own 404 (its wording names what is missing). */
  notFound(): HttpError;
}

/** POST `<base>/<command>` for every command of a flow: schema, auth, If-Match, Idempotency-Key, answers and errors alike. */
export function registerCommandRoutes<R extends CommandRoute<string>>(app: HttpApp, opts: CommandRoutesOptions<R>): void {
  for (const [path, route] of Object.entries(opts.routes)) {
    app.post(
      `${opts.base}/${path}`,
      {
        onRequest: app.authenticate,
        schema: {
          tags: opts.tags,
          summary: route.summary,
          description: COMMAND_HEADERS_DOC,
          security: [{ bearerAuth: [] }],
          params: opts.params,
          body: route.body,
          response: { 200: CommandAnswer, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        try {
          const id = (request.params as Record<string, string>)[opts.idParam]!;
          return commandAnswer(reply, await opts.execute(id, route, request.body, caller));
        } catch (err) {
          if (err instanceof StreamNotFoundError) throw opts.notFound();
          throw commandHttpError(err);
        }
      },
    );
  }
}
