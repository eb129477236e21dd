import type { ServerChild } from '../child.js';
import { load, type LoadResult } from '../load.js';
import { existingStreamRequests, registerRequest, type KnownCase } from '../workload.js';

/** What the event store did for a load: event rows written per command and commits (fsyncs) made. */
export interface StoreWork {
  eventsPerCommand: number;
  commitsPerSec: number;
  appendsPerCommit: number;
}

/** register-dispute over HTTP, closed loop, at each client count; registered cases are kept for later phases. */
export async function registerLoad(
  server: ServerChild,
  opts: { runs: number; seconds: number; connections: number[] },
  cases: KnownCase[],
  log: (l: string) => void,
): Promise<Record<number, (LoadResult & { store: StoreWork })[]>> {
  const out: Record<number, (LoadResult & { store: StoreWork })[]> = {};
  await load({ url: server.url, connections: 8, duration: 1, requests: [registerRequest(1, cases)] }); // warm-up (JIT, caches)
  for (let run = 1; run <= opts.runs; run++) {
    for (const connections of opts.connections) {
      const before = await server.store();
      const r = await load({ url: server.url, connections, duration: opts.seconds, requests: [registerRequest(1000 * run + connections, cases)] });
      const after = await server.store();
      const commits = after.commits - before.commits;
      const store: StoreWork = {
        eventsPerCommand: Number(after.head - before.head) / Math.max(1, r.ok),
        commitsPerSec: commits / r.seconds,
        appendsPerCommit: (after.appends - before.appends) / Math.max(1, commits),
      };
      (out[connections] ??= []).push({ ...r, store });
      log(
        `  run ${run}: register-dispute, ${connections} clients: ${Math.round(r.rate)} commands/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms; ${store.eventsPerCommand.toFixed(2)} event rows per command, ${Math.round(store.commitsPerSec)} event-store commits/s of ${store.appendsPerCommit.toFixed(1)} appends${r.non2xx ? `, ${r.non2xx} non-2xx (first: ${r.firstFailure})` : ''}${r.errors ? `, ${r.errors} errors` : ''}`,
      );
    }
  }
  return out;
}

/**
 * accept → assess-risk → route on registered cases, 64 clients: each command reads the stream,
 * decides and appends with the expected revision. A run takes a fresh slice of cases (3 commands each).
 */
export async function existingLoad(server: ServerChild, opts: { runs: number; connections: number; maxCommands: number }, cases: KnownCase[], log: (l: string) => void): Promise<LoadResult[]> {
  const out: LoadResult[] = [];
  cases = [...new Map(cases.map((c) => [c.caseId, c])).values()];
  const perRun = Math.floor(cases.length / opts.runs);
  // 80% of the slice: a connection that stops mid-cycle never hands a half-used case to another.
  const commands = Math.min(opts.maxCommands, Math.floor(3 * perRun * 0.8));
  // Leave every connection's last cycle room to finish inside its slice.
  for (let run = 0; run < opts.runs; run++) {
    const slice = cases.slice(run * perRun, (run + 1) * perRun);
    const r = await load({ url: server.url, connections: opts.connections, amount: commands, requests: existingStreamRequests(slice, run) });
    out.push(r);
    log(
      `  run ${run + 1}: accept → assess-risk → route, ${opts.connections} clients: ${Math.round(r.rate)} commands/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (${r.ok} commands)${r.non2xx ? `, ${r.non2xx} non-2xx (first: ${r.firstFailure})` : ''}`,
    );
  }
  return out;
}
