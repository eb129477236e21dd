#!/usr/bin/env tsx
// The city command center as its own process (distributed runtime): the web app, live push, early
// warnings and every view query (tier views, timeline, boards, indicators), kept up to date from the
// event store's global log. `tsx projections/src/command-center/main.ts`.
import { join } from 'node:path';
import { runServiceProcess } from '@zz/config';
import { createFlowViews } from '../flow-views/index.js';
import { centerRoutes } from '../http/center-routes.js';
import { flowRoutes } from '../http/flow-routes.js';
import { createTierViews } from '../tier-views/index.js';
import { commandCenterRoutes } from './plugin.js';

await runServiceProcess('市综治中心统筹指挥 / city command center', async (app, { env, store, keys, regions, regionList, onClose }) => {
  const views = createTierViews({ store, dbPath: join(env.DATA_DIR, 'views.db'), regions: regionList, onError: (err) => app.log.error({ err }, 'tier views stopped') });
  const flowViews = createFlowViews({ store, dataDir: env.DATA_DIR, regions: regionList, onError: (err) => app.log.error({ err }, 'flow views stopped') });
  onClose(() => views.close());
  onClose(() => flowViews.close());
  await app.register(centerRoutes, { views, vault: keys, regions });
  await app.register(flowRoutes, { views: flowViews, vault: keys, regions });
  await app.register(commandCenterRoutes, { store, views, vault: keys, regions, dataDir: env.DATA_DIR });
});
