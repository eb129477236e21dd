import { join } from 'node:path';
import t from 'tap';
import { RegionDirectory } from '@zz/contracts';
import { prng } from '../src/demo-cases.js';
import { DemoClock } from '../src/runtime/demo-clock.js';
import { createEmbeddedRuntime } from '../src/runtime/embedded.js';
import { seedApi } from '../src/seed/api.js';
import { simulateYear } from '../src/seed/simulate.js';
import { auth, JWT_SECRET, runtimeEnv, settle } from './harness.js';

/**
 * Issue #14 §8: the demo seed lives weeks of a center through the real API on the demo clock, and
 * what it leaves looks like a working center: cases on many days, open ones and closed ones,
 * mediations, petitions, lapsed clocks, rates below 100 %.
 */
t.test('a month lived on the demo clock through the real API fills every view with meaning', async (t) => {
  const dir = t.testdir();
  const clock = new DemoClock(join(dir, 'demo-clock.json'));
  const rt = await createEmbeddedRuntime(runtimeEnv(dir), { demoClock: clock });
  const address = await rt.app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => rt.close());
  const api = seedApi(address, JWT_SECRET);
  const result = await simulateYear({ api, regions: new RegionDirectory(rt.regions.all()), random: prng(7), days: 40, perDay: 3 });
  t.same(result.failures, [], 'the real deciders accepted every step the seed took');
  t.ok(result.disputes > 60 && result.petitions > 5, `${result.disputes} disputes, ${result.petitions} petitions`);
  t.ok(Math.abs(clock.offsetMs) < 60_000, 'the demo clock is back at today');
  await settle(rt, 30_000);

  const city = auth('command_viewer', '230300');
  const stats = (await rt.app.inject({ url: '/api/centers/230300/stats', headers: city })).json();
  t.equal(stats.total, result.disputes, 'the city counts every dispute');
  const statuses = Object.keys(stats.byStatus ?? {}).filter((k) => stats.byStatus[k] > 0);
  t.ok(statuses.length >= 4, `cases in several states: ${statuses.join(', ')}`);
  const registeredDays = new Set<string>();
  for await (const e of rt.store.readAll({ types: ['DisputeRegistered'] })) registeredDays.add(e.occurredAt.slice(0, 10));
  t.ok(registeredDays.size >= 30, `registrations spread over ${registeredDays.size} days, not all today`);
  const deadlines = (await rt.app.inject({ url: '/api/centers/230300/deadlines', headers: auth('supervisor', '230300') })).json();
  t.ok(JSON.stringify(deadlines).includes('missed') || JSON.stringify(deadlines).includes('lapsed'), 'some statutory clocks have lapsed');
  const indicators = (await rt.app.inject({ url: '/api/centers/230300/indicators', headers: city })).json();
  const rates = JSON.stringify(indicators).match(/"rate":\s*[\d.]+/g) ?? [];
  t.ok(
    rates.some((r) => Number(r.split(':')[1]) < 1),
    `some rate is below 100 %: ${rates.slice(0, 6).join(' ')}`,
  );

  // With events in the log the demo clock only moves forward.
  const back = await rt.app.inject({ method: 'POST', url: '/api/demo/clock', headers: auth('admin', '230300'), payload: { to: new Date(Date.now() - 86_400_000).toISOString() } });
  t.equal(back.statusCode, 409);
  t.equal((await rt.app.inject({ method: 'POST', url: '/api/demo/clock', headers: auth('intake_clerk', '230302101'), payload: { advanceMinutes: 60 } })).statusCode, 403, 'only an admin moves it');
  const ahead = await rt.app.inject({ method: 'POST', url: '/api/demo/clock', headers: auth('admin', '230300'), payload: { advanceMinutes: 24 * 60 } });
  t.equal(ahead.statusCode, 200);
  t.ok(Math.abs(ahead.json().offsetMs - 86_400_000) < 60_000, 'a day ahead');
});
