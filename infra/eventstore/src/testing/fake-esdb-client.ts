/**
 * An in-memory stand-in for the parts of EventStoreDBClient the adapter uses, typed against
 * @eventstore/db-client 6.x. It mimics the server where the adapter's mapping depends on it:
 * inclusive readAll positions, exclusive subscription positions, sparse commit positions,
 * system events in $all, StreamNotFound on reads, WrongExpectedVersion on appends.
 */
import { Readable } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
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

function streamingRead<E>(items: E[] | Error): StreamingRead<E> {
  const readable = items instanceof Error ? new Readable({ objectMode: true, read() { this.destroy(items); } }) : Readable.from(items);
  return Object.assign(readable, { cancel: async () => void readable.destroy() });
}

export class FakeEsdbClient implements EsdbClientLike {
  readonly log: Stored[] = [];
  /** fromPosition of every subscribeToAll call, in order. */
  readonly subscribeCalls: ReadPosition[] = [];
  /** What appendToStream was asked, in order. */
  readonly appendCalls: { streamName: string; events: EventData[]; expectedRevision: AppendExpectedRevision | undefined }[] = [];
  #live = new Set<{ readable: Readable; regex: RegExp | null; after: Position | null }>();
  #nextPosition = 1000n;

  /** legacyStreamPositions: stream reads carry no $all position, as on servers before 22.6. */
  constructor(private readonly options: { legacyStreamPositions?: boolean } = {}) {}

  /** Appends a system event (as the server does for $stats, $metadata…). */
  writeSystemEvent(streamId = '$stats-127.0.0.1:2113', type = '$statsCollected'): void {
    this.#store(streamId, { id: crypto.randomUUID(), contentType: 'application/json', type, data: {}, metadata: undefined });
  }

  /** Drops every live subscription as a lost connection would. */
  dropSubscriptions(): void {
    for (const sub of this.#live) sub.readable.destroy(new UnavailableError(undefined, '连接中断 / connection lost'));
    this.#live.clear();
  }

  get liveSubscriptions(): number {
    return this.#live.size;
  }

  async appendToStream(streamName: string, events: EventData | EventData[], options?: { expectedRevision?: AppendExpectedRevision }): Promise<AppendResult> {
    const list = Array.isArray(events) ? events : [events];
    const expected = options?.expectedRevision ?? ANY;
    this.appendCalls.push({ streamName, events: list, expectedRevision: options?.expectedRevision });
    const current = this.#currentRevision(streamName);
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === NO_STREAM) ||
      (expected === STREAM_EXISTS && current !== NO_STREAM) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
    let last: Stored | undefined;
    for (const event of list) last = this.#store(streamName, event);
    const revision = this.#currentRevision(streamName);
    return { success: true, nextExpectedRevision: revision === NO_STREAM ? -1n : revision, ...(last ? { position: last.position } : {}) };
  }

  readStream(streamName: string, options?: { fromRevision?: typeof START | typeof END | bigint }): StreamingRead<ResolvedEvent> {
    const events = this.log.filter((e) => e.streamId === streamName);
    if (events.length === 0) return streamingRead<ResolvedEvent>(new StreamNotFoundError(undefined, streamName));
    const from = typeof options?.fromRevision === 'bigint' ? options.fromRevision : 0n;
    const unknown = { commit: 18446744073709551615n, prepare: 18446744073709551615n };
    return streamingRead(
      events
        .filter((e) => e.revision >= from)
        .map((e) => ({ event: this.options.legacyStreamPositions ? { ...e, position: unknown } : e })),
    );
  }

  readAll(options?: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint }): StreamingRead<AllStreamResolvedEvent> {
    const from = options?.fromPosition ?? START;
    let events =
      options?.direction === BACKWARDS
        ? [...this.log].reverse().filter((e) => from === END || from === START || e.position.commit <= from.commit)
        : this.log.filter((e) => from === START || (from !== END && e.position.commit >= from.commit));
    if (options?.maxCount !== undefined) events = events.slice(0, Number(options.maxCount));
    return streamingRead(events.map((event) => ({ event, commitPosition: event.position.commit })));
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllStreamSubscription {
    const from = options?.fromPosition ?? START;
    this.subscribeCalls.push(from);
    const filter = options?.filter;
    const regex = filter && 'regex' in filter ? new RegExp(filter.regex) : null;
    const readable = new Readable({ objectMode: true, read() {} });
    const after = from === START ? null : from === END ? (this.log[this.log.length - 1]?.position ?? null) : from;
    const entry = { readable, regex, after };
    // Subscriptions start strictly after the given position, like the server.
    for (const event of this.log) this.#deliver(entry, event);
    this.#live.add(entry);
    return Object.assign(readable, {
      unsubscribe: async () => {
        this.#live.delete(entry);
        readable.push(null);
      },
    }) as AllStreamSubscription;
  }

  #deliver(sub: { readable: Readable; regex: RegExp | null; after: Position | null }, event: Stored): void {
    if (sub.after && event.position.commit <= sub.after.commit) return;
    if (sub.regex && !sub.regex.test(event.type)) return;
    sub.readable.push({ event, commitPosition: event.position.commit } satisfies AllStreamResolvedEvent);
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
    this.log.push(stored);
    for (const sub of this.#live) this.#deliver(sub, stored);
    return stored;
  }
}
