import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startProjection, useViewJournal, type RunningProjection } from '@zz/bus';
import { commandEnvelope, findFirstAnswer, PreconditionFailedError, type Caller, type CommandEnvelope } from '@zz/commands';
import { DomainError, deadlines, type Actor } from '@zz/contracts';
import { WrongExpectedRevisionError, type EventData, type EventStore, type RecordedEvent } from '@zz/eventstore';
import type { Clock, ClockStatus } from './domain/clock.js';
import type { HolidayCalendar } from './domain/calendar.js';
import { cstIso } from './domain/calendar.js';
import { decideAlert } from './domain/alerts.js';
import { decideExtend, decidePause, decideResume } from './domain/adjust.js';
import { dueOf, evolveClocks, policyById, statusAt } from './domain/engine.js';
import { toClockEvent } from './application/clock-events.js';
import { alertRules } from './application/clock-table.js';
import { clockApplier, DEADLINE_PROJECTION, parseClock as parse } from './application/clock-projection.js';

/**
 * The deadline watcher (时限监测). A checkpointed projection keeps every clock of every case in
 * DATA_DIR/deadlines.db; a tick, at the injected `now()`, appends DeadlineApproaching and
 * DeadlineMissed to the clock's own stream `deadline-<clockId>`. Exactly once, even with several
 * watchers: each append expects the stream's revision as the watcher read it (`no_stream` for the
 * first), so of two watchers deciding the same alert one append wins and the other gets
 * WrongExpectedRevisionError and moves on; the next tick reads the stream and finds it done.
 */

export { DEADLINE_PROJECTION };
/** The watcher's own user: alerts are recorded by the system, on behalf of the clock's center. */
export const DEADLINE_SYSTEM_USER = 'system:deadlines';

export interface DeadlineWatcherOptions {
  store: EventStore;
  /** Directory of the watcher's view file (deadlines.db); each watcher needs its own. */
  dataDir: string;
  policy: deadlines.DeadlinePolicy;
  calendar: HolidayCalendar;
  now: () => Date;
  /** Tick on a real timer every intervalMs (main.ts: 60 s). Omit to tick only when `tick()` is called (tests). */
  intervalMs?: number;
  /** View file name inside dataDir (default deadlines.db). */
  fileName?: string;
  /** Errors of timer ticks (a tick's own failures are otherwise thrown to its caller). */
  onError?: (error: unknown) => void;
  /** How long a tick waits for the view to reach the log's head (default 30 s). */
  catchUpTimeoutMs?: number;
  /** Most events per view transaction (default 1000; a batch also ends as soon as the log goes idle). */
  batchSize?: number;
}

/** A clock command's answer; `replayed` when a retried Idempotency-Key found the first one. */
export interface ClockCommandResult {
  revision: bigint;
  position: bigint;
  replayed: boolean;
}

export interface TickResult {
  approaching: number;
  missed: number;
  /** Alerts another watcher recorded first (our append lost the revision check). */
  lost: number;
  /** Clocks looked at. */
  examined: number;
}

/** A clock as views show it (no personal data: ids, codes, dates and the approver's user id). */
export interface ClockView {
  clockId: string;
  policyId: string;
  name: { zh: string; en: string };
  flow: deadlines.ClockFlow;
  obligedParty: deadlines.ObligedParty;
  caseCode: string;
  centerCode: string;
  status: ClockStatus;
  startedAt: string;
  /** Undefined while paused. */
  dueAt?: string;
  dueDate?: string;
  pausedSince?: string;
  pauseReason?: string;
  extensions: { days?: number; newDueAt?: string; approvedBy: string; reason?: string; at: string }[];
  stoppedAt?: string;
  stopOutcome?: 'met' | 'cancelled';
  alerted: { approaching: boolean; missed: boolean };
  /** False when the due date was counted through a year missing from (or provisional in) the holiday calendar. */
  calendarCovered: boolean;
  source: deadlines.Citation;
}

export interface ClockQuery {
  caseCode?: string;
  /** Centers whose clocks to list (e.g. a center and every center below it). */
  centers?: readonly string[];
  statuses?: readonly ClockStatus[];
  /** Include ended clocks (met, late, cancelled); default false. */
  includeEnded?: boolean;
  limit?: number;
}

export interface DeadlineWatcher {
  /** Look at every clock whose alert time has come and append what is due. */
  tick(): Promise<TickResult>;
  clocks(query?: ClockQuery): ClockView[];
  clock(clockId: string): ClockView | undefined;
  /** Clocks about to lapse and lapsed (approaching, overdue) for these centers, soonest first. */
  lapsing(centers?: readonly string[]): ClockView[];
  pause(clockId: string, cmd: deadlines.PauseClock, caller: Caller): Promise<ClockCommandResult>;
  resume(clockId: string, cmd: deadlines.ResumeClock, caller: Caller): Promise<ClockCommandResult>;
  extend(clockId: string, cmd: deadlines.ExtendClock, caller: Caller): Promise<ClockCommandResult>;
  /** The pause reasons this clock's policy allows. */
  pauseReasons(clockId: string): string[];
  /** What the decider would answer to a staff command on this clock now, with a sample body (nothing is appended): for allowedActions. */
  dryRun(clockId: string, path: 'pause' | 'resume' | 'extend', actor: Actor): unknown;
  /** Resolves once the view has applied `position` (false on timeout). */
  reach(position: bigint, timeoutMs?: number): Promise<boolean>;
  /** Global position the view has reached. */
  position(): bigint;
  /** Resolves once the view has reached the log's head as it was at start. */
  readonly caughtUp: Promise<void>;
  /** For /ready: ok once the view has caught up with the log, and for as long as it keeps running. */
  readiness(): { ok: boolean; detail: string };
  close(): Promise<void>;
}

export function startDeadlineWatcher(opts: DeadlineWatcherOptions): DeadlineWatcher {
  const { store, policy, calendar: cal, now } = opts;
  mkdirSync(opts.dataDir, { recursive: true });
  const db = new Database(join(opts.dataDir, opts.fileName ?? 'deadlines.db'));
  db.pragma('busy_timeout = 5000');
  useViewJournal(db);
  db.pragma('cache_size = -32768'); // 32 MiB: a batch touches clocks all over the file
  const apply = clockApplier(db, policy, cal);
  const byId = db.prepare('SELECT body FROM clocks WHERE clock_id = ?');
  const dueForAlert = db.prepare('SELECT body FROM clocks WHERE next_alert_ms <= ? ORDER BY next_alert_ms LIMIT 500');
  const projection: RunningProjection = startProjection({ store, db, name: DEADLINE_PROJECTION, apply, batchSize: opts.batchSize ?? 1000, onError: opts.onError });
  let isCaughtUp = false;
  let stoppedOnError = false;
  projection.caughtUp.then(
    () => (isCaughtUp = true),
    () => {},
  );
  projection.done.catch(() => (stoppedOnError = true));

  const catchUp = async () => {
    const head = await store.headPosition();
    if (!(await projection.waitFor(head, opts.catchUpTimeoutMs ?? 30_000))) throw new Error(`deadline view did not reach position ${head}`);
  };

  /** The clock as its own stream has it now: the view's state plus whatever the stream gained since. */
  const current = async (clock: Clock) => {
    const stream = deadlines.deadlineStream(clock.clockId);
    const recorded = await store.readStream(stream);
    let c = clock;
    for (const r of recorded) {
      if (r.position <= BigInt(c.position)) continue;
      const e = toClockEvent(r);
      if (e) c = evolveClocks([c], e, policy).find((x) => x.clockId === c.clockId) ?? c;
    }
    const expected = recorded.length > 0 ? (recorded[recorded.length - 1] as RecordedEvent).revision : ('no_stream' as const);
    return { clock: c, stream, expected, recorded };
  };

  const envelope = (clock: Clock, type: deadlines.DeadlineEventType, data: unknown, at: Date, actor: Actor, command?: CommandEnvelope): EventData => ({
    eventId: randomUUID(),
    type,
    schemaVersion: deadlines.DEADLINE_SCHEMA_VERSIONS[type],
    occurredAt: at.toISOString(),
    data: deadlines.DEADLINE_EVENT_SCHEMAS[type].parse(data),
    metadata: {
      correlationId: command?.correlationId ?? clock.clockId,
      causationId: clock.startEventId,
      caseCode: clock.caseCode,
      actor,
      // A person's command carries its type, hash and Idempotency-Key, so a retry is answered from the stream.
      ...(command ? { commandType: command.commandType, commandHash: command.commandHash, ...(command.idempotencyKey ? { idempotencyKey: command.idempotencyKey } : {}) } : {}),
    },
  });
  const systemActor = (clock: Clock): Actor => ({ userId: DEADLINE_SYSTEM_USER, role: 'admin', centerCode: clock.centerCode });

  let ticking: Promise<TickResult> | null = null;
  const runTick = async (): Promise<TickResult> => {
    await catchUp();
    const at = now();
    const result: TickResult = { approaching: 0, missed: 0, lost: 0, examined: 0 };
    for (const row of dueForAlert.all(at.getTime())) {
      result.examined++;
      const { clock, stream, expected } = await current(parse(row));
      const decision = decideAlert(clock, cal, alertRules(policy, clock), at);
      if (!decision) continue;
      try {
        await store.append(stream, [envelope(clock, decision.type, decision.data, at, systemActor(clock))], { expectedRevision: expected });
        if (decision.type === 'DeadlineApproaching') result.approaching++;
        else result.missed++;
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError)) throw err;
        result.lost++; // another watcher (or a pause/extension) got there first: the next tick re-reads
      }
    }
    return result;
  };
  /** One tick at a time per watcher: a timer tick and a manual one share the run in progress. */
  const tick = () => {
    ticking ??= runTick().finally(() => (ticking = null));
    return ticking;
  };

  let timer: NodeJS.Timeout | undefined;
  if (opts.intervalMs && opts.intervalMs > 0)
    timer = setInterval(() => {
      // Until the view has caught up with history a tick could only time out waiting for it.
      if (!isCaughtUp) return;
      tick().catch((err: unknown) => opts.onError?.(err));
    }, opts.intervalMs);

  const view = (c: Clock, at: Date): ClockView => {
    const spec = policyById(policy, c.policyId);
    const due = dueOf(c, cal);
    const openPause = c.pauses.find((p) => p.to === undefined);
    return {
      clockId: c.clockId,
      policyId: c.policyId,
      name: spec?.name ?? { zh: c.policyId, en: c.policyId },
      flow: c.flow,
      obligedParty: c.obligedParty,
      caseCode: c.caseCode,
      centerCode: c.centerCode,
      status: statusAt(c, cal, alertRules(policy, c).lead, at),
      startedAt: cstIso(new Date(c.startedAt)),
      ...(due ? { dueAt: due.dueIso, dueDate: due.dueDate } : {}),
      ...(openPause ? { pausedSince: cstIso(new Date(openPause.from)), pauseReason: openPause.reason } : {}),
      extensions: c.extensions.map(({ days, newDueAt, approvedBy, reason, at }) => ({ ...(days ? { days } : {}), ...(newDueAt ? { newDueAt } : {}), approvedBy, ...(reason ? { reason } : {}), at })),
      ...(c.stop ? { stoppedAt: cstIso(new Date(c.stop.at)), stopOutcome: c.stop.outcome } : {}),
      alerted: { approaching: due ? c.alerts.approaching.includes(due.dueIso) : false, missed: due ? c.alerts.missed.includes(due.dueIso) : false },
      calendarCovered: due?.calendarCovered ?? true,
      source: spec?.source ?? { title: 'unknown policy' },
    };
  };

  const clocks = (q: ClockQuery = {}): ClockView[] => {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.caseCode) where.push('case_code = ?'), args.push(q.caseCode);
    if (q.centers) where.push('center_code IN (SELECT value FROM json_each(?))'), args.push(JSON.stringify(q.centers));
    if (!q.includeEnded) where.push("state <> 'stopped'");
    const sql = `SELECT body FROM clocks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_ms IS NULL, due_ms, clock_id`;
    const at = now();
    let list = db
      .prepare(sql)
      .all(...args)
      .map((r) => view(parse(r), at));
    if (q.statuses) list = list.filter((v) => q.statuses!.includes(v.status));
    return q.limit ? list.slice(0, q.limit) : list;
  };

  /**
   * Read → decide → append with the stream's revision; a concurrent alert or command makes it retry.
   * A retried Idempotency-Key is answered from the stream (an extension is never granted twice), and
   * a stale If-Match is refused.
   */
  const command = async <K extends deadlines.DeadlineEventType>(
    clockId: string,
    caller: Caller,
    commandType: string,
    body: unknown,
    decide: (clock: Clock, spec: deadlines.ClockPolicy, at: Date) => deadlines.DeadlineEventOf<K> | DomainError,
  ): Promise<ClockCommandResult> => {
    await catchUp();
    const row = byId.get(clockId);
    if (!row) throw new DomainError('clock_not_found', '时限不存在 / clock not found');
    const env = commandEnvelope(commandType, body, caller);
    for (let attempt = 0; ; attempt++) {
      const { clock, stream, expected, recorded } = await current(parse(row));
      const first = findFirstAnswer(recorded, env, { decode: (r) => ({ type: r.type, data: r.data }), schemaVersion: () => 1 });
      if (first) return { revision: first.revision, position: first.position, replayed: true };
      if (caller.expectedRevision !== undefined && expected !== caller.expectedRevision) {
        throw new PreconditionFailedError(caller.expectedRevision, expected === 'no_stream' ? -1n : expected);
      }
      const spec = policyById(policy, clock.policyId);
      if (!spec) throw new DomainError('policy_not_found', `时限规则已不存在 / policy ${clock.policyId} is no longer configured`);
      const at = now();
      const decided = decide(clock, spec, at);
      if (decided instanceof DomainError) throw decided;
      try {
        const r = await store.append(stream, [envelope(clock, decided.type, decided.data, at, caller.actor, env)], { expectedRevision: expected });
        return { revision: r.nextRevision, position: r.position, replayed: false };
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || attempt >= 3) throw err;
      }
    }
  };

  return {
    tick,
    clocks,
    clock: (clockId) => {
      const row = byId.get(clockId);
      return row ? view(parse(row), now()) : undefined;
    },
    lapsing: (centers) => clocks({ ...(centers ? { centers } : {}), statuses: ['approaching', 'overdue'] }),
    pause: (clockId, cmd, caller) => command(clockId, caller, 'PauseClock', cmd, (c, spec, at) => decidePause(c, spec, cmd, at)),
    resume: (clockId, cmd, caller) => command(clockId, caller, 'ResumeClock', cmd, (c, _spec, at) => decideResume(c, cmd, at)),
    extend: (clockId, cmd, caller) => command(clockId, caller, 'ExtendClock', cmd, (c, spec) => decideExtend(c, spec, cmd, caller.actor)),
    pauseReasons: (clockId) => {
      const row = byId.get(clockId);
      const spec = row ? policyById(policy, parse(row).policyId) : undefined;
      return spec ? spec.pauses.filter((p) => p.event === 'DeadlineClockPaused').flatMap((p) => p.reasons) : [];
    },
    dryRun: (clockId, path, actor) => {
      const row = byId.get(clockId);
      if (!row) return undefined;
      const clock = parse(row);
      const spec = policyById(policy, clock.policyId);
      if (!spec) return undefined;
      const at = now();
      if (path === 'resume') return decideResume(clock, {}, at);
      if (path === 'extend') return decideExtend(clock, spec, { days: 1, approvedBy: actor.userId, reason: '-' }, actor);
      const reason = spec.pauses.filter((p) => p.event === 'DeadlineClockPaused').flatMap((p) => p.reasons)[0];
      return reason ? decidePause(clock, spec, { reason }, at) : undefined;
    },
    reach: (position, timeoutMs = 10_000) => projection.waitFor(position, timeoutMs),
    position: () => projection.position(),
    caughtUp: projection.caughtUp,
    readiness: () => ({ ok: isCaughtUp && !stoppedOnError, detail: `position ${projection.position()}` }),
    async close() {
      if (timer) clearInterval(timer);
      await ticking?.catch(() => {});
      await projection.stop();
      db.close();
    },
  };
}
