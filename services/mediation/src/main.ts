#!/usr/bin/env tsx
// The mediation service (调解) as its own process: `tsx services/mediation/src/main.ts`.
import { runServiceProcess } from '@zz/config';
import { IntakeService, loadRiskPolicy } from '@zz/intake';
import { MediationService } from './application/mediation-service.js';
import { mediationRoutes } from './http/routes.js';

await runServiceProcess('调解 / mediation', async (app, { env, store, keys, regions }) => {
  const now = () => new Date();
  // Disputes are read from their own streams through the intake service (read-only here).
  const disputes = new IntakeService({ store, vault: keys, regions, riskPolicy: loadRiskPolicy(env.RISK_POLICY_FILE), now });
  await app.register(mediationRoutes, { service: new MediationService({ store, vault: keys, disputes, now }), vault: keys, regions });
});
