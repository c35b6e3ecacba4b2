import { z } from 'zod';
import type { Platform } from '../platform.ts';
import type { App } from './app.ts';

const DependencyStatus = z.enum(['connected', 'degraded', 'down', 'disabled']);

export const Health = z.object({
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  timestamp: z.string(),
  uptime: z.number().describe('seconds since this process started'),
  version: z.string(),
  mode: z.enum(['embedded', 'production']),
  services: z.object({
    database: DependencyStatus,
    cache: DependencyStatus,
    events: DependencyStatus,
    jobs: DependencyStatus,
  }),
  memory: z.object({
    used: z.string(),
    total: z.string(),
    heap_used_bytes: z.number(),
    rss_bytes: z.number(),
  }),
});

const mb = (n: number) => `${Math.round(n / 1024 / 1024)}MB`;

/**
 * The process's memory, read at most once per `freshMs`: the resident size comes from the
 * operating system (a file read on Linux), and probes may ask many times a second.
 */
export const memorySampler = (freshMs = 1000, read = () => process.memoryUsage()) => {
  let last: { at: number; usage: NodeJS.MemoryUsage } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= freshMs) last = { at: now, usage: read() };
    return last.usage;
  };
};

/** Liveness with dependency status (seed 004), readiness, and Prometheus metrics. */
/** Probes and scrapes are never rate limited: the plugin adds no hook to their routes at all. */
const probe = { rateLimit: false } as const;

export const systemRoutes = (app: App, p: Platform, opts: { jobsInThisProcess: boolean }) => {
  const memory = memorySampler();
  app.get(
    '/api/health',
    {
      config: { public: true, ...probe },
      schema: {
        tags: ['system'],
        summary: 'Liveness and dependency status',
        response: { 200: Health, 503: Health },
      },
    },
    async (_req, reply) => {
      const database = (await p.database.ping()) ? 'connected' : 'down';
      const cache = p.config.REDIS_URL ? p.cache.status() : 'connected';
      const events = p.bus.status();
      const jobs = opts.jobsInThisProcess ? p.jobs.status() : 'disabled';
      const services = { database, cache, events, jobs } as const;
      const status =
        database === 'down'
          ? 'unhealthy'
          : Object.values(services).some((s) => s !== 'connected' && s !== 'disabled')
            ? 'degraded'
            : 'healthy';
      const mem = memory();
      return reply.code(status === 'unhealthy' ? 503 : 200).send({
        status,
        timestamp: new Date().toISOString(),
        uptime: Math.round((Date.now() - p.startedAt.getTime()) / 1000),
        version: p.version,
        mode: p.database.mode,
        services,
        memory: {
          used: mb(mem.heapUsed),
          total: mb(mem.heapTotal),
          heap_used_bytes: mem.heapUsed,
          rss_bytes: mem.rss,
        },
      });
    },
  );

  app.get(
    '/api/ready',
    {
      config: { public: true, ...probe },
      schema: {
        tags: ['system'],
        summary: 'Readiness: accepting traffic',
        response: {
          200: z.object({ ready: z.literal(true) }),
          503: z.object({ ready: z.literal(false), reason: z.string() }),
        },
      },
    },
    async (_req, reply) => {
      if (p.lifecycle.shuttingDown) return reply.code(503).send({ ready: false, reason: 'shutting down' });
      if (!p.lifecycle.ready) return reply.code(503).send({ ready: false, reason: 'starting' });
      if (!(await p.database.ping()))
        return reply.code(503).send({ ready: false, reason: 'database unreachable' });
      return { ready: true as const };
    },
  );

  app.get('/metrics', { config: { public: true, ...probe }, schema: { hide: true } }, async (_req, reply) => {
    reply.type(p.metrics.registry.contentType);
    return p.metrics.registry.metrics();
  });
};
