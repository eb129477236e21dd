import path from 'node:path';
import type { PersonalDataVault, RegionDirectory } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import type { FastifyPluginAsyncZod } from '@zz/http';
import { createEarlyWarnings, type EarlyWarnings } from '../early-warnings/index.js';
import type { WarningThresholds } from '../early-warnings/thresholds.js';
import type { TierViews } from '../tier-views/index.js';
import { boardRoutes } from './board-routes.js';
import { LiveHub } from './live/hub.js';
import { liveRoutes } from './live-routes.js';
import { staticRoutes } from './static-routes.js';

export interface CommandCenterOptions {
  store: EventStore;
  views: TierViews;
  vault: PersonalDataVault;
  regions: RegionDirectory;
  /** Where warnings.db lives (DATA_DIR), unless `warnings` is given. */
  dataDir?: string;
  warnings?: EarlyWarnings;
  thresholds?: Partial<WarningThresholds>;
  now?: () => Date;
}

/** What the plugin runs, for tests and the bench (commandCenterOf(app)). */
export interface CommandCenter {
  hub: LiveHub;
  warnings: EarlyWarnings;
}
const running = new WeakMap<object, CommandCenter>();
/** The hub and warnings the plugin started on `app` (any instance sharing its server). */
export function commandCenterOf(app: { server: object }): CommandCenter | undefined {
  return running.get(app.server);
}

/**
 * The web app (`/`), its live push (`GET /api/live`), the early-warning view and the boards'
 * read routes (sign-in lives with the accounts, @zz/config). Mount once in a runtime:
 * `await app.register(commandCenterRoutes, { store, views, vault, regions, dataDir, now })`.
 */
export const commandCenterRoutes: FastifyPluginAsyncZod<CommandCenterOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  const regionList = opts.regions.all();
  const ownsWarnings = !opts.warnings;
  if (!opts.warnings && !opts.dataDir) throw new Error('commandCenterRoutes: dataDir or warnings is required');
  const warnings =
    opts.warnings ??
    createEarlyWarnings({
      store: opts.store,
      dbPath: path.join(opts.dataDir!, 'warnings.db'),
      regions: regionList,
      ...(opts.thresholds ? { thresholds: opts.thresholds } : {}),
      onError: (err) => app.log.error({ err }, 'early warnings stopped'),
    });
  const hub = new LiveHub({
    store: opts.store,
    regions: opts.regions,
    // Cases the hub hasn't seen since start: the tier views know where they are now, else the warnings view.
    lookup: (caseCode) => {
      const c = opts.views.getCaseByCode(caseCode);
      return c ? { areaCode: c.areaCode, handlingCenter: c.handlingCenter } : warnings.scopeOf(caseCode);
    },
    onError: (err) => app.log.error({ err }, 'live hub stopped'),
  });
  await hub.start();
  running.set(app.server, { hub, warnings });

  let caughtUp = false;
  void warnings.projection.caughtUp.then(() => (caughtUp = true));
  app.addReadinessCheck('early-warnings', () => ({ ok: caughtUp, detail: `position ${warnings.projection.position()}` }));
  // Open streams would hold the server's close forever: end them first (clients resume elsewhere).
  app.addHook('preClose', async () => hub.dropAll());
  app.addHook('onClose', async () => {
    await hub.close();
    if (ownsWarnings) await warnings.close();
  });

  await staticRoutes(app);
  liveRoutes(app, hub);
  await app.register(boardRoutes, { warnings, views: opts.views, regions: opts.regions, now });
};
