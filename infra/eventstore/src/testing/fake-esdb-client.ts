/**
 * An in-memory stand-in for the parts of EventStoreDBClient the adapter uses, typed against
 * @eventstore/db-client 6.x. It behaves like the server and client where the adapter depends on it
 * (checked against the client's dist JS and KurrentDB's behaviour, see README):
 *
 * - reads: inclusive `fromPosition`, `maxCount` honoured, StreamNotFound for missing streams;
 *   events arrive asynchronously. A call stays OPEN until it is read to its end, fails, or is
 *   `cancel()`led: `destroy()` does not end it (in the client it only unpipes the gRPC stream).
 *   `openCalls` counts them, so a test can fail an adapter that leaks server calls.
 * - positions: sparse commit positions (byte offsets); a position that is not a record's (e.g.
 *   computed as `p - 1n`) is rejected by reads and subscriptions, as KurrentDB does.
 * - appends: MaxAppendSizeExceeded above 1 MiB of data and metadata (the server's default);
 *   WrongExpectedVersion (or success:false with `throwOnAppendFailure: false`); a repeat
 *   of a written append with the same event ids is an idempotent success WITHOUT a position;
 *   `omitAppendPosition` drops positions from every answer.
 * - subscriptions: strictly after `fromPosition`; catch-up and live delivery asynchronous, in small
 *   chunks; 'confirmation' and 'caughtUp' events; filtered subscriptions call `checkpointReached`
 *   every `checkpointInterval × 32` records scanned.
 * - faults: `failNext(call, error, { landed })` makes the next call of that kind fail; an append
 *   can fail after it was written (`landed: true`), as a deadline or a lost leader can do.
 *   `esdbErrors` builds the client's own error classes the way its convertToCommandError does.
 */
import { Readable } from 'node:stream';
import {
  ANY,
  AccessDeniedError,
  BACKWARDS,
  DeadlineExceededError,
  END,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
  type StreamingRead,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import type { EsdbClientLike } from '../esdb.js';

type Stored = AllStreamRecordedEvent;
type ServiceErrorLike = ConstructorParameters<typeof NotLeaderError>[0];

/** A gRPC ServiceError as grpc-js hands it to the client (code, details, metadata). */
function serviceError(code: number, details: string, metadata: Record<string, string> = {}): ServiceErrorLike {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { getMap: () => metadata } }) as unknown as ServiceErrorLike;
}

/** The errors the client raises for the server's answers that matter to the adapter. */
export const esdbErrors = {
  deadline: () => new DeadlineExceededError(serviceError(4, 'Deadline Exceeded')),
  unavailable: () => new UnavailableError(serviceError(14, 'No connection established')),
  notLeader: () => new NotLeaderError(serviceError(5, 'Leader info available', { exception: 'not-leader', 'leader-endpoint-host': 'node2', 'leader-endpoint-port': '2113' })),
  accessDenied: () => new AccessDeniedError(serviceError(7, 'Access Denied', { exception: 'access-denied' })),
  // KurrentDB answers a position that is no record's with a plain status; the client has no class for it.
  invalidPosition: () => new UnknownError(serviceError(3, 'Invalid position.')),
};

type CallKind = 'append' | 'readAll' | 'readStream' | 'subscribe';
interface Fault {
  error: () => Error;
  landed: boolean;
}
interface Call {
  kind: CallKind;
}
interface LiveSub {
  readable: Readable;
  call: Call;
  regex: RegExp | null;
  /** Index of the next log record to look at. */
  cursor: number;
  after: bigint | null;
  scheduled: boolean;
  caughtUp: boolean;
  scanned: number;
  checkpoint: { every: number; reached: (position: Position) => unknown } | null;
}

const CHUNK = 4;

/** Bytes of data and metadata an append sends (what the server's MaxAppendSize limits). */
function appendSize(events: EventData[]): number {
  const bytes = (v: unknown) => (v instanceof Uint8Array ? v.byteLength : v === undefined ? 0 : Buffer.byteLength(JSON.stringify(v)));
  return events.reduce((sum, e) => sum + bytes(e.data) + bytes(e.metadata), 0);
}
const SEARCH_WINDOW = 32;

export interface FakeEsdbOptions {
  /** Stream reads carry no $all position, as on servers before 22.6. */
  legacyStreamPositions?: boolean;
  /** As the connection-string key: false turns a conflict into `success: false`. Default true. */
  throwOnAppendFailure?: boolean;
  /** Appends answer without a position (as a server does for idempotent repeats). */
  omitAppendPosition?: boolean;
  /** The server's MaxAppendSize: bytes of data and metadata in one append. Default 1 MiB, as KurrentDB's. */
  maxAppendSize?: number;
}

export class FakeEsdbClient implements EsdbClientLike {
  readonly log: Stored[] = [];
  /** fromPosition of every subscribeToAll call, in order. */
  readonly subscribeCalls: ReadPosition[] = [];
  /** Options of every readAll call, in order. */
  readonly readAllCalls: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint }[] = [];
  /** What appendToStream was asked, in order. */
  readonly appendCalls: { streamName: string; events: EventData[]; expectedRevision: AppendExpectedRevision | undefined }[] = [];
  /** Most calls open at once. */
  maxOpenCalls = 0;
  readonly #open = new Set<Call>();
  readonly #live = new Set<LiveSub>();
  readonly #faults = new Map<CallKind, Fault[]>();
  readonly #byCommit = new Map<bigint, number>();
  #nextPosition = 1000n;

  constructor(private readonly options: FakeEsdbOptions = {}) {}

  /** Server calls not yet ended (read to the end, cancelled or failed). */
  get openCalls(): number {
    return this.#open.size;
  }

  get liveSubscriptions(): number {
    return this.#live.size;
  }

  /** The next call of this kind fails with `error`; an append with `landed` fails after writing. */
  failNext(kind: CallKind, error: () => Error, options: { landed?: boolean; times?: number } = {}): void {
    const list = this.#faults.get(kind) ?? [];
    for (let i = 0; i < (options.times ?? 1); i++) list.push({ error, landed: options.landed ?? false });
    this.#faults.set(kind, list);
  }

  /** Appends a system event (as the server does for $stats, $metadata…). */
  writeSystemEvent(streamId = '$stats-127.0.0.1:2113', type = '$statsCollected'): void {
    this.#store(streamId, { id: crypto.randomUUID(), contentType: 'application/json', type, data: {}, metadata: undefined });
  }

  /** Drops every live subscription as a lost connection would. */
  dropSubscriptions(): void {
    for (const sub of [...this.#live]) this.#endSub(sub, new UnavailableError(undefined, '连接中断 / connection lost'));
  }

  async appendToStream(streamName: string, events: EventData | EventData[], options?: { expectedRevision?: AppendExpectedRevision }): Promise<AppendResult> {
    const list = Array.isArray(events) ? events : [events];
    this.appendCalls.push({ streamName, events: list, expectedRevision: options?.expectedRevision });
    await Promise.resolve();
    const fault = this.#takeFault('append');
    if (fault && !fault.landed) throw fault.error();
    const maxAppendSize = this.options.maxAppendSize ?? 1_048_576;
    if (appendSize(list) > maxAppendSize) throw new MaxAppendSizeExceededError(undefined, maxAppendSize);
    const result = this.#append(streamName, list, options?.expectedRevision ?? ANY);
    if (fault) throw fault.error(); // written, but the answer never arrived
    return result;
  }

  readStream(streamName: string, options?: { fromRevision?: typeof START | typeof END | bigint; direction?: string; maxCount?: number | bigint }): StreamingRead<ResolvedEvent> {
    const fault = this.#takeFault('readStream');
    if (fault) return this.#read<ResolvedEvent>('readStream', fault.error());
    let events = this.log.filter((e) => e.streamId === streamName);
    if (events.length === 0) return this.#read<ResolvedEvent>('readStream', new StreamNotFoundError(undefined, streamName));
    const from = options?.fromRevision ?? (options?.direction === BACKWARDS ? END : START);
    if (options?.direction === BACKWARDS) events = events.reverse().filter((e) => from === END || from === START || e.revision <= from);
    else events = events.filter((e) => from === START || (from !== END && e.revision >= from));
    if (options?.maxCount !== undefined) events = events.slice(0, Number(options.maxCount));
    const unknown = { commit: 18446744073709551615n, prepare: 18446744073709551615n };
    return this.#read(
      'readStream',
      events.map((e) => ({ event: this.options.legacyStreamPositions ? { ...e, position: unknown } : e })),
    );
  }

  readAll(options?: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint }): StreamingRead<AllStreamResolvedEvent> {
    this.readAllCalls.push({ ...options });
    const fault = this.#takeFault('readAll');
    if (fault) return this.#read<AllStreamResolvedEvent>('readAll', fault.error());
    const from = options?.fromPosition ?? START;
    if (from !== START && from !== END && !this.#validPosition(from)) return this.#read<AllStreamResolvedEvent>('readAll', esdbErrors.invalidPosition());
    let events =
      options?.direction === BACKWARDS
        ? [...this.log].reverse().filter((e) => from === END || from === START || e.position.commit < from.commit)
        : this.log.filter((e) => from === START || (from !== END && e.position.commit >= from.commit));
    if (options?.maxCount !== undefined) events = events.slice(0, Number(options.maxCount));
    return this.#read(
      'readAll',
      events.map((event) => ({ event, commitPosition: event.position.commit })),
    );
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllStreamSubscription {
    const from = options?.fromPosition ?? START;
    this.subscribeCalls.push(from);
    const call: Call = { kind: 'subscribe' };
    this.#opened(call);
    const readable = new Readable({ objectMode: true, highWaterMark: CHUNK, read() {} });
    const filter = options?.filter;
    const after = from === START ? null : from === END ? (this.log[this.log.length - 1]?.position.commit ?? null) : from.commit;
    const sub: LiveSub = {
      readable,
      call,
      regex: filter && 'regex' in filter ? new RegExp(filter.regex) : null,
      cursor: 0,
      after,
      scheduled: false,
      caughtUp: false,
      scanned: 0,
      checkpoint: null,
    };
    const subscription = Object.assign(readable, {
      unsubscribe: async () => {
        await new Promise((r) => setImmediate(r));
        this.#endSub(sub, null);
      },
    }) as AllStreamSubscription;
    if (filter?.checkpointReached) {
      const reached = filter.checkpointReached;
      sub.checkpoint = { every: filter.checkpointInterval * SEARCH_WINDOW, reached: (position) => reached(subscription, position) };
    }
    const fault = this.#takeFault('subscribe');
    const invalid = from !== START && from !== END && !this.#validPosition(from);
    setImmediate(() => {
      if (fault || invalid) return this.#endSub(sub, fault ? fault.error() : esdbErrors.invalidPosition());
      readable.emit('confirmation');
      this.#live.add(sub);
      this.#schedule(sub);
    });
    return subscription;
  }

  #validPosition(p: Position): boolean {
    if (p.commit < 0n || p.commit !== p.prepare) return false;
    const last = this.log[this.log.length - 1]?.position.commit ?? 0n;
    // Beyond the end the server just waits; inside the log only a record's own position is one.
    return p.commit > last || this.#byCommit.has(p.commit);
  }

  #takeFault(kind: CallKind): Fault | undefined {
    return this.#faults.get(kind)?.shift();
  }

  #opened(call: Call): void {
    this.#open.add(call);
    this.maxOpenCalls = Math.max(this.maxOpenCalls, this.#open.size);
  }

  /** A server-streaming call: items pushed asynchronously; open until read to its end, failed or cancelled. */
  #read<E>(kind: CallKind, items: E[] | Error): StreamingRead<E> {
    const call: Call = { kind };
    this.#opened(call);
    const close = () => this.#open.delete(call);
    let i = 0;
    const readable = new Readable({
      objectMode: true,
      highWaterMark: CHUNK,
      read() {
        setImmediate(() => {
          if (readable.destroyed) return;
          if (items instanceof Error) {
            close();
            readable.destroy(items);
          } else if (i < items.length) readable.push(items[i++]);
          else readable.push(null);
        });
      },
    });
    readable.once('end', close);
    return Object.assign(readable, {
      cancel: async () => {
        close();
        readable.destroy();
      },
    });
  }

  #endSub(sub: LiveSub, error: Error | null): void {
    this.#live.delete(sub);
    this.#open.delete(sub.call);
    if (sub.readable.destroyed) return;
    if (error) sub.readable.destroy(error);
    else sub.readable.push(null);
  }

  #schedule(sub: LiveSub): void {
    if (sub.scheduled || !this.#live.has(sub)) return;
    sub.scheduled = true;
    setImmediate(() => {
      sub.scheduled = false;
      void this.#pump(sub);
    });
  }

  /** Delivers the next few records after the subscription's cursor; then waits for the next append. */
  async #pump(sub: LiveSub): Promise<void> {
    if (!this.#live.has(sub)) return;
    for (let n = 0; n < CHUNK && sub.cursor < this.log.length; n++) {
      const event = this.log[sub.cursor++]!;
      if (sub.after !== null && event.position.commit <= sub.after) continue;
      sub.scanned++;
      if (!sub.regex || sub.regex.test(event.type)) sub.readable.push({ event, commitPosition: event.position.commit } satisfies AllStreamResolvedEvent);
      if (sub.checkpoint && sub.scanned % sub.checkpoint.every === 0) await sub.checkpoint.reached(event.position);
    }
    if (sub.cursor < this.log.length) return this.#schedule(sub);
    if (!sub.caughtUp) {
      sub.caughtUp = true;
      sub.readable.emit('caughtUp');
    }
  }

  #append(streamName: string, list: EventData[], expected: AppendExpectedRevision): AppendResult {
    const current = this.#currentRevision(streamName);
    const repeat = this.#repeatOf(streamName, list, expected);
    // The server's idempotency check: it answers success but reports no position.
    if (repeat !== null) return { success: true, nextExpectedRevision: repeat };
    const ok = expected === ANY || (expected === NO_STREAM && current === NO_STREAM) || (expected === STREAM_EXISTS && current !== NO_STREAM) || (typeof expected === 'bigint' && current === expected);
    if (!ok) {
      if (this.options.throwOnAppendFailure ?? true) throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
      return { success: false, nextExpectedRevision: current === NO_STREAM ? -1n : current, position: undefined };
    }
    let last: Stored | undefined;
    for (const event of list) last = this.#store(streamName, event);
    const revision = this.#currentRevision(streamName);
    const position = last && !this.options.omitAppendPosition ? { position: last.position } : {};
    return { success: true, nextExpectedRevision: revision === NO_STREAM ? -1n : revision, ...position };
  }

  /** The revision of the last event when these events (same ids, in order) already sit where `expected` puts them. */
  #repeatOf(streamName: string, list: EventData[], expected: AppendExpectedRevision): bigint | null {
    if (list.length === 0) return null;
    const stream = this.log.filter((e) => e.streamId === streamName);
    const start = stream.findIndex((e) => e.id === list[0]!.id);
    if (start < 0) return null;
    if (expected === NO_STREAM ? start !== 0 : typeof expected === 'bigint' && BigInt(start) !== expected + 1n) return null;
    if (!list.every((e, i) => stream[start + i]?.id === e.id)) return null;
    return BigInt(start + list.length - 1);
  }

  #currentRevision(streamName: string): bigint | typeof NO_STREAM {
    let revision: bigint | typeof NO_STREAM = NO_STREAM;
    for (const e of this.log) if (e.streamId === streamName) revision = e.revision;
    return revision;
  }

  #store(streamId: string, event: EventData): Stored {
    const current = this.#currentRevision(streamId);
    // Commit positions are byte offsets on the server: increasing with gaps.
    this.#nextPosition += 137n;
    const position = { commit: this.#nextPosition, prepare: this.#nextPosition };
    const data = event.contentType === 'application/json' ? JSON.parse(JSON.stringify(event.data)) : event.data;
    const stored = {
      streamId,
      id: event.id,
      isJson: event.contentType === 'application/json',
      revision: current === NO_STREAM ? 0n : current + 1n,
      type: event.type,
      created: new Date(),
      data,
      metadata: event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
      position,
    } as Stored;
    this.#byCommit.set(position.commit, this.log.length);
    this.log.push(stored);
    for (const sub of this.#live) this.#schedule(sub);
    return stored;
  }
}
