import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RegionDirectory } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { createHttpApp, expirySeconds, type HttpApp } from '@zz/http';
import { CaseCodeAllocator, channelRoutes, erasureRoutes, IntakeService, intakeRoutes, loadChannelClients, loadRiskPolicy } from '@zz/intake';
import { MediationService, mediationRoutes } from '@zz/mediation';
import { PetitionIndex, PetitionService, petitionRoutes } from '@zz/petition';
import { ReferralService, referralRoutes } from '@zz/referral';
import { startReactions, type RunningReactions } from '@zz/reactions';
import type { KeyStore } from '@zz/keystore';
import { centerRoutes, commandCenterRoutes, createFlowViews, createTierViews, flowRoutes, type FlowViews, type TierViews } from '@zz/projections';
import { deadlineRoutes, loadDeadlinePolicy, loadHolidayCalendar, startDeadlineWatcher, type DeadlineWatcher } from '@zz/deadlines';
import type { DestinationStream } from 'pino';
import { loadRegions, mountAccounts, openEventStore, openKeys, type AccountService, type ProcessEnv, type RunMode } from '@zz/config';
import type { DemoClock } from './demo-clock.js';
import { demoClockRoutes } from './demo-clock-routes.js';

export interface EmbeddedRuntime {
  app: HttpApp;
  store: EventStore;
  keys: KeyStore;
  views: TierViews;
  flowViews: FlowViews;
  reactions: RunningReactions;
  deadlines: DeadlineWatcher;
  regions: RegionDirectory;
  accounts: AccountService;
  mode: RunMode;
  /** Stops the HTTP app, the projections and closes every file. */
  close(): Promise<void>;
}

/**
 * Every service and projection in one process on one port (the embedded runtime): the event store,
 * the key store and the views live under DATA_DIR as three SQLite files.
 */
export interface EmbeddedRuntimeOptions {
  logStream?: DestinationStream;
  now?: () => Date;
  /** false: the watcher ticks only when asked (tests with a hand-moved clock). */
  deadlineTicks?: boolean;
  /** demo (npm start): the demo sign-in and users; production (default): accounts only. */
  mode?: RunMode;
  /** Demo mode: every service runs on this clock, and admins may move it (/api/demo/clock). */
  demoClock?: DemoClock;
}

export async function createEmbeddedRuntime(env: ProcessEnv, opts: EmbeddedRuntimeOptions = {}): Promise<EmbeddedRuntime> {
  const mode = opts.mode ?? 'production';
  mkdirSync(env.DATA_DIR, { recursive: true });
  const now = opts.demoClock?.now ?? opts.now ?? (() => new Date());
  const regionList = loadRegions(env);
  const regions = new RegionDirectory(regionList);
  const store = await openEventStore(env);
  const keys = await openKeys(env);
  const app = await createHttpApp({
    jwtSecret: env.JWT_SECRET,
    logger: { level: env.LOG_LEVEL },
    ...(opts.logStream ? { logStream: opts.logStream } : {}),
    tokenPolicy: { maxLifetimeSeconds: expirySeconds(env.TOKEN_MAX_LIFETIME), skewSeconds: 60 },
    regions: (code) => regions.get(code),
  });
  const accounts = await mountAccounts(app, { env, store, vault: keys, regions, mode });
  const views = createTierViews({ store, dbPath: join(env.DATA_DIR, 'views.db'), regions: regionList, onError: (err) => app.log.error({ err }, 'tier views stopped') });
  const flowViews = createFlowViews({ store, dataDir: env.DATA_DIR, regions: regionList, onError: (err) => app.log.error({ err }, 'flow views stopped') });

  // One case-code allocator for every flow that numbers cases (disputes and petitions share counters).
  const caseCodes = new CaseCodeAllocator(store);
  const intake = new IntakeService({ store, vault: keys, regions, riskPolicy: loadRiskPolicy(env.RISK_POLICY_FILE), now, caseCodes });
  const petitionIndex = PetitionIndex.open({ store, path: join(env.DATA_DIR, 'petition-index.db') });
  await app.register(intakeRoutes, { service: intake, vault: keys, regions });
  if (env.INTAKE_CHANNELS_FILE) await app.register(channelRoutes, { service: intake, regions, clients: loadChannelClients(env.INTAKE_CHANNELS_FILE, process.env), now });
  const mediation = new MediationService({ store, vault: keys, disputes: intake, now });
  await app.register(mediationRoutes, { service: mediation, vault: keys, regions });
  await app.register(referralRoutes, { service: new ReferralService({ store, vault: keys, disputes: intake, now }), vault: keys, regions });
  await app.register(petitionRoutes, { service: new PetitionService({ store, vault: keys, regions, index: petitionIndex, now, caseCodes }), vault: keys, regions });
  await app.register(erasureRoutes, { vault: keys, store, regions });
  await app.register(centerRoutes, { views, vault: keys, regions, now });
  await app.register(flowRoutes, { views: flowViews, vault: keys, regions, now });
  await app.register(commandCenterRoutes, { store, views, vault: keys, regions, now, dataDir: env.DATA_DIR });

  // Cross-flow reactions (process managers): routing to mediation opens the file, outcomes update the dispute, …
  const reactions = startReactions({ store, dataDir: env.DATA_DIR, intake, mediation, now, log: app.log, onError: (err) => app.log.error({ err }, 'reactions stopped') });
  // Statutory deadline clocks: appends DeadlineApproaching / DeadlineMissed exactly once per clock.
  const deadlines = startDeadlineWatcher({
    store,
    dataDir: env.DATA_DIR,
    policy: loadDeadlinePolicy(env.DEADLINE_POLICY_FILE),
    calendar: loadHolidayCalendar(env.HOLIDAYS_FILE),
    now,
    ...(opts.deadlineTicks === false ? {} : { intervalMs: env.DEADLINE_TICK_MS }),
    onError: (err) => app.log.error({ err }, 'deadline tick failed'),
  });
  await app.register(deadlineRoutes, { watcher: deadlines, regions });
  if (opts.demoClock) await app.register(demoClockRoutes, { clock: opts.demoClock, store, deadlines });
  // /ready waits for every consumer this process runs, not only the views: until the watcher, the
  // reactions and the petition index have caught up they are still replaying history (and serving
  // from a stale state: clocks, repeat detection), and whatever is measured or served meanwhile pays for it.
  app.addReadinessCheck('deadlines', () => deadlines.readiness());
  app.addReadinessCheck('reactions', () => reactions.readiness());
  app.addReadinessCheck('petition-index', () => petitionIndex.readiness());

  return {
    app,
    accounts,
    mode,
    reactions,
    deadlines,
    flowViews,
    store,
    keys,
    views,
    regions,
    async close() {
      await app.close();
      await deadlines.close();
      await reactions.stop();
      await flowViews.close();
      await views.close();
      await petitionIndex.close();
      await store.close();
      keys.close();
    },
  };
}
