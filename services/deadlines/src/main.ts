#!/usr/bin/env tsx
// The deadline watcher as its own process (distributed runtime): `tsx services/deadlines/src/main.ts`.
// Same configuration as every process (README: Configuration: DEADLINE_POLICY_FILE, HOLIDAYS_FILE, DEADLINE_TICK_MS).
// Several copies may run at once: each keeps its own view (DATA_DIR/deadlines.db — give each copy its
// own DATA_DIR on one machine) and the per-clock stream revision makes every alert exactly-once.
import { runServiceProcess } from '@zz/config';
import { loadDeadlinePolicy, loadHolidayCalendar } from './application/policy-files.js';
import { startDeadlineWatcher } from './watcher.js';

await runServiceProcess('时限监测 / deadline watcher', async (app, { env, store, onClose }) => {
  const watcher = startDeadlineWatcher({
    store,
    dataDir: env.DATA_DIR,
    policy: loadDeadlinePolicy(env.DEADLINE_POLICY_FILE),
    calendar: loadHolidayCalendar(env.HOLIDAYS_FILE),
    now: () => new Date(),
    intervalMs: env.DEADLINE_TICK_MS,
    onError: (err) => app.log.error({ err }, 'deadline tick failed'),
  });
  app.addReadinessCheck('deadlines', () => watcher.readiness());
  onClose(() => watcher.close());
});
