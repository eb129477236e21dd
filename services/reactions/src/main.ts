#!/usr/bin/env tsx
// The cross-flow reactions (跨流程反应) as their own process: `tsx services/reactions/src/main.ts`.
// Same environment as every service (DATA_DIR, EVENT_STORE, …); /health and /ready on PORT.
import { runServiceProcess } from '@zz/config';
import { IntakeService, loadRiskPolicy } from '@zz/intake';
import { MediationService } from '@zz/mediation';
import { startReactions } from './reactor.js';

await runServiceProcess('跨流程反应 / cross-flow reactions', async (app, { env, store, keys, regions, onClose }) => {
  const now = () => new Date();
  const intake = new IntakeService({ store, vault: keys, regions, riskPolicy: loadRiskPolicy(env.RISK_POLICY_FILE), now });
  const mediation = new MediationService({ store, vault: keys, disputes: intake, now });
  const reactions = startReactions({ store, dataDir: env.DATA_DIR, intake, mediation, now, log: app.log });
  // Ready once caught up with the log (not while replaying history), and not after stopping.
  app.addReadinessCheck('reactions', () => reactions.readiness());
  // A reactor that stopped on an error must not look alive: end the process so it is restarted
  // (it resumes from its checkpoint; replayed commands append nothing).
  reactions.done.catch(() => {
    process.exitCode = 1;
    void app.close();
  });
  onClose(() => reactions.stop());
});
