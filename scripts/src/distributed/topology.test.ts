// The distributed runtime as child processes against the real broker (ensureBroker): intake, relay
// and two Kafka-fed projection workers in one group, each its own process (the same startTopology
// that `npm run start:distributed` uses). A command's events reach the Kafka-fed view over HTTP.
import t from 'tap';
import { jixiDemoRegions, RegionDirectory } from '@zz/contracts';
import { localSecrets } from '@zz/config';
import { signToken } from '@zz/http';
import { ensureBroker } from '@zz/kafka';
import { uniqueName } from '@zz/kafka/testing';
import { demoRegistration, prng } from '../demo-cases.js';
import { startTopology } from './topology.js';

const broker = await ensureBroker();
const regions = new RegionDirectory(jixiDemoRegions());

t.test("a registered dispute reaches both Kafka-fed workers' views over HTTP (child processes)", { skip: 'skip' in broker ? broker.skip : false, timeout: 170_000 }, async (t) => {
  if (!('brokers' in broker)) return;
  const dataDir = t.testdir();
  const topology = await startTopology({
    dataDir,
    brokers: broker.brokers.join(','),
    topic: uniqueName('zz-dist'),
    groupId: uniqueName('tier-views'),
    services: ['intake'],
    workers: 2,
    basePort: 0,
  });
  t.teardown(() => topology.stop());
  const [intake] = topology.services;
  const [w1, w2] = topology.workers;
  t.equal(intake?.name, 'intake');
  t.ok(w1 && w2, 'two workers');

  const secret = localSecrets(dataDir).JWT_SECRET;
  const areas = regions.all().filter((r) => r.tier === 'township');
  const body = demoRegistration(prng(7), areas, (code) => regions.atTier(code, 'county')!.code);
  const township = regions.atTier(body.areaCode, 'township')!.code;
  const clerk = `Bearer ${signToken(secret, { userId: 'clerk', role: 'intake_clerk', centerCode: township }, { expiresIn: '1h' })}`;
  const viewer = `Bearer ${signToken(secret, { userId: 'viewer', role: 'command_viewer', centerCode: '230300' }, { expiresIn: '1h' })}`;

  const res = await fetch(`${intake!.url}/api/disputes`, { method: 'POST', headers: { authorization: clerk, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  t.equal(res.status, 201, 'registered');
  const { caseCode, position } = (await res.json()) as { caseCode: string; position: number };

  for (const w of [w1!, w2!]) {
    // ?minPosition waits (about 2 s per request) until the shared view reached the command's position.
    let answer: Response | undefined;
    for (let attempt = 0; attempt < 15; attempt++) {
      answer = await fetch(`${w.url}/api/centers/${township}/cases?minPosition=${position}`, { headers: { authorization: viewer } });
      if (answer.headers.get('x-view-stale') !== 'true') break;
    }
    t.equal(answer!.status, 200, `${w.name} answers`);
    t.not(answer!.headers.get('x-view-stale'), 'true', `${w.name}: the view reached the command's position`);
    const page = (await answer!.json()) as { position: number; items: { caseCode: string; status: string }[] };
    t.ok(page.position >= position, `${w.name}: view position ${page.position} ≥ ${position}`);
    t.match(
      page.items.find((i) => i.caseCode === caseCode),
      { caseCode, status: 'registered' },
      `${w.name} lists the case in the township queue`,
    );
    const stats = (await (await fetch(`${w.url}/api/centers/230300/stats?minPosition=${position}`, { headers: { authorization: viewer } })).json()) as {
      byStatus: Record<string, number>;
      byCategory: Record<string, number>;
    };
    t.equal(stats.byStatus.registered, 1, `${w.name}: the city's counters hold the case once`);
    t.equal(stats.byCategory[body.category], 1);
  }
  const ready = await fetch(`${w1!.url}/ready`);
  t.equal(ready.status, 200, 'the worker is ready (caught up with the topic as it was at start)');
  const metrics = await (await fetch(`${topology.relay.url}/metrics`)).text();
  t.match(metrics, new RegExp(`relay_checkpoint_position ${position}\\b`), "the relay checkpointed the command's position");
});
