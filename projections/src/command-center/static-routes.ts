import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
/** Same-origin scripts only; ECharts sets inline styles on its canvas containers. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The files the browser may load: the web folder's own files (read once) and ECharts from node_modules. */
function assets(): Map<string, { file: string; type: string }> {
  const out = new Map<string, { file: string; type: string }>();
  for (const name of fs.readdirSync(WEB_DIR)) {
    const type = TYPES[path.extname(name)];
    if (type) out.set(`/app/${name}`, { file: path.join(WEB_DIR, name), type });
  }
  const require = createRequire(import.meta.url);
  const echarts = path.join(path.dirname(require.resolve('echarts/package.json')), 'dist', 'echarts.min.js');
  out.set('/vendor/echarts.min.js', { file: echarts, type: TYPES['.js']! });
  return out;
}

/** Serves the web app: `/` is the single page, `/app/*` its modules, `/vendor/*` third-party scripts. No build step. */
export async function staticRoutes(app: FastifyInstance): Promise<void> {
  const files = assets();
  const index = path.join(WEB_DIR, 'index.html');
  const send = (reply: import('fastify').FastifyReply, file: string, type: string) =>
    reply
      .header('content-type', type)
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .send(fs.createReadStream(file));

  app.get('/', { schema: { hide: true } }, (_request, reply) => send(reply, index, TYPES['.html']!));
  app.get('/app/:file', { schema: { hide: true } }, (request, reply) => {
    const hit = files.get(request.url.split('?')[0]!);
    if (!hit) return reply.code(404).send({ error: 'not_found', message: '文件不存在 / no such file' });
    return send(reply, hit.file, hit.type);
  });
  app.get('/vendor/:file', { schema: { hide: true } }, (request, reply) => {
    const hit = files.get(request.url.split('?')[0]!);
    if (!hit) return reply.code(404).send({ error: 'not_found', message: '文件不存在 / no such file' });
    return send(reply.header('cache-control', 'public, max-age=86400'), hit.file, hit.type);
  });
}
