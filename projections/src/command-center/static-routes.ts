import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The web app as Vite built it (web/dist): `npm start` and the test harness build it when stale (web/build-if-stale.mjs). */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};
/** Same-origin scripts only; Element Plus and ECharts set inline styles. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";
/** Vite's hashed file names change with their content: cache them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function send(reply: FastifyReply, file: string, cache: string) {
  return reply
    .header('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream')
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', cache)
    .send(fs.createReadStream(file));
}

/** Serves the web app: `/` is the single page (no-cache), `/assets/*` its hashed files (immutable). */
export async function staticRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { schema: { hide: true } }, (_request, reply) => {
    const index = path.join(WEB_DIST, 'index.html');
    if (!fs.existsSync(index)) {
      return reply
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('网页应用尚未构建：运行 npm start 或 npm run build -w web / the web app is not built yet: run npm start or npm run build -w web');
    }
    return send(reply, index, 'no-cache');
  });
  app.get('/assets/:file', { schema: { hide: true } }, (request, reply) => {
    const name = (request.params as { file: string }).file;
    // One flat folder of Vite's own files: no path may climb out of it.
    const file = path.join(WEB_DIST, 'assets', path.basename(name));
    if (name !== path.basename(name) || !fs.existsSync(file)) return reply.code(404).send({ error: 'not_found', message: '文件不存在 / no such file' });
    return send(reply, file, IMMUTABLE);
  });
}
