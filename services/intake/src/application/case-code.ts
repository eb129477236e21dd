import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError, type EventData, type EventStore, type ExpectedRevision, type RecordedEvent } from '@zz/eventstore';

/**
 * Case codes (案件编码, 一案一编码): `<center>-<year>-<seq>`, e.g. 230302101-2026-000042 — per center
 * and year, no gaps and no duplicates, even with concurrent registrations and crashes.
 *
 * How: the codes of a center-year are claimed in a counter stream `casecode-<center>-<year>` with an
 * exact expected revision (one winner per number). Each claim carries the case's first events, so if
 * the process dies between the claim and the case stream append, whoever next touches that counter
 * completes the case from the claim: a claimed number always ends up naming a case. Registrations that
 * arrive while a claim is in flight are claimed together in the next append (one write per batch, not
 * per case), which keeps a busy desk from serialising on the counter.
 */
export const CASE_CODE_CLAIMED = 'CaseCodeClaimed';
export const counterStream = (centerCode: string, year: number): string => `casecode-${centerCode}-${year}`;
export const formatCaseCode = (centerCode: string, year: number, seq: number): string => `${centerCode}-${year}-${String(seq).padStart(6, '0')}`;

/** Year of an instant in China Standard Time (UTC+8, no DST): a case registered at 00:30 on 1 January belongs to the new year. */
export const chinaYear = (at: Date): number => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();

export interface NewCase {
  caseId: string;
  streamId: string;
  /** Build the case stream's first events once its code is known. */
  build(caseCode: string): EventData[];
}

export interface RegisteredCase {
  caseCode: string;
  /** Revision and position of the last event of the case stream's first append. */
  revision: bigint;
  position: bigint;
}

interface ClaimData {
  seq: number;
  caseCode: string;
  caseId: string;
  streamId: string;
  events: EventData[];
}

interface Pending {
  item: NewCase;
  resolve(r: RegisteredCase): void;
  reject(e: unknown): void;
}

interface Counter {
  /** Last known revision of the counter stream; undefined = must read (first touch, or someone else wrote). */
  revision: ExpectedRevision | undefined;
  lastSeq: number;
  queue: Pending[];
  running: boolean;
  inFlight: Map<string, Promise<RegisteredCase>>;
}

/** Claims are made by the system, not by the clerk whose case happens to be in the batch. */
const SYSTEM_METADATA = () => ({ correlationId: 'case-code-allocator', actor: { userId: 'system', role: 'admin', centerCode: '000000' } });

/** One per process and store: every flow that numbers cases (disputes, petitions) shares it. */
export class CaseCodeAllocator {
  readonly #counters = new Map<string, Counter>();

  constructor(
    private readonly store: EventStore,
    private readonly metadata: () => Record<string, unknown> = SYSTEM_METADATA,
  ) {}

  register(centerCode: string, year: number, item: NewCase): Promise<RegisteredCase> {
    const key = counterStream(centerCode, year);
    let c = this.#counters.get(key);
    if (!c) {
      c = { revision: undefined, lastSeq: 0, queue: [], running: false, inFlight: new Map() };
      this.#counters.set(key, c);
    }
    // A duplicate submission of the same case (same Idempotency-Key) joins the first instead of claiming a second number.
    const existing = c.inFlight.get(item.caseId);
    if (existing) return existing;
    const counter = c;
    const promise = new Promise<RegisteredCase>((resolve, reject) => counter.queue.push({ item, resolve, reject }));
    c.inFlight.set(item.caseId, promise);
    const forget = () => counter.inFlight.delete(item.caseId);
    promise.then(forget, forget);
    if (!c.running) void this.#drain(key, centerCode, year, c);
    return promise;
  }

  async #drain(key: string, centerCode: string, year: number, c: Counter): Promise<void> {
    c.running = true;
    try {
      while (c.queue.length > 0) {
        const batch = c.queue.splice(0, 500);
        try {
          await this.#claimAndWrite(key, centerCode, year, c, batch);
        } catch (err) {
          c.revision = undefined;
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      c.running = false;
    }
  }

  async #claimAndWrite(key: string, centerCode: string, year: number, c: Counter, batch: Pending[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (c.revision === undefined) await this.#recover(key, c);
      const claims: ClaimData[] = batch.map((p, i) => {
        const seq = c.lastSeq + i + 1;
        const caseCode = formatCaseCode(centerCode, year, seq);
        return { seq, caseCode, caseId: p.item.caseId, streamId: p.item.streamId, events: p.item.build(caseCode) };
      });
      const occurredAt = new Date().toISOString();
      const batchId = randomUUID(); // one causation id per claim append: recovery finds the newest batch by it
      const claimEvents: EventData[] = claims.map((claim) => ({
        eventId: randomUUID(),
        type: CASE_CODE_CLAIMED,
        schemaVersion: 1,
        occurredAt,
        data: claim,
        metadata: { ...this.metadata(), causationId: batchId, caseCode: claim.caseCode },
      }));
      try {
        const r = await this.store.append(key, claimEvents, { expectedRevision: c.revision! });
        c.revision = r.nextRevision;
        c.lastSeq += claims.length;
      } catch (err) {
        // Another process claimed first: re-read the counter (completing its claims if it died) and renumber.
        if (err instanceof WrongExpectedRevisionError && attempt < 10) {
          c.revision = undefined;
          continue;
        }
        throw err;
      }
      const written = await Promise.allSettled(claims.map((claim) => this.#writeCase(claim)));
      written.forEach((w, i) => (w.status === 'fulfilled' ? batch[i]!.resolve(w.value) : batch[i]!.reject(w.reason)));
      return;
    }
  }

  /** Read the counter: its last number, and complete any claimed case whose stream never got written. */
  async #recover(key: string, c: Counter): Promise<void> {
    const claims = (await this.store.readStream(key)).filter((e) => e.type === CASE_CODE_CLAIMED);
    const last = claims[claims.length - 1];
    c.revision = last ? last.revision : 'no_stream';
    c.lastSeq = last ? (last.data as ClaimData).seq : 0;
    // Only the newest claim append can be incomplete: a batch's cases are written before the next claim.
    const lastBatch = last ? claims.filter((e) => (e.metadata as { causationId?: unknown }).causationId === (last.metadata as { causationId?: unknown }).causationId) : [];
    await Promise.all(lastBatch.map((e: RecordedEvent) => this.#writeCase(e.data as ClaimData)));
  }

  /** Write a claimed case's first events; if they are already there (completed by someone else), answer from them. */
  async #writeCase(claim: ClaimData): Promise<RegisteredCase> {
    try {
      const r = await this.store.append(claim.streamId, claim.events, { expectedRevision: 'no_stream' });
      return { caseCode: claim.caseCode, revision: r.nextRevision, position: r.position };
    } catch (err) {
      if (!(err instanceof WrongExpectedRevisionError)) throw err;
      const existing = await this.store.readStream(claim.streamId);
      const first = claim.events.length;
      if (existing[0]?.eventId !== claim.events[0]?.eventId) throw err;
      const last = existing[first - 1]!;
      return { caseCode: claim.caseCode, revision: last.revision, position: last.position };
    }
  }
}
