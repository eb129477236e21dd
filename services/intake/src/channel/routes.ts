import { intake, type RegionDirectory } from '@zz/contracts';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { ERROR_RESPONSES as errors } from '@zz/commands';
import type { IntakeService } from '../application/intake-service.js';
import type { ChannelClient } from './clients.js';
import { checkRegistrationArea, Registered, registerAndAnswer } from '../http/registration.js';
import { ReplayGuard } from './replay-guard.js';
import { signatureMatches, timestampFresh } from './signature.js';

export interface ChannelRoutesOptions {
  service: IntakeService;
  regions: RegionDirectory;
  clients: Map<string, ChannelClient>;
  now?: () => Date;
  /** How far the sender's clock may be from ours, in seconds. Default 300. */
  windowSeconds?: number;
}

export const CHANNEL_PATH = '/api/channel/disputes';
const HEADERS = ['x-zz-client', 'x-zz-timestamp', 'x-zz-nonce', 'x-zz-signature'] as const;
const unauthorized = (code: string, message: string) => new HttpError(401, code, message);

declare module 'fastify' {
  interface FastifyRequest {
    channelClient?: ChannelClient;
    rawBody?: Buffer;
  }
}

/**
 * POST /api/channel/disputes: another system pushes an order in (对接接口). Signed per client
 * (./signature.ts), refused before anything is read when unsigned, stale, forged or replayed; the
 * order number makes it idempotent. Registered under the client's center, as its source.
 */
export const channelRoutes: FastifyPluginAsyncZod<ChannelRoutesOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  const windowSeconds = opts.windowSeconds ?? 300;
  const replays = new ReplayGuard(windowSeconds * 1000);

  // The signature is over the bytes as sent: keep them (this plugin's scope only).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    // (A charset other than UTF-8 was refused before parsing, by the app's onRequest hook.)
    request.rawBody = body;
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new HttpError(400, 'invalid_json', '请求体不是合法的JSON / the body is not valid JSON'), undefined);
    }
  });

  app.post(
    CHANNEL_PATH,
    {
      schema: {
        tags: ['intake 受理'],
        summary: '对接系统推送纠纷（12345、110、网格APP），HMAC签名 / another system pushes a dispute in, HMAC-signed',
        description: `Headers ${HEADERS.join(', ')}: signature = hex HMAC-SHA256(key, "POST\\n${CHANNEL_PATH}\\n<timestamp>\\n<nonce>\\n<hex sha256 of body>"); timestamp in Unix seconds within ±${windowSeconds} s.`,
        body: intake.ChannelOrder,
        response: { 201: Registered, ...errors },
      },
      // After the body is read, before it is validated: an unsigned request learns nothing about the schema.
      preValidation: async (request) => {
        const missing = HEADERS.filter((h) => typeof request.headers[h] !== 'string' || request.headers[h] === '');
        if (missing.length)
          throw new HttpError(
            401,
            'signature_required',
            '缺少签名请求头 / signature headers missing',
            missing.map((h) => ({ path: `headers.${h}`, message: '必填 / required' })),
          );
        const [clientId, timestamp, nonce, signature] = HEADERS.map((h) => request.headers[h] as string) as [string, string, string, string];
        const client = opts.clients.get(clientId);
        if (!client) throw unauthorized('unknown_client', '未登记的对接系统 / unknown client');
        if (!timestampFresh(timestamp, now(), windowSeconds)) throw unauthorized('stale_timestamp', `时间戳超出±${windowSeconds}秒 / timestamp outside ±${windowSeconds} s`);
        if (!/^[A-Za-z0-9_-]{16,64}$/.test(nonce))
          throw new HttpError(400, 'validation_failed', '请求参数不合法 / invalid request', [{ path: 'headers.x-zz-nonce', message: '16–64位字母数字 / 16–64 letters or digits' }]);
        const body = request.rawBody ?? Buffer.alloc(0);
        if (!signatureMatches(client.secret, { method: request.method, path: CHANNEL_PATH, timestamp, nonce, body }, signature))
          throw unauthorized('signature_invalid', '签名无效 / invalid signature');
        // Only a genuine request uses up its nonce, so forgeries cannot burn a sender's nonces.
        if (!replays.firstUse(clientId, nonce, now().getTime())) throw new HttpError(409, 'request_replayed', '重复的请求（nonce已用过） / replayed request (nonce already used)');
        request.channelClient = client;
      },
    },
    async (request, reply) => {
      const client = request.channelClient!;
      checkRegistrationArea(opts.regions, request.body.areaCode, client.centerCode, '该地区不在对接系统所属中心辖区 / the area is outside the client’s center');
      const caller = {
        actor: { userId: `channel:${client.clientId}`, role: 'intake_clerk' as const, centerCode: client.centerCode },
        correlationId: request.correlationId,
        // One order, one case: a resent order (new nonce, same order number) is answered from the first.
        idempotencyKey: `order:${request.body.orderId}`,
      };
      return registerAndAnswer(reply, () => opts.service.register(intake.registrationOf(request.body, client.source, client.clientId), caller));
    },
  );
};
