#!/usr/bin/env tsx
// The tier-view projection worker as its own process (distributed runtime): keeps views.db up to date
// from the event store's global log and serves the center queries. `tsx projections/src/main.ts`.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { loadRegions, openEventStore, processEnvOrExit } from '@zz/config';
import { RegionDirectory } from '@zz/contracts';
import { createHttpApp, startHttpServer } from '@zz/http';
import { openKeyStore } from '@zz/keystore';
import { centerRoutes } from './http/center-routes.js';
import { createTierViews } from './tier-views/index.js';

const env = processEnvOrExit();
mkdirSync(env.DATA_DIR, { recursive: true });
const regionList = loadRegions(env);
const store = await openEventStore(env);
const keys = openKeyStore({ path: join(env.DATA_DIR, 'keys.db'), hashSecret: env.PII_HASH_SECRET });
const app = await createHttpApp({ jwtSecret: env.JWT_SECRET, logger: { level: env.LOG_LEVEL }, openapi: { title: '三级综治中心视图 / tier views', version: '0.1.0' } });
const views = createTierViews({ store, dbPath: join(env.DATA_DIR, 'views.db'), regions: regionList, onError: (err) => app.log.error({ err }, 'tier views stopped') });
await app.register(centerRoutes, { views, vault: keys, regions: new RegionDirectory(regionList) });
app.addHook('onClose', async () => {
  await views.close();
  await store.close();
  keys.close();
});
const { address } = await startHttpServer(app, { port: env.PORT, host: env.HOST });
app.log.info({ address }, 'tier views listening');
