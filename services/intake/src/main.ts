#!/usr/bin/env tsx
// The intake service as its own process (distributed runtime): `tsx services/intake/src/main.ts`.
// Same configuration as the embedded runtime (README: Configuration); no views are served here.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { loadRegions, openEventStore, processEnvOrExit } from '@zz/config';
import { RegionDirectory } from '@zz/contracts';
import { createHttpApp, startHttpServer } from '@zz/http';
import { openKeyStore } from '@zz/keystore';
import { IntakeService } from './application/intake-service.js';
import { loadRiskPolicy } from './application/risk-policy-file.js';
import { erasureRoutes } from './http/erasure-routes.js';
import { intakeRoutes } from './http/routes.js';

const env = processEnvOrExit();
mkdirSync(env.DATA_DIR, { recursive: true });
const regions = new RegionDirectory(loadRegions(env));
const store = await openEventStore(env);
const keys = openKeyStore({ path: join(env.DATA_DIR, 'keys.db'), hashSecret: env.PII_HASH_SECRET });
const app = await createHttpApp({ jwtSecret: env.JWT_SECRET, logger: { level: env.LOG_LEVEL }, openapi: { title: '矛盾纠纷受理与分流 / dispute intake', version: '0.1.0' } });
const service = new IntakeService({ store, vault: keys, regions, riskPolicy: loadRiskPolicy(env.RISK_POLICY_FILE), now: () => new Date() });
await app.register(intakeRoutes, { service, vault: keys, regions });
await app.register(erasureRoutes, { vault: keys, store });
app.addHook('onClose', async () => {
  await store.close();
  keys.close();
});
const { address } = await startHttpServer(app, { port: env.PORT, host: env.HOST });
app.log.info({ address, eventStore: env.EVENT_STORE }, 'intake service listening');
