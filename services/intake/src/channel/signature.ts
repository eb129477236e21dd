import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Request signing of the machine-to-machine intake channel (12345 hotline, 110 hand-over, grid apps).
 * The sender signs `METHOD\nPATH\nTIMESTAMP\nNONCE\nSHA256(body)` with HMAC-SHA256 under its own key
 * (the scheme of the national government-service platforms' gateway APIs): the body cannot be changed,
 * the request cannot be sent to another path, and the timestamp and nonce make a copy detectable.
 */
export interface SignedParts {
  method: string;
  path: string;
  /** Unix seconds, as the sender's clock read them. */
  timestamp: string;
  nonce: string;
  body: string | Buffer;
}

export const canonicalRequest = (p: SignedParts): string => [p.method.toUpperCase(), p.path, p.timestamp, p.nonce, createHash('sha256').update(p.body).digest('hex')].join('\n');

export const sign = (secret: string, p: SignedParts): string => createHmac('sha256', secret).update(canonicalRequest(p)).digest('hex');

/** Constant-time comparison of a presented signature with the expected one. */
export function signatureMatches(secret: string, p: SignedParts, presented: string): boolean {
  const expected = Buffer.from(sign(secret, p), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(presented) ? Buffer.from(presented, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Whether the sender's timestamp is within the window around our clock (both directions: clocks drift). */
export function timestampFresh(timestamp: string, now: Date, windowSeconds: number): boolean {
  if (!/^\d{9,11}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) - Math.floor(now.getTime() / 1000)) <= windowSeconds;
}
