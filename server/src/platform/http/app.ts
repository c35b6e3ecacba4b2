import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Cache, Count, Counter } from '../cache/cache.ts';
import type { Config } from '../config/config.ts';
import { hasPermission, type RequestContext } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import type { Logger } from '../observability/log.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { TokenService } from './auth.ts';
import { installErrorHandlers } from './problem.ts';
import type { Revocations } from './revocations.ts';
import { SECURITY_HEADERS } from './security-headers.ts';
import { rejectUnstorableText } from './text-guard.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `resource:action` the caller needs; every route declares this or `public`. */
    permission?: string;
    public?: boolean;
  }
  interface FastifyRequest {
    ctx: RequestContext;
  }
  interface FastifyInstance {
    /** Every route with its access rule, for the permission and tenant-isolation walks. */
    routeCatalog: RouteInfo[];
  }
}

export type RouteInfo = { method: string; url: string; permission?: string; public: boolean };

/** The largest file any upload route accepts (spreadsheets, seed 004: 10 MB). */
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type HttpOptions = {
  config: Pick<
    Config,
    | 'BODY_LIMIT_BYTES'
    | 'REDIS_KEY_PREFIX'
    | 'CORS_ORIGINS'
    | 'RATE_LIMIT_MAX'
    | 'RATE_LIMIT_WINDOW_MS'
    | 'TENANT_RATE_LIMIT_MAX'
    | 'NODE_ENV'
    | 'TRUST_PROXY'
  >;
  log: Logger;
  metrics: Metrics;
  tokens: TokenService;
  /** Refuses access tokens revoked before they expire (logout, reuse, password change). */
  revocations?: Pick<Revocations, 'isRevoked' | 'clearWhen'>;
  version: string;
  redis?: Redis;
  /** Counts requests per tenant and per user across every replica (Redis) or in this process. */
  counter?: Pick<Cache, 'countUp' | 'countUpIfAll'>;
};

/** Routes owned by plugins: the documentation UI and CORS preflight answer anyone, with no data. */
const isFrameworkRoute = (method: string | string[], url: string) =>
  url.startsWith('/api/docs') || (method === 'OPTIONS' && url === '*');

const bearer = (header: string | undefined) => {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
};

/**
 * Browsers cannot set headers on a WebSocket, so its token rides in the subprotocol list as
 * `bearer.<token>` (never in the address, which proxies log); only upgrade requests look there.
 */
const websocketBearer = (req: { headers: Record<string, string | string[] | undefined> }) => {
  if (String(req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return undefined;
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',');
  return (
    protocols
      .map((x) => x.trim())
      .find((x) => x.startsWith('bearer.'))
      ?.slice('bearer.'.length) || undefined
  );
};

/**
 * Fastify takes addresses as they are but refuses a bare hop count (it cannot tell a proxy
 * from a client that reaches the app directly); a configured count means the operator
 * vouches that only their proxies can, so it becomes the equivalent function.
 */
/** "1 second", "45 seconds", "2 minutes": how long until a limit's window ends. */
const retryIn = (seconds: number) => {
  const [n, unit] = seconds < 60 ? [seconds, 'second'] : [Math.round(seconds / 60), 'minute'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
};

const trustedProxies = (tp: Config['TRUST_PROXY']) =>
  typeof tp === 'number' ? (_address: string, hop: number) => hop < tp : tp;

export const createHttpApp = async (o: HttpOptions): Promise<App> => {
  const app = Fastify({
    loggerInstance: o.log,
    bodyLimit: o.config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Only the configured proxies may name the client; anyone else's X-Forwarded-For is ignored.
    trustProxy: trustedProxies(o.config.TRUST_PROXY),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('ctx', undefined as unknown as RequestContext);
  installErrorHandlers(app);

  // A route that forgets to say who may call it must stop the app from starting.
  const catalog: RouteInfo[] = [];
  app.decorate('routeCatalog', catalog);
  app.addHook('onRoute', (route) => {
    if (isFrameworkRoute(route.method, route.url)) return;
    const cfg = route.config as { permission?: string; public?: boolean } | undefined;
    if (!cfg?.public && !cfg?.permission) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares neither a permission nor public: true`,
      );
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        catalog.push({ method, url: route.url, permission: cfg.permission, public: cfg.public === true });
    }
  });

  const securityHeaders = Object.entries(SECURITY_HEADERS);
  // Signed-in requests whose own budget the auth hook counted; the plugin counts the rest.
  const countedHere = new WeakSet<FastifyRequest>();

  /** Who is calling, may they, and is their organisation within its budget; throws if not. */
  const authenticate = async (req: FastifyRequest, reply: FastifyReply, permission: string | undefined) => {
    const token = bearer(req.headers.authorization) ?? websocketBearer(req);
    if (!token)
      throw new DomainError('platform.unauthenticated', {
        detail: 'Send an access token as "Authorization: Bearer <token>".',
      });
    req.ctx = await o.tokens.verify(token);
    const ctx = req.ctx;
    const info = ctx.token ? { userId: ctx.userId, ...ctx.token } : undefined;
    const revoked = () =>
      new DomainError('platform.unauthenticated', { detail: 'The access token has been revoked.' });
    // Two budgets: the organisation's, shared by all its users so one tenant cannot starve the
    // others, then the caller's own (routes with a limit of their own leave the caller's to the
    // rate-limit plugin). Only requests that pass the revocation and permission checks count.
    const windowS = Math.ceil(o.config.RATE_LIMIT_WINDOW_MS / 1000);
    const tenantMax = o.config.TENANT_RATE_LIMIT_MAX;
    const counters: Counter[] = [];
    if (o.counter && tenantMax > 0) {
      const slot = Math.floor(Date.now() / 1000 / windowS);
      counters.push({ key: `rl:tenant:${ctx.tenantId}:${slot}`, windowMs: windowS * 1000, max: tenantMax });
    }
    const own = o.counter !== undefined && req.routeOptions.config.rateLimit === undefined;
    if (own)
      counters.push({
        key: `rl:user:${ctx.tenantId}:${ctx.userId}`,
        windowMs: o.config.RATE_LIMIT_WINDOW_MS,
        max: o.config.RATE_LIMIT_MAX,
      });
    const permitted = !permission || hasPermission(ctx.permissions, permission);
    // The common case in one round trip: the cache says nothing of this user or session was
    // ever revoked, and the budgets are counted in the same command. Anything else (a
    // revocation on record, an entry not cached, a refused permission) takes the checks in turn.
    let counts: Count[] | undefined;
    let counted = false;
    if (permitted && o.counter && info && o.revocations && counters.length > 0) {
      const clear = o.revocations.clearWhen(info);
      const r = await o.counter.countUpIfAll(counters, clear.keys, clear.value);
      if (r?.counted) {
        counts = r.counts;
        counted = true;
      }
    }
    if (!counted && o.revocations && info && (await o.revocations.isRevoked(info))) throw revoked();
    if (!permitted)
      throw new DomainError('platform.forbidden', { detail: `This needs the ${permission} permission.` });
    if (!o.counter || counters.length === 0) return;
    if (own) countedHere.add(req);
    if (!counted) counts = await o.counter.countUp(counters);
    // A store that is down limits nobody, as the rate-limit plugin does (skipOnError).
    if (!counts) return;
    const tenant = tenantMax > 0 ? counts[0] : undefined;
    if (tenant && tenant.count > tenantMax) {
      reply.header('retry-after', String(windowS - (Math.floor(Date.now() / 1000) % windowS)));
      throw new DomainError('platform.rate_limited', {
        detail: 'Your organisation sent too many requests; retry shortly.',
      });
    }
    const user = own ? counts[counters.length - 1] : undefined;
    if (!user) return;
    const max = o.config.RATE_LIMIT_MAX;
    const resetS = Math.ceil(user.ttlMs / 1000);
    reply.header('x-ratelimit-limit', String(max));
    reply.header('x-ratelimit-remaining', String(Math.max(0, max - user.count)));
    reply.header('x-ratelimit-reset', String(resetS));
    if (user.count > max) {
      reply.header('retry-after', String(resetS));
      throw new DomainError('platform.rate_limited', {
        detail: `Too many requests; retry in ${retryIn(resetS)}.`,
      });
    }
  };

  // One hook for every request: its id, the security headers, and for protected routes the
  // caller. Public routes finish it synchronously, with no promise to settle.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    // On the raw response, as Helmet did, so streams that write their own head keep them too.
    for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
    const url = req.routeOptions.url;
    const cfg = req.routeOptions.config;
    if (url === undefined || cfg.public || isFrameworkRoute(req.method, url)) return done();
    authenticate(req, reply, cfg.permission).then(() => done(), done);
  });

  app.addHook('preValidation', rejectUnstorableText);

  // Responses finishing during shutdown close their connection, so a keep-alive socket
  // does not hold the process open until its idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  // The histogram's series per method, route and status, looked up once each: building the
  // label key anew for every response costs more than the observation itself.
  const series = new Map<string, { observe: (v: number) => void }>();
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const key = `${req.method} ${route} ${reply.statusCode}`;
    let s = series.get(key);
    if (!s) {
      s = o.metrics.httpDuration.labels(req.method, route, String(reply.statusCode));
      series.set(key, s);
    }
    s.observe(reply.elapsedTime / 1000);
    done();
  });

  if (o.config.CORS_ORIGINS.length > 0) {
    await app.register(cors, {
      origin: o.config.CORS_ORIGINS,
      credentials: true,
      exposedHeaders: ['x-request-id', 'retry-after'],
    });
  }
  await app.register(rateLimit, {
    global: true,
    max: o.config.RATE_LIMIT_MAX,
    timeWindow: o.config.RATE_LIMIT_WINDOW_MS,
    ...(o.redis ? { redis: o.redis, nameSpace: `${o.config.REDIS_KEY_PREFIX}rl:`, skipOnError: true } : {}),
    // Anonymous callers are limited per IP. Signed-in ones are limited per user: by the auth
    // hook in the round trip that counts their organisation, or here on routes with a limit of
    // their own (the auth hook ran first).
    keyGenerator: (req) => (req.ctx ? `u:${req.ctx.tenantId}:${req.ctx.userId}` : `ip:${req.ip}`),
    allowList: (req) =>
      countedHere.has(req) || ['/api/health', '/api/ready', '/metrics'].includes(req.url.split('?')[0] ?? ''),
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(
        new DomainError('platform.rate_limited', { detail: `Too many requests; retry in ${ctx.after}.` }),
        {
          statusCode: 429,
        },
      ),
  });

  // OAuth2 token requests are form-encoded (RFC 6749 §4.4).
  await app.register(formbody);
  // Spreadsheet uploads: one file per request, its size checked while it streams in.
  await app.register(multipart, {
    limits: { files: 1, fields: 10, fieldSize: 4096, parts: 12, fileSize: UPLOAD_LIMIT_BYTES },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Flujo API',
        version: o.version,
        description:
          'Demand-driven inventory: DDMRP planning, stock ledger, orders, integrations, analytics.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  return app;
};
