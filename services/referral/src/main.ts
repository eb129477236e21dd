#!/usr/bin/env tsx
// The pre-litigation referral service (诉前调解/司法确认/立案) as its own process: `tsx services/referral/src/main.ts`.
import { runServiceProcess } from '@zz/config';
import { IntakeService, loadRiskPolicy } from '@zz/intake';
import { ReferralService } from './application/referral-service.js';
import { referralRoutes } from './http/routes.js';

await runServiceProcess('诉前调解 / pre-litigation referral', async (app, { env, store, keys, regions }) => {
  const now = () => new Date();
  const disputes = new IntakeService({ store, vault: keys, regions, riskPolicy: loadRiskPolicy(env.RISK_POLICY_FILE), now });
  await app.register(referralRoutes, { service: new ReferralService({ store, vault: keys, disputes, now }), vault: keys, regions });
});
