import { mkdirSync } from 'node:fs';
import { RegionDirectory, type Region } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { createHttpApp, startHttpServer, type HttpApp } from '@zz/http';
import type { KeyStore } from '@zz/keystore';
import { loadRegions, openEventStore, openKeys, processEnvOrExit, type ProcessEnv } from './process-env.js';

export interface ServiceContext {
  env: ProcessEnv;
  store: EventStore;
  keys: KeyStore;
  regionList: Region[];
  regions: RegionDirectory;
  /** Register cleanup that runs when the process shuts down, before the store and keys close. */
  onClose(fn: () => Promise<void> | void): void;
}

/**
 * One service or projection as its own process (the distributed runtime): parse the environment,
 * open the store and key store, mount the routes, listen, and close everything on SIGTERM/SIGINT.
 */
export async function runServiceProcess(title: string, mount: (app: HttpApp, ctx: ServiceContext) => Promise<void>): Promise<void> {
  const env = processEnvOrExit();
  mkdirSync(env.DATA_DIR, { recursive: true });
  const regionList = loadRegions(env);
  const store = await openEventStore(env);
  const keys = await openKeys(env);
  const app = await createHttpApp({ jwtSecret: env.JWT_SECRET, logger: { level: env.LOG_LEVEL }, openapi: { title, version: '0.1.0' } });
  const closers: (() => Promise<void> | void)[] = [];
  await mount(app, { env, store, keys, regionList, regions: new RegionDirectory(regionList), onClose: (fn) => closers.push(fn) });
  app.addHook('onClose', async () => {
    for (const close of closers.reverse()) await close();
    await store.close();
    keys.close();
  });
  const { address } = await startHttpServer(app, { port: env.PORT, host: env.HOST });
  app.log.info({ address, eventStore: env.EVENT_STORE }, `${title} listening`);
}
