// infra/deploy/k8s cannot run here; this validates what can be: every file parses, every object is
// well-formed, the clusters have 3 nodes with the settings the bus and store rely on, every
// application container runs an entry file of this repo (or one listed as pending), reads only
// variables its process parses, takes secrets by reference only, and its environment parses with the
// real schemas (ProcessEnv, RelayEnv, KafkaWorkerEnv).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parseAllDocuments } from 'yaml';
import { parseProcessEnv, ProcessEnv } from '@zz/config';
import { parseConfig } from '@zz/http';
import { KafkaWorkerEnv } from '../../../projections/src/kafka-worker.js';
import { ROOT } from './topology.js';

const DIR = join(ROOT, 'infra/deploy/k8s');
/** Entry points the topology names that their owners have not added yet (README: pending). */
const PENDING_ENTRIES = new Set(['services/deadlines/src/main.ts', 'projections/src/command-center/main.ts']);
const SECRET_VARS = new Set(['JWT_SECRET', 'PII_HASH_SECRET', 'ESDB_CONNECTION_STRING', 'ADMIN_INITIAL_PASSWORD']);
/** Stand-ins for the Secret's values, strong enough for production mode. */
const STAND_INS: Record<string, string> = {
  JWT_SECRET: 'q3F9xL2mV8pR4tZ7wB1nK6yH0cJ5dG2s',
  PII_HASH_SECRET: 'Zk8Wm2Qp5Rt9Yx3Vb7Nc1Hf4Jd6Lg0Se',
  ESDB_CONNECTION_STRING: 'esdb+discover://kurrentdb-headless.zongzhi.svc.cluster.local:2113',
  ADMIN_INITIAL_PASSWORD: 'Initial-admin-pass-2026',
};
/** The relay's own variables (infra/kafka/src/main-relay.ts RelayEnv; that module starts the relay when imported). */
const RELAY_VARS = new Set(['KAFKA_PARTITIONS', 'KAFKA_REPLICATION_FACTOR', 'RELAY_POLL_MS']);

type Obj = Record<string, any>;
const objects: { file: string; obj: Obj }[] = [];
for (const file of readdirSync(DIR).filter((f) => f.endsWith('.yaml'))) {
  for (const doc of parseAllDocuments(readFileSync(join(DIR, file), 'utf8'))) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const obj = doc.toJS() as Obj | null;
    if (obj) objects.push({ file, obj });
  }
}
const ofKind = (kind: string) => objects.filter((o) => o.obj.kind === kind).map((o) => o.obj);
const named = (kind: string, name: string) => ofKind(kind).find((o) => o.metadata.name === name);
const config = named('ConfigMap', 'zz-config')!;

t.test('every document is a named object in the zongzhi namespace; kustomization lists every file', async (t) => {
  t.ok(objects.length >= 25, `${objects.length} objects`);
  for (const { file, obj } of objects) {
    if (obj.kind === 'Kustomization') continue;
    t.ok(obj.apiVersion && obj.kind && obj.metadata?.name, `${file}: ${obj.kind}/${obj.metadata?.name}`);
    if (obj.kind !== 'Namespace') t.equal(obj.metadata.namespace, 'zongzhi', `${file}: ${obj.metadata.name} namespaced`);
  }
  const kustomization = objects.find((o) => o.obj.kind === 'Kustomization')!.obj;
  t.same(
    [...kustomization.resources].sort(),
    readdirSync(DIR)
      .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
      .sort(),
  );
});

t.test('a 3-node KurrentDB cluster and a 3-node KRaft Kafka cluster, spread over nodes', async (t) => {
  const esdb = named('StatefulSet', 'kurrentdb')!;
  const env = (o: Obj) => Object.fromEntries(o.spec.template.spec.containers[0].env.filter((e: Obj) => 'value' in e).map((e: Obj) => [e.name, e.value]));
  t.equal(esdb.spec.replicas, 3);
  t.equal(env(esdb).KURRENTDB_CLUSTER_SIZE, '3');
  t.equal(env(esdb).KURRENTDB_CLUSTER_DNS, `${esdb.spec.serviceName}.zongzhi.svc.cluster.local`);
  const kafka = named('StatefulSet', 'kafka')!;
  const k = env(kafka);
  t.equal(kafka.spec.replicas, 3);
  t.equal(k.KAFKA_PROCESS_ROLES, 'broker,controller', 'KRaft: no ZooKeeper');
  const voters = String(k.KAFKA_CONTROLLER_QUORUM_VOTERS).split(',');
  t.same(
    voters.map((v) => v.split('@')[0]),
    ['0', '1', '2'],
    'one controller vote per pod ordinal',
  );
  t.equal(k.KAFKA_DEFAULT_REPLICATION_FACTOR, '3');
  t.equal(k.KAFKA_MIN_INSYNC_REPLICAS, '2', 'acks = -1 survives one broker down');
  t.equal(k.KAFKA_AUTO_CREATE_TOPICS_ENABLE, 'false');
  for (const s of [esdb, kafka]) {
    t.ok(s.spec.template.spec.affinity.podAntiAffinity, `${s.metadata.name}: one pod per node`);
    t.ok(named('PodDisruptionBudget', s.metadata.name), `${s.metadata.name}: disruption budget`);
  }
  // The brokers the applications are given are exactly the StatefulSet's pods.
  t.same(
    String(config.data.KAFKA_BROKERS).split(','),
    [0, 1, 2].map((i) => `kafka-${i}.${kafka.spec.serviceName}.zongzhi.svc.cluster.local:9092`),
  );
});

t.test('application containers: real entry files, known variables, secrets by reference, environments that parse', async (t) => {
  const deployments = ofKind('Deployment');
  t.same(deployments.map((d) => d.metadata.name).sort(), ['command-center', 'deadlines', 'intake', 'mediation', 'petition', 'reactions', 'referral', 'relay', 'tier-views']);
  const known = new Set([...Object.keys(ProcessEnv.shape), ...Object.keys(KafkaWorkerEnv.shape), ...RELAY_VARS]);
  for (const key of Object.keys(config.data)) t.ok(Object.keys(ProcessEnv.shape).includes(key), `zz-config: ${key} is a ProcessEnv variable`);
  for (const d of deployments) {
    const name = d.metadata.name as string;
    const [c] = d.spec.template.spec.containers as Obj[];
    const entry = c!.command.at(-1) as string;
    t.ok(existsSync(join(ROOT, entry)) || PENDING_ENTRIES.has(entry), `${name}: runs ${entry}`);
    t.equal(c!.envFrom[0].configMapRef.name, 'zz-config');
    const env: Record<string, string> = { ...config.data };
    for (const e of c!.env as Obj[]) {
      t.ok(known.has(e.name), `${name}: ${e.name} is read by its process`);
      if (SECRET_VARS.has(e.name)) {
        t.ok(e.valueFrom?.secretKeyRef?.name === 'zz-secrets' && !('value' in e), `${name}: ${e.name} by secret reference only`);
        env[e.name] = STAND_INS[e.name]!;
      } else env[e.name] = e.value;
    }
    const parsed = parseProcessEnv(env, 'production');
    t.match(parsed, { EVENT_STORE: 'esdb', EVENT_BUS: 'kafka', TOKEN_MAX_LIFETIME: '12h' }, `${name}: its environment parses in production mode (ProcessEnv)`);
    t.throws(() => parseProcessEnv({ ...env, JWT_SECRET: undefined }, 'production'), /JWT_SECRET/, `${name}: refuses to start without its secret`);
    if (entry.endsWith('kafka-worker.ts')) t.match(parseConfig(KafkaWorkerEnv, env), { KAFKA_GROUP_ID: 'tier-views', VIEWS_FILE: '/data/views-kafka.db' });
    t.equal(c!.readinessProbe.httpGet.path, '/ready');
    t.equal(c!.livenessProbe.httpGet.path, '/health');
    t.equal(d.spec.template.spec.volumes.find((v: Obj) => v.name === 'data').persistentVolumeClaim.claimName, 'zz-data');
    const svc = named('Service', name);
    t.ok(svc && Object.entries(svc.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v), `${name}: its Service selects its pods`);
  }
  t.equal(named('Deployment', 'relay')!.spec.replicas, 1, 'one relay per topic');
  t.equal(named('Deployment', 'relay')!.spec.strategy.type, 'Recreate', 'never two relays during a rollout');
  t.ok(named('Deployment', 'tier-views')!.spec.replicas >= 2, 'projection workers share the partitions');
});

t.test('the ingress routes every public path prefix to a service that exists', async (t) => {
  const ingress = ofKind('Ingress')[0]!;
  const paths = ingress.spec.rules[0].http.paths as Obj[];
  for (const p of paths) t.ok(named('Service', p.backend.service.name), `${p.path} → ${p.backend.service.name}`);
  t.same(
    paths
      .map((p) => p.path)
      .filter((p) => p.startsWith('/api/'))
      .sort(),
    ['/api/centers', '/api/disputes', '/api/mediations', '/api/persons', '/api/petitions', '/api/referrals'],
  );
});
