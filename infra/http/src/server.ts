import closeWithGrace from 'close-with-grace';
import type { HttpApp } from './app.js';

/**
 * Listens and closes gracefully on SIGTERM/SIGINT or a crash: stop accepting, finish in-flight
 * requests, run onClose hooks (close stores, flush), then exit. For each process's main.ts.
 */
export async function startHttpServer(
  app: HttpApp,
  opts: {
    port: number;
    host: string;
    graceMs?: number;
    /** What a signal stops (default: the app). A runtime passes its own close, which closes the app first. */
    close?: () => Promise<void>;
  },
): Promise<{ address: string; stop: () => void }> {
  const grace = closeWithGrace({ delay: opts.graceMs ?? 10_000, logger: false }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, 'shutting down after an uncaught error');
    else app.log.info({ signal }, 'shutting down');
    await (opts.close ? opts.close() : app.close());
  });
  app.addHook('onClose', async () => grace.uninstall());
  const address = await app.listen({ port: opts.port, host: opts.host });
  return { address, stop: grace.close };
}
