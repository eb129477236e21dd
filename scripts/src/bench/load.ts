import autocannon from 'autocannon';
import { summarise } from './stats.js';

export interface LoadResult {
  /** 2xx responses per second over the run. */
  rate: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  /** Latency of 2xx responses in ms, measured per request (sub-millisecond, unlike autocannon's histogram). */
  p50: number;
  p99: number;
  /** First non-2xx status and body seen, to explain a failed run. */
  firstFailure?: string;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds, unless `amount` is given. */
  duration?: number;
  amount?: number;
  requests: autocannon.Request[];
  headers?: Record<string, string>;
}

/** One autocannon run (closed loop: each connection sends its next request when the last is answered). */
export async function load(opts: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let firstFailure: string | undefined;
  const requests = opts.requests.map((r) => {
    const onResponse = r.onResponse as ((s: number, b: string, c: object, h: unknown) => void) | undefined;
    return {
      ...r,
      onResponse: (status: number, body: string, context: object, headers: unknown) => {
        if ((status < 200 || status > 299) && firstFailure === undefined) firstFailure = `${status} ${body.slice(0, 300)}`;
        onResponse?.(status, body, context, headers);
      },
    } as autocannon.Request;
  });
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        pipelining: 1,
        timeout: 30,
        ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? 10 }),
        headers: { 'content-type': 'application/json', ...opts.headers },
        requests,
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
  const ok = result['2xx'];
  const { p50, p99 } = summarise(latencies);
  return {
    rate: ok / result.duration,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    seconds: result.duration,
    p50,
    p99,
    ...(firstFailure ? { firstFailure } : {}),
  };
}
