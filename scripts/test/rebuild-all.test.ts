import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { jixiDemoRegions } from '@zz/contracts';
import { rebuildables } from '../src/rebuildables.js';
import { rebuildInChildren } from '../src/rebuild-jobs.js';
import { dumpViews, embedded, seedEveryConsumer, settle } from './harness.js';

t.test('npm run rebuild covers every file the runtime keeps from the log, and each rebuilt file equals the one the runtime built live', async (t) => {
  const dir = t.testdir();
  const rt = await embedded(dir);
  await seedEveryConsumer(rt, { petitionAboutDispute: true });
  await settle(rt);
  const head = await rt.store.headPosition();
  if (!(await rt.deadlines.reach(head))) t.fail('the deadline watcher did not catch up');
  await rt.close();

  const files = rebuildables();
  const kept = readdirSync(dir).filter((f) => f.endsWith('.db') && !['events.db', 'keys.db'].includes(f));
  t.same(files.map((f) => f.file).sort(), kept.sort(), 'a rebuild for every file the runtime keeps beside the event and key stores');

  const live = Object.fromEntries(files.map((f) => [f.name, dumpViews(join(dir, f.file))]));
  t.ok(
    (live.deadlines?.clocks?.length ?? 0) > 0 && (live['petition-index']?.petitions?.length ?? 0) > 0 && (live.reactions?.reaction_log?.length ?? 0) >= 3,
    'the services built something to compare',
  );
  // As `npm run rebuild` does it: each file in its own child process, two at a time.
  const results = await rebuildInChildren(
    files.map((f) => ({ name: f.name, eventsPath: join(dir, 'events.db'), dbPath: join(dir, f.file), regions: jixiDemoRegions(), config: {} })),
    { parallel: 2 },
  );
  files.forEach((f, i) => {
    t.equal(results[i]?.position, head, `${f.name} rebuilt to the head`);
    t.same(dumpViews(join(dir, f.file)), live[f.name], `${f.name}: the rebuilt file equals the live one`);
  });
});

t.test('a rebuild that fails in its child process fails the whole run with its reason, and the live file stays', async (t) => {
  const dir = t.testdir({ 'views.db': 'not a database, but the live file all the same' });
  const job = { name: 'tier-views', eventsPath: join(dir, 'no-such-dir', 'events.db'), dbPath: join(dir, 'views.db'), regions: jixiDemoRegions(), config: {} };
  await t.rejects(rebuildInChildren([job], { parallel: 1 }), /rebuild of tier-views failed/);
  t.equal(readFileSync(join(dir, 'views.db'), 'utf8'), 'not a database, but the live file all the same', 'nothing was swapped in');
});
