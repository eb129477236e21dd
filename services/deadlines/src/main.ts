#!/usr/bin/env tsx
// The deadline watcher as its own process (distributed runtime): `tsx services/deadlines/src/main.ts`.
// Same configuration as every process (README: Configuration), plus DEADLINE_POLICY_FILE,
// HOLIDAYS_FILE (default: the repository's config/) and DEADLINE_TICK_MS (default 60 000).
// Several copies may run at once: each keeps its own view (DATA_DIR/deadlines.db — give each copy its
// own DATA_DIR on one machine) and the per-clock stream revision makes every alert exactly-once.
import { z } from 'zod';
import { runServiceProcess } from '@zz/config';
import { loadDeadlinePolicy, loadHolidayCalendar } from './application/policy-files.js';
import { startDeadlineWatcher } from './watcher.js';

const WatcherEnv = z.object({
  DEADLINE_POLICY_FILE: z.string().min(1).optional(),
  HOLIDAYS_FILE: z.string().min(1).optional(),
  DEADLINE_TICK_MS: z.coerce.number().int().min(1000).default(60_000),
});

await runServiceProcess('时限监测 / deadline watcher', async (app, { env, store, onClose }) => {
  const parsed = WatcherEnv.safeParse(process.env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join('.')}: ${issue.message}`);
    process.exit(1);
  }
  const watcher = startDeadlineWatcher({
    store,
    dataDir: env.DATA_DIR,
    policy: loadDeadlinePolicy(parsed.data.DEADLINE_POLICY_FILE),
    calendar: loadHolidayCalendar(parsed.data.HOLIDAYS_FILE),
    now: () => new Date(),
    intervalMs: parsed.data.DEADLINE_TICK_MS,
    onError: (err) => app.log.error({ err }, 'deadline tick failed'),
  });
  onClose(() => watcher.close());
});
