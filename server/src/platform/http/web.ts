import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from './app.ts';

export const defaultWebDist = path.resolve(import.meta.dirname, '../../../../web/dist');

/**
 * Serves the built web app at `/` with an SPA fallback: a deep link such as /planning
 * returns index.html, while unknown /api paths stay problem+json 404s.
 */
export const webRoutes = async (app: App, distDir: string) => {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn({ distDir }, 'web app not built; run `npm run build -w web`');
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/plain')
        .send(
          'Flujo API is running. The web app is not built: run `npm run build -w web`. API docs: /api/docs',
        ),
    );
    return;
  }
  await app.register(fastifyStatic, { root: distDir, serve: false });
  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || url === '/metrics') {
      return reply.callNotFound();
    }
    const rel = path.normalize(decodeURIComponent(url)).replace(/^(\.\.[/\\])+/, '');
    const file = path.join(distDir, rel);
    if (rel !== '/' && file.startsWith(distDir) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      // Vite fingerprints assets, so they can be cached for good; index.html never is.
      return rel.startsWith('/assets/')
        ? reply.sendFile(rel.slice(1), { maxAge: '365d', immutable: true })
        : reply.sendFile(rel.slice(1));
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  });
};
