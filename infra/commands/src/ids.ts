import { createHash } from 'node:crypto';

/**
 * A stable UUID (RFC 9562 v8 layout) derived from a name: the same Idempotency-Key from the same user
 * always names the same new stream, so a retried creation finds the first one instead of making two.
 */
export function nameBasedUuid(namespace: string, name: string): string {
  const h = createHash('sha256').update(namespace).update('\0').update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Canonical JSON hash of a command body, so a reused Idempotency-Key with another body is caught. */
export function commandHash(type: string, body: unknown): string {
  return createHash('sha256').update(type).update('\0').update(canonicalJson(body)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
