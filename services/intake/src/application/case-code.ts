import { randomUUID } from 'node:crypto';
import { CASE_CODE_CLAIMED, CASE_CODE_RELEASED, REGISTRATION_ABANDONED } from '@zz/contracts';
import { WrongExpectedRevisionError, type EventData, type EventStore, type ExpectedRevision, type RecordedEvent } from '@zz/eventstore';

/**
 * Case codes (案件编码, 一案一编码): `<center>-<year>-<seq>`, e.g. 230302101-2026-000042 — per center
 * and year, no gaps and no duplicates, whatever crashes, retries and concurrent writers do.
 *
 * A center-year's numbers are claimed in a counter stream `casecode-<center>-<year>` with an exact
 * expected revision, so each number has one winner. A claim is small (number, case id, stream): the
 * case's events are written once, to the case stream.
 *
 * - Stores with multi-stream transactions (SQLite, PostgreSQL): the claim and the case's first
 *   events are ONE atomic append (`appendToStreams`). A crash leaves both or neither; a duplicate
 *   (the same Idempotency-Key twice) fails on the case stream and takes no number. Registrations
 *   arriving together are submitted together and share one group commit.
 * - EventStoreDB (no multi-stream transaction): claim first, then write the case stream. A number
 *   whose case stream turned out to exist already is released at once. A number whose writer died
 *   between the two appends is found when a process next starts and touches the counter: it fences the case
 *   stream (appends RegistrationAbandoned where the registration should have been, expecting the
 *   stream's revision, so the stalled writer can never write it under that number) and releases the
 *   number; the next registration takes it. A fenced writer that is still alive sees the marker and
 *   registers again under a new number.
 *
 * Claims written by earlier versions carried the case's events; a counter whose newest claim names
 * a case that exists under another code (the wedge of issue #12) is repaired by releasing that number.
 */
export { CASE_CODE_CLAIMED } from '@zz/contracts';
export const counterStream = (centerCode: string, year: number): string => `casecode-${centerCode}-${year}`;
export const formatCaseCode = (centerCode: string, year: number, seq: number): string => `${centerCode}-${year}-${String(seq).padStart(6, '0')}`;

/** Year of an instant in China Standard Time (UTC+8, no DST): a case registered at 00:30 on 1 January belongs to the new year. */
export const chinaYear = (at: Date): number => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();

export interface NewCase {
  caseId: string;
  streamId: string;
  /** Build the case stream's first events once its code is known (may throw to refuse: nothing is claimed then). */
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
  /** Written in the same transaction as the case stream: nothing to verify on recovery. */
  atomic?: boolean;
  /** Only in claims of earlier versions: the case's first events. */
  events?: EventData[];
}

interface ReleaseData {
  seq: number;
  caseId: string;
  reason: 'duplicate' | 'abandoned';
}

interface Pending {
  item: NewCase;
  /** What the case stream must be when we write it: no stream, or only abandonment markers up to this revision. */
  expected: ExpectedRevision;
  resolve(r: RegisteredCase): void;
  reject(e: unknown): void;
}

interface Counter {
  key: string;
  centerCode: string;
  year: number;
  /** Last known revision of the counter stream; undefined = must read it (first touch, or someone else wrote). */
  revision: ExpectedRevision | undefined;
  lastSeq: number;
  /** Released numbers, lowest first: handed out before new ones so the sequence has no holes. */
  free: number[];
  queue: Pending[];
  running: boolean;
  /** Whether this process has verified the counter's claims since it started. */
  recovered: boolean;
}

/**
 * A round takes each case stream once: a second copy of a case (the same Idempotency-Key twice)
 * waits for the next round, where it fails cleanly as a duplicate instead of failing the cases
 * chained behind it in this round.
 */
function oncePerStream(queue: Pending[]): { batch: Pending[]; deferred: Pending[] } {
  const seen = new Set<string>();
  const batch: Pending[] = [];
  const deferred: Pending[] = [];
  for (const p of queue) {
    if (seen.has(p.item.streamId)) deferred.push(p);
    else {
      seen.add(p.item.streamId);
      batch.push(p);
    }
  }
  return { batch, deferred };
}

export interface CaseCodeAllocatorOptions {
  /** Metadata of the bookkeeping events (claims are made by the system, not by the clerk whose case is in the batch). */
  metadata?: () => Record<string, unknown>;
  /** Most registrations submitted in one round. Default 256. */
  maxBatch?: number;
  /** EventStoreDB path: how many of the counter's newest non-atomic claims recovery verifies. Default 1000. */
  verifyWindow?: number;
}

const SYSTEM_METADATA = () => ({ correlationId: 'case-code-allocator', actor: { userId: 'system', role: 'admin', centerCode: '000000' } });
const MAX_ROUNDS = 20;

/** One per process and store: every flow that numbers cases (disputes, petitions) shares it. */
export class CaseCodeAllocator {
  readonly #counters = new Map<string, Counter>();
  readonly #metadata: () => Record<string, unknown>;
  readonly #maxBatch: number;
  readonly #verifyWindow: number;

  constructor(
    private readonly store: EventStore,
    options: CaseCodeAllocatorOptions = {},
  ) {
    this.#metadata = options.metadata ?? SYSTEM_METADATA;
    this.#maxBatch = options.maxBatch ?? 256;
    this.#verifyWindow = options.verifyWindow ?? 1000;
  }

  /**
   * Numbers and writes a new case. Rejects with WrongExpectedRevisionError naming the case stream
   * when that stream exists already (the same case registered before): answer from the stream.
   */
  register(centerCode: string, year: number, item: NewCase): Promise<RegisteredCase> {
    const key = counterStream(centerCode, year);
    let c = this.#counters.get(key);
    if (!c) {
      c = { key, centerCode, year, revision: undefined, lastSeq: 0, free: [], queue: [], running: false, recovered: false };
      this.#counters.set(key, c);
    }
    const counter = c;
    const promise = new Promise<RegisteredCase>((resolve, reject) => counter.queue.push({ item, expected: 'no_stream', resolve, reject }));
    if (!c.running) void this.#drain(c);
    return promise;
  }

  async #drain(c: Counter): Promise<void> {
    c.running = true;
    try {
      for (let rounds = 0; c.queue.length > 0; rounds++) {
        const { batch, deferred } = oncePerStream(c.queue.splice(0, this.#maxBatch));
        try {
          // Recovery verifies other writers' claims, so only on first touch: later it could fence a live replica's claim in flight.
          if (!c.recovered) await this.#recover(c);
          else if (c.revision === undefined) await this.#read(c);
          const retry = this.store.appendToStreams ? await this.#atomicRound(c, batch) : await this.#claimThenWriteRound(c, batch);
          if (retry.length < batch.length)
            rounds = 0; // some case was answered: progress
          else if (rounds >= MAX_ROUNDS) throw new Error(`案件编号分配反复冲突 / case numbering kept conflicting on ${c.key}`);
          c.queue.unshift(...retry, ...deferred);
        } catch (err) {
          c.revision = undefined;
          for (const p of batch) p.reject(err);
          c.queue.unshift(...deferred);
        }
      }
    } finally {
      c.running = false;
    }
  }

  /** Numbers for `n` cases: released ones first (lowest first), then new ones. */
  #take(c: Counter, n: number): number[] {
    const out = c.free.slice(0, n);
    for (let next = c.lastSeq + 1; out.length < n; next++) out.push(next);
    return out;
  }

  #claimEvent(c: Counter, seq: number, item: NewCase, atomic: boolean): EventData {
    const caseCode = formatCaseCode(c.centerCode, c.year, seq);
    const data: ClaimData = { seq, caseCode, caseId: item.caseId, streamId: item.streamId, ...(atomic ? { atomic } : {}) };
    return this.#bookkeeping(CASE_CODE_CLAIMED, data, caseCode);
  }

  #bookkeeping(type: string, data: unknown, caseCode: string): EventData {
    return { eventId: randomUUID(), type, schemaVersion: 1, occurredAt: new Date().toISOString(), data, metadata: { ...this.#metadata(), causationId: randomUUID(), caseCode } };
  }

  /** Builds each case's events under its number; a case whose build refuses is rejected and takes no number. */
  #build(c: Counter, batch: Pending[]): { pending: Pending; seq: number; events: EventData[] }[] {
    const seqs = this.#take(c, batch.length);
    const out: { pending: Pending; seq: number; events: EventData[] }[] = [];
    for (const pending of batch) {
      const seq = seqs[out.length]!;
      try {
        out.push({ pending, seq, events: pending.item.build(formatCaseCode(c.centerCode, c.year, seq)) });
      } catch (err) {
        pending.reject(err);
      }
    }
    return out;
  }

  /**
   * Each case: its claim (expecting the counter at the revision the cases before it leave) and its
   * stream, in one atomic append; all submitted at once so they share a group commit. Successes are
   * a prefix: after the first failure the counter revisions of the rest no longer match. Returns the
   * cases to try again.
   */
  async #atomicRound(c: Counter, batch: Pending[]): Promise<Pending[]> {
    const items = this.#build(c, batch);
    const start = c.revision === 'no_stream' ? -1n : (c.revision as bigint);
    const expectedAt = (i: number): ExpectedRevision => (start + BigInt(i) < 0n ? 'no_stream' : start + BigInt(i));
    const results = await Promise.allSettled(
      items.map((it, i) =>
        this.store.appendToStreams!([
          { streamId: c.key, events: [this.#claimEvent(c, it.seq, it.pending.item, true)], expectedRevision: expectedAt(i) },
          { streamId: it.pending.item.streamId, events: it.events, expectedRevision: it.pending.expected },
        ]),
      ),
    );
    const retry: Pending[] = [];
    let succeeded = 0;
    for (const [i, r] of results.entries()) {
      const { pending, seq } = items[i]!;
      if (r.status === 'fulfilled') {
        if (succeeded !== i) c.revision = undefined; // not a prefix: don't trust our bookkeeping, re-read
        succeeded++;
        const caseStream = r.value[1]!;
        c.free = c.free.filter((s) => s !== seq);
        c.lastSeq = Math.max(c.lastSeq, seq);
        pending.resolve({ caseCode: formatCaseCode(c.centerCode, c.year, seq), revision: caseStream.nextRevision, position: caseStream.position });
      } else if (r.reason instanceof WrongExpectedRevisionError && r.reason.streamId === pending.item.streamId) {
        if (await this.#fenced(pending)) retry.push(pending);
        else pending.reject(r.reason);
      } else if (r.reason instanceof WrongExpectedRevisionError && r.reason.streamId === c.key) {
        retry.push(pending); // the counter moved: an earlier case of this round failed, or another process claimed
      } else pending.reject(r.reason);
    }
    if (c.revision !== undefined) c.revision = start + BigInt(succeeded) < 0n ? 'no_stream' : start + BigInt(succeeded);
    // Another process may have claimed: a counter conflict on the round's first case means re-read.
    if (succeeded === 0 && retry.length > 0) c.revision = undefined;
    return retry;
  }

  /**
   * No multi-stream transaction (EventStoreDB): claim the round's numbers in one append, then write
   * each case stream. Returns the cases to try again.
   */
  async #claimThenWriteRound(c: Counter, batch: Pending[]): Promise<Pending[]> {
    const items = this.#build(c, await this.#withoutRegistered(batch));
    if (items.length === 0) return [];
    try {
      const r = await this.store.append(
        c.key,
        items.map((it) => this.#claimEvent(c, it.seq, it.pending.item, false)),
        { expectedRevision: c.revision! },
      );
      c.revision = r.nextRevision;
      c.free = c.free.filter((s) => !items.some((it) => it.seq === s));
      c.lastSeq = Math.max(c.lastSeq, ...items.map((it) => it.seq));
    } catch (err) {
      if (!(err instanceof WrongExpectedRevisionError)) throw err;
      c.revision = undefined; // another process claimed first: re-read and renumber
      return items.map((it) => it.pending);
    }
    const retry: Pending[] = [];
    const releases: ReleaseData[] = [];
    const duplicates: [Pending, WrongExpectedRevisionError][] = [];
    await Promise.all(
      items.map(async ({ pending, seq, events }) => {
        try {
          const r = await this.store.append(pending.item.streamId, events, { expectedRevision: pending.expected });
          pending.resolve({ caseCode: formatCaseCode(c.centerCode, c.year, seq), revision: r.nextRevision, position: r.position });
        } catch (err) {
          if (!(err instanceof WrongExpectedRevisionError)) {
            // Outcome unknown: settle our own claim now rather than leave a hole until a restart —
            // either the write landed, or the fence makes sure it never will and the number goes back.
            const claim = { seq, caseCode: formatCaseCode(c.centerCode, c.year, seq), caseId: pending.item.caseId, streamId: pending.item.streamId };
            if ((await this.#verify(claim).catch(() => 'written')) === 'abandoned') releases.push({ seq, caseId: claim.caseId, reason: 'abandoned' });
            return pending.reject(err); // a retry with the same Idempotency-Key answers from the stream if it landed
          }
          // A duplicate, or fenced (a recovery took this number from a stalled earlier attempt): the number goes back either way.
          const fenced = await this.#fenced(pending);
          releases.push({ seq, caseId: pending.item.caseId, reason: fenced ? 'abandoned' : 'duplicate' });
          if (fenced) retry.push(pending);
          else duplicates.push([pending, err]);
        }
      }),
    );
    // One append for the round's releases, after every write: concurrent releases would race each other on the counter.
    if (releases.length) await this.#release(c, releases);
    for (const [pending, err] of duplicates) pending.reject(err); // answered once the books are straight
    return retry;
  }

  /**
   * Without a transaction a duplicate would take a number before its write fails (a hole until the
   * next registration takes it back): look first, and refuse the cases already registered.
   */
  async #withoutRegistered(batch: Pending[]): Promise<Pending[]> {
    const streams = await Promise.all(batch.map((p) => this.store.readStream(p.item.streamId)));
    return batch.filter((pending, i) => {
      const existing = streams[i]!;
      const last = existing.at(-1)?.revision ?? 'no_stream';
      if (last === pending.expected) return true;
      if (existing.every((e) => e.type === REGISTRATION_ABANDONED)) {
        pending.expected = last;
        return true;
      }
      pending.reject(new WrongExpectedRevisionError(pending.item.streamId, pending.expected, last));
      return false;
    });
  }

  /**
   * The case stream was not where we expected it. If it holds only abandonment markers (a recovery
   * fenced our earlier number), aim after them and try again (true); otherwise it is a registered
   * case — a duplicate, whose caller answers from it (false).
   */
  async #fenced(pending: Pending): Promise<boolean> {
    const existing = await this.store.readStream(pending.item.streamId);
    if (existing.length > 0 && existing.every((e) => e.type === REGISTRATION_ABANDONED)) {
      pending.expected = existing[existing.length - 1]!.revision;
      return true;
    }
    return false;
  }

  /** Gives numbers back, except those the counter shows are no longer their case's (released by someone else already). */
  async #release(c: Counter, releases: ReleaseData[]): Promise<void> {
    let pending = releases;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (c.revision === undefined) {
        const owners = await this.#read(c);
        pending = pending.filter((r) => owners.get(r.seq)?.caseId === r.caseId);
        if (pending.length === 0) return;
      }
      try {
        const events = pending.map((r) => this.#bookkeeping(CASE_CODE_RELEASED, r, formatCaseCode(c.centerCode, c.year, r.seq)));
        const r = await this.store.append(c.key, events, { expectedRevision: c.revision! });
        c.revision = r.nextRevision;
        c.free = [...new Set([...c.free, ...pending.map((p) => p.seq)])].sort((a, b) => a - b);
        return;
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || attempt >= MAX_ROUNDS) throw err;
        c.revision = undefined;
      }
    }
  }

  /** Folds the counter: its revision, last number, released numbers; returns the current owner of each claimed number. */
  async #read(c: Counter): Promise<Map<number, ClaimData & { at: RecordedEvent }>> {
    const events = await this.store.readStream(c.key);
    const owners = new Map<number, ClaimData & { at: RecordedEvent }>();
    const free = new Set<number>();
    let lastSeq = 0;
    for (const e of events) {
      if (e.type === CASE_CODE_CLAIMED) {
        const claim = e.data as ClaimData;
        owners.set(claim.seq, { ...claim, at: e });
        free.delete(claim.seq);
        lastSeq = Math.max(lastSeq, claim.seq);
      } else if (e.type === CASE_CODE_RELEASED) {
        const rel = e.data as ReleaseData;
        if (owners.get(rel.seq)?.caseId === rel.caseId) {
          owners.delete(rel.seq);
          free.add(rel.seq);
        }
      }
    }
    c.revision = events.length ? events[events.length - 1]!.revision : 'no_stream';
    c.lastSeq = lastSeq;
    c.free = [...free].sort((a, b) => a - b);
    return owners;
  }

  /**
   * Read the counter, then make sure each recent claim that was not atomic names a case written
   * under that number; numbers whose case never came are fenced and released.
   */
  async #recover(c: Counter): Promise<void> {
    const owners = await this.#read(c);
    const unverified = [...owners.values()].filter((o) => !o.atomic).sort((a, b) => Number(a.at.revision - b.at.revision));
    const releases: ReleaseData[] = [];
    for (const claim of unverified.slice(-this.#verifyWindow)) {
      const verdict = await this.#verify(claim);
      if (verdict !== 'written') releases.push({ seq: claim.seq, caseId: claim.caseId, reason: verdict });
    }
    if (releases.length) await this.#release(c, releases);
    c.recovered = true;
  }

  /** Whether a claimed number names its case; fences the case stream when nothing was written there. */
  async #verify(claim: ClaimData): Promise<'written' | 'duplicate' | 'abandoned'> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const existing = await this.store.readStream(claim.streamId);
      const registration = existing.find((e) => e.type !== REGISTRATION_ABANDONED);
      if (registration) return (registration.metadata as { caseCode?: unknown }).caseCode === claim.caseCode ? 'written' : 'duplicate';
      const expectedRevision: ExpectedRevision = existing.length ? existing[existing.length - 1]!.revision : 'no_stream';
      try {
        // Claims of earlier versions carry the case: complete it. Otherwise fence the stream.
        const events = claim.events ?? [this.#bookkeeping(REGISTRATION_ABANDONED, { caseCode: claim.caseCode, caseId: claim.caseId }, claim.caseCode)];
        await this.store.append(claim.streamId, events, { expectedRevision });
        return claim.events ? 'written' : 'abandoned';
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError)) throw err; // the writer just wrote: look again
      }
    }
    throw new Error(`案件编号核对失败 / could not verify claim ${claim.caseCode}`);
  }
}
