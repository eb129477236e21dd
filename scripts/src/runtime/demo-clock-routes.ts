import type { DeadlineWatcher } from '@zz/deadlines';
import type { EventStore } from '@zz/eventstore';
import { forbiddenRole } from '@zz/commands';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { z } from 'zod';
import type { DemoClock } from './demo-clock.js';

const ClockAnswer = z.object({ now: z.string(), offsetMs: z.number() });
const Move = z.union([
  z
    .object({
      advanceMinutes: z
        .int()
        .min(1, '须为正数 / must be positive')
        .max(366 * 24 * 60),
    })
    .strict(),
  z.object({ to: z.iso.datetime({ offset: true, message: '须为ISO 8601时间 / must be an ISO 8601 date-time' }) }).strict(),
]);

/**
 * GET/POST /api/demo/clock, demo mode only: read the demo clock, or move it (admin). After a move
 * the deadline watcher looks at once, so what lapsed in the skipped time is alerted right away.
 */
export const demoClockRoutes: FastifyPluginAsyncZod<{ clock: DemoClock; store: EventStore; deadlines: DeadlineWatcher }> = async (app, { clock, store, deadlines }) => {
  const answer = () => ({ now: clock.now().toISOString(), offsetMs: clock.offsetMs });
  app.get(
    '/api/demo/clock',
    { onRequest: app.authenticate, schema: { tags: ['demo 演示'], summary: '演示时钟 / the demo clock', security: [{ bearerAuth: [] }], response: { 200: ClockAnswer } } },
    async () => answer(),
  );
  app.post(
    '/api/demo/clock',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['demo 演示'],
        summary: '拨动演示时钟（仅演示模式，管理员） / move the demo clock (demo mode, admin)',
        security: [{ bearerAuth: [] }],
        body: Move,
        response: { 200: ClockAnswer },
      },
    },
    async (request) => {
      if (request.actor.role !== 'admin') throw forbiddenRole();
      const body = request.body;
      const to = 'to' in body ? new Date(body.to) : new Date(clock.now().getTime() + body.advanceMinutes * 60_000);
      if (!clock.moveTo(to, (await store.headPosition()) === 0n))
        throw new HttpError(409, 'clock_backwards', '已有事件时演示时钟只能向前拨 / with events in the log the demo clock only moves forward');
      await deadlines.tick();
      return answer();
    },
  );
};
