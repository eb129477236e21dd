#!/usr/bin/env tsx
// The tier-view projection worker as its own process (distributed runtime): keeps views.db up to date
// from the event store's global log and serves the center queries. `tsx projections/src/main.ts`.
import { join } from 'node:path';
import { runServiceProcess } from '@zz/config';
import { centerRoutes } from './http/center-routes.js';
import { createTierViews } from './tier-views/index.js';

await runServiceProcess('三级综治中心视图 / tier views', async (app, { env, store, keys, regions, regionList, onClose }) => {
  const views = createTierViews({ store, dbPath: join(env.DATA_DIR, 'views.db'), regions: regionList, onError: (err) => app.log.error({ err }, 'tier views stopped') });
  onClose(() => views.close());
  await app.register(centerRoutes, { views, vault: keys, regions });
});
