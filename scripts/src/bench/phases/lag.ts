import { setMaxListeners } from 'node:events';
import type { ServerChild } from '../child.js';
import { prng } from '../../demo-cases.js';
import { summarise } from '../stats.js';
import { bearer, EXISTING_STEPS, registration, type KnownCase } from '../workload.js';

export interface LagResult {
  /** Commands acknowledged per second (should equal the offered rate). */
  achievedRate: number;
  /** Ack → the city stats answer reflecting it (ms). */
  lag: { p50: number; p99: number; max: number };
  /** Command latency from its scheduled send time (so a stall counts against it: no coordinated omission). */
  command: { p50: number; p99: number };
  failures: number;
  stale: number;
  /** Commands still unanswered at the deadline (3× the run's duration + 5 s). */
  unfinished: number;
}

/** One command of the open loop: where to POST it, as whom, with what body. */
interface Command {
  path: string;
  authorization: string;
  body: string;
}

/** Registrations of new cases (varied bodies and townships). */
export function registrations(total: number, seed: number): Command[] {
  const r = prng(seed);
  return Array.from({ length: total }, () => ({ path: '/api/disputes', ...registration(r) }));
}

/** Cases registered earlier taken through accept → assess-risk → route (each moves the city's counters);
 * the steps of one case are `cases.length` commands apart, so each step finds the previous one done. */
export function existingCommands(total: number, cases: KnownCase[], seed: number): Command[] {
  const r = prng(seed);
  const perStep = Math.ceil(total / EXISTING_STEPS.length);
  if (cases.length < perStep) throw new Error(`visibility lag on existing streams needs ${perStep} registered cases, got ${cases.length}`);
  return Array.from({ length: total }, (_, i) => {
    const c = cases[i % perStep]!;
    const step = EXISTING_STEPS[Math.floor(i / perStep)]!;
    return { path: `/api/disputes/${c.caseId}/${step.path}`, authorization: bearer('intake_clerk', c.township), body: JSON.stringify(step.body(r)) };
  });
}

/** Every PROBE_EVERY-th acknowledgement is followed by a stats query: ~1,000 lag samples per 10 s at 1,000/s. */
export const PROBE_EVERY = 10;

/**
 * Open loop: commands are sent on a fixed schedule (`rate` per second) whatever the answers do.
 * After every PROBE_EVERY-th acknowledgement (2xx with the global position) the city view is asked
 * for its stats with ?minPosition=<position>; the answer comes once the projection has committed
 * that position. The lag is from the ack to that answer (it includes one HTTP round trip of the stats
 * query). Sampled, because a stats query after every command doubled the requests the server and
 * the sender handle, and the figure then measured their queue rather than the views' lag.
 */
export async function visibilityLag(server: ServerChild, opts: { rate: number; seconds: number; commands: Command[] }): Promise<LagResult> {
  const viewer = bearer('command_viewer', '230300');
  const bodies = opts.commands;
  const total = bodies.length;
  const interval = 1000 / opts.rate;
  const lags: number[] = [];
  const commandLatencies: number[] = [];
  let failures = 0;
  let stale = 0;
  let acked = 0;
  const inFlight: Promise<void>[] = [];
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per request in flight

  const one = async (i: number, scheduledAt: number) => {
    const { path, body, authorization } = bodies[i]!;
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body, signal: abort.signal });
    const answer = (await res.json()) as { position?: number };
    const ackAt = performance.now();
    if (res.status < 200 || res.status > 299 || answer.position === undefined) {
      failures++;
      return;
    }
    acked++;
    commandLatencies.push(ackAt - scheduledAt);
    if (i % PROBE_EVERY !== 0) return;
    try {
      const view = await fetch(`${server.url}/api/centers/230300/stats?minPosition=${answer.position}`, { headers: { authorization: viewer }, signal: abort.signal });
      await view.arrayBuffer();
      if (view.status !== 200 || view.headers.get('x-view-stale') === 'true') stale++;
      else lags.push(performance.now() - ackAt);
    } catch {
      stale++; // cut off at the deadline: the command itself was acknowledged, so it is not a failure
    }
  };

  const started = performance.now();
  await new Promise<void>((done) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < total && started + i * interval <= now) {
        inFlight.push(one(i, started + i * interval).catch(() => void failures++));
        i++;
      }
      if (i >= total) return done();
      setTimeout(tick, Math.max(0, started + i * interval - performance.now()));
    };
    tick();
  });
  // Bounded: when the system can't keep up, the backlog is cut off and counted, not waited out.
  const deadline = opts.seconds * 1000 * 3 + 5000;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(inFlight), new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, started + deadline - performance.now()))))]);
  clearTimeout(timer);
  abort.abort(); // nothing left over to load the next run
  const seconds = (performance.now() - started) / 1000;
  const unfinished = total - acked - failures;
  const lag = summarise(lags);
  const cmd = summarise(commandLatencies);
  return { achievedRate: acked / seconds, lag: { p50: lag.p50, p99: lag.p99, max: lag.max }, command: { p50: cmd.p50, p99: cmd.p99 }, failures, stale, unfinished };
}
