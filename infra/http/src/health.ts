import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

export type ReadinessResult = boolean | { ok: boolean; detail?: string };
export type ReadinessCheck = () => Promise<ReadinessResult> | ReadinessResult;

declare module 'fastify' {
  interface FastifyInstance {
    /** Registers a check that /ready runs; any failing (false, ok:false, throws, times out) → 503. */
    addReadinessCheck(name: string, check: ReadinessCheck): void;
  }
}

const CheckOutcome = z.object({ ok: z.boolean(), detail: z.string().optional() });
const ReadyBody = z.object({ status: z.enum(['ready', 'not_ready']), checks: z.record(z.string(), CheckOutcome) });

/** Runs one check with a deadline so a hung dependency turns into "not ready" instead of a hung probe. */
async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<z.infer<typeof CheckOutcome>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<z.infer<typeof CheckOutcome>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: 'timeout' }), timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(check), timeout]);
    if (typeof result === 'boolean') return { ok: result };
    return result.detail === undefined ? { ok: result.ok } : { ok: result.ok, detail: result.detail };
  } finally {
    clearTimeout(timer);
  }
}

export const healthPlugin = fp(
  async (app: FastifyInstance, opts: { readinessTimeoutMs: number }) => {
    const checks = new Map<string, ReadinessCheck>();
    app.decorate('addReadinessCheck', (name: string, check: ReadinessCheck) => {
      if (checks.has(name)) throw new Error(`readiness check already registered: ${name}`);
      checks.set(name, check);
    });
    const typed = app.withTypeProvider<ZodTypeProvider>();

    typed.get(
      '/health',
      {
        schema: {
          summary: '存活探针 / liveness',
          tags: ['ops'],
          security: [],
          response: { 200: z.object({ status: z.literal('ok') }) },
        },
      },
      async () => ({ status: 'ok' as const }),
    );

    typed.get(
      '/ready',
      {
        schema: {
          summary: '就绪探针 / readiness',
          tags: ['ops'],
          security: [],
          response: { 200: ReadyBody, 503: ReadyBody },
        },
      },
      async (request, reply) => {
        const outcomes: Record<string, z.infer<typeof CheckOutcome>> = {};
        await Promise.all(
          [...checks].map(async ([name, check]) => {
            try {
              outcomes[name] = await runCheck(check, opts.readinessTimeoutMs);
            } catch (err) {
              request.log.warn({ err, check: name }, 'readiness check threw');
              outcomes[name] = { ok: false, detail: 'error' };
            }
          }),
        );
        const ready = Object.values(outcomes).every((o) => o.ok);
        return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: outcomes });
      },
    );
  },
  { name: 'zz-health' },
);
