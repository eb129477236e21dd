#!/usr/bin/env tsx
// The petition backlog service (信访积案化解) as its own process: `tsx services/petition/src/main.ts`.
import { join } from 'node:path';
import { runServiceProcess } from '@zz/config';
import { PetitionIndex } from './application/petition-index.js';
import { PetitionService } from './application/petition-service.js';
import { petitionRoutes } from './http/routes.js';

await runServiceProcess('信访积案化解 / petition backlog', async (app, { env, store, keys, regions, onClose }) => {
  const index = PetitionIndex.open({ store, path: join(env.DATA_DIR, 'petition-index.db') });
  app.addReadinessCheck('petition-index', () => index.readiness());
  onClose(() => index.close());
  await app.register(petitionRoutes, { service: new PetitionService({ store, vault: keys, regions, index, now: () => new Date() }), vault: keys, regions });
});
