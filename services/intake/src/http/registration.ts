import type { RegionDirectory } from '@zz/contracts';
import { CommandAnswer, commandHttpError, etag } from '@zz/commands';
import { HttpError } from '@zz/http';
import { z } from 'zod';
import type { IntakeService } from '../application/intake-service.js';

/** What every way of registering a dispute (the desk, the machine channel) shares. */
export const Registered = CommandAnswer.extend({ caseId: z.string(), caseCode: z.string() });

/** The area must be a township or grid inside `centerCode`'s area: 400 naming the field, else 403 with the caller's wording. */
export function checkRegistrationArea(regions: RegionDirectory, areaCode: string, centerCode: string, outsideMessage: string): void {
  const area = regions.get(areaCode);
  if (!area || (area.tier !== 'township' && area.tier !== 'grid')) {
    throw new HttpError(400, 'validation_failed', '请求参数不合法 / invalid request', [{ path: 'body.areaCode', message: '须为乡镇（街道）或网格代码 / must be a known township or grid code' }]);
  }
  if (!regions.isWithin(area.code, centerCode)) throw new HttpError(403, 'outside_jurisdiction', outsideMessage);
}

/** The part of a Fastify reply this needs (the package does not depend on fastify itself). */
interface Reply {
  header(name: string, value: string): Reply;
  code(status: number): unknown;
}

/** Registers; sets 201, ETag and Location (and the replay header for an Idempotency-Key's first answer) and returns the body. */
export async function registerAndAnswer(reply: Reply, run: () => ReturnType<IntakeService['register']>) {
  try {
    const r = await run();
    reply.header('etag', etag(r.revision)).header('location', `/api/disputes/${r.caseId}`);
    if (r.replayed) reply.header('idempotent-replayed', 'true');
    reply.code(201);
    return { caseId: r.caseId, caseCode: r.caseCode, revision: Number(r.revision), position: Number(r.position) };
  } catch (err) {
    throw commandHttpError(err);
  }
}
