#!/usr/bin/env tsx
// The intake service as its own process (distributed runtime): `tsx services/intake/src/main.ts`.
// Same configuration as the embedded runtime (README: Configuration).
import { runServiceProcess } from '@zz/config';
import { IntakeService } from './application/intake-service.js';
import { loadRiskPolicy } from './application/risk-policy-file.js';
import { loadChannelClients } from './channel/clients.js';
import { channelRoutes } from './channel/routes.js';
import { erasureRoutes } from './http/erasure-routes.js';
import { intakeRoutes } from './http/routes.js';

await runServiceProcess('矛盾纠纷受理与分流 / dispute intake', async (app, { env, store, keys, regions }) => {
  const service = new IntakeService({ store, vault: keys, regions, riskPolicy: loadRiskPolicy(env.RISK_POLICY_FILE), now: () => new Date() });
  await app.register(intakeRoutes, { service, vault: keys, regions });
  if (env.INTAKE_CHANNELS_FILE) await app.register(channelRoutes, { service, regions, clients: loadChannelClients(env.INTAKE_CHANNELS_FILE, process.env) });
  await app.register(erasureRoutes, { vault: keys, store, regions });
});
