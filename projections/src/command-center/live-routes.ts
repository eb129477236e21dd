import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { LiveHub } from './live/hub.js';

/** A client slower than this much unsent data is dropped; it resumes from its Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1 << 20;
const HEARTBEAT_MS = 15_000;

const LastEventId = z.coerce.number().int().min(0);

/**
 * GET /api/live: server-sent events of the cases in the caller's jurisdiction (their center's
 * area, or held by a center in it). Authenticated with the ordinary bearer header: the web app
 * reads the stream with fetch() (EventSource can't set headers, and a token in the URL would end
 * up in access logs and browser history). Resume with the `Last-Event-ID` header (or
 * `?lastEventId=`, for clients that can only set the URL): every event after it in scope is
 * replayed from the store, then live ones follow, without gaps or duplicates.
 */
export function liveRoutes(app: FastifyInstance, hub: LiveHub): void {
  app.get(
    '/api/live',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['live 实时'],
        summary: '实时事件流（SSE，本辖区，支持 Last-Event-ID 续传） / live server-sent events of your jurisdiction, resumable with Last-Event-ID',
        security: [{ bearerAuth: [] }],
      },
    },
    async (request, reply) => {
      const raw = request.headers['last-event-id'] ?? (request.query as { lastEventId?: string }).lastEventId;
      const parsed = raw === undefined || raw === '' ? null : LastEventId.safeParse(raw);
      if (parsed && !parsed.success) {
        return reply.code(400).send({
          error: 'validation_failed',
          message: '请求参数不合法 / invalid request',
          details: [{ path: 'headers.last-event-id', message: '须为非负整数（全局位置） / must be a global position' }],
        });
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-correlation-id': request.correlationId,
      });
      res.write(`retry: 1000\n: position ${hub.position()}\n\n`);
      let closed = false;
      let connection: { close(): void } | null = null;
      const heartbeat = setInterval(() => res.write(`: ping ${hub.position()}\n\n`), HEARTBEAT_MS);
      heartbeat.unref();
      const end = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        connection?.close();
        if (!res.writableEnded) res.end();
      };
      request.raw.on('close', end);
      res.on('error', end);
      connection = await hub.connect(
        {
          center: request.actor.centerCode,
          send: (frame) => {
            if (closed) return true;
            res.write(frame);
            return res.writableLength < MAX_BUFFERED_BYTES;
          },
          drop: end,
        },
        parsed ? parsed.data : null,
        () => res.write('event: reset\ndata: {}\n\n'),
      );
      if (closed) connection.close();
    },
  );
}
