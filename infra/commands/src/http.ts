/** The command pipeline over HTTP: If-Match / Idempotency-Key parsing and the pipeline's own failures as answers; shared by every flow's routes. */
import { IdempotencyKeyReusedError, PreconditionFailedError, StreamNotFoundError } from './errors.js';
import { WrongExpectedRevisionError } from '@zz/eventstore';
import { HttpError } from '@zz/http';
import { InvalidDateError } from '@zz/contracts';

/** The command pipeline's own failures, as HTTP answers (domain refusals are 409 via DomainError already). */
export function commandHttpError(err: unknown): unknown {
  // A date out of order is a bad request field, not a state conflict: 400 naming it.
  if (err instanceof InvalidDateError) return new HttpError(400, 'validation_failed', '请求参数不合法 / invalid request', [{ path: `body.${err.field}`, message: err.message }]);
  if (err instanceof StreamNotFoundError) return new HttpError(404, 'not_found', '案件不存在 / case not found');
  if (err instanceof PreconditionFailedError) {
    return new HttpError(412, 'precondition_failed', `案件已被他人更新（当前版本 ${err.actual}），请刷新后重试 / the case changed since you read it (now revision ${err.actual})`);
  }
  if (err instanceof IdempotencyKeyReusedError) return new HttpError(422, 'idempotency_key_reused', 'Idempotency-Key 已用于另一条指令 / this Idempotency-Key was used for a different command');
  if (err instanceof WrongExpectedRevisionError) return new HttpError(409, 'concurrent_modification', '案件正被同时修改，请重试 / the case is being changed concurrently, retry');
  return err;
}

/**
 * `If-Match: "3"` (or 3) → 3n; absent → undefined. A weak tag (`W/"3"`) never matches: writes need the
 * strong comparison of RFC 9110 §13.1.1, so it answers 412. Anything else → 400.
 */
export function parseIfMatch(header: string | string[] | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  if (/^W\//.test(String(header).trim())) {
    throw new HttpError(412, 'precondition_failed', '写操作须使用强校验的 If-Match（不接受 W/ 弱标签）/ If-Match needs a strong entity tag for a write: a weak W/ tag never matches');
  }
  const m = /^"?(\d+)"?$/.exec(String(header).trim());
  if (!m) throw new HttpError(400, 'validation_failed', '请求参数不合法 / invalid request', [{ path: 'headers.if-match', message: '须为案件版本号，如 "3" / must be a case revision such as "3"' }]);
  return BigInt(m[1]!);
}

/** Idempotency-Key: 1–200 visible ASCII characters. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = String(header);
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new HttpError(400, 'validation_failed', '请求参数不合法 / invalid request', [
      { path: 'headers.idempotency-key', message: '须为1-200个可见ASCII字符 / must be 1-200 visible ASCII characters' },
    ]);
  }
  return key;
}

export const etag = (revision: bigint): string => `"${revision}"`;
