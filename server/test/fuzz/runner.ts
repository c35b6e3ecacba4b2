import type { App } from '../../src/platform/http/app.ts';
import { mutate } from './mutations.ts';
import type { Operation, Schema } from './openapi.ts';
import { collect, idNameOf } from './pools.ts';
import { type FuzzRequest, payloadOf, summary, urlOf } from './request.ts';
import { bodySlots, type Slot } from './slots.ts';
import { type Pools, randomUuid, type SampleContext, sample } from './values.ts';

export type Failure = { key: string; status: number | 'stall' | 'health'; what: string; request: string };

export type FuzzSettings = { rounds: number; requestTimeoutMs: number };

export const HEALTH_LIMIT_MS = 1000;

export type Target = {
  app: App;
  adminToken: () => string;
  pools: Pools;
  foreign: Pools;
  resolve: (s: Schema) => Schema;
  /** Path parameters that must not take a value from the pools (the fuzzing admin, the own tenant). */
  fixed: Record<string, string>;
};

export type Stats = {
  requests: number;
  slowest: { ms: number; what: string }[];
  /** Operations whose valid request was refused: their mutations test validation only. */
  refusedValid: string[];
};

const withTimeout = async <T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

const pathParamValue = (op: Operation, name: string, schema: Schema, t: Target, c: SampleContext) => {
  const fixed = t.fixed[`${op.path}:${name}`] ?? t.fixed[name];
  if (fixed) return fixed;
  const segments = op.path.split('/');
  const before = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
  const pool =
    name === 'id'
      ? (t.pools.get(`list:${before}`) ?? t.pools.get(idNameOf(before)))
      : t.pools.get(`list:${before}`) && name === `${before}_id`
        ? undefined
        : t.pools.get(name);
  if (pool?.length) return c.rng.pick(pool);
  return schema.format === 'uuid' || name.endsWith('id') ? randomUuid(c.rng) : sample(schema, name, c);
};

/** A forecast CSV with real SKUs and locations, so the valid import gets past parsing. */
const csvRows = (c: SampleContext) => [
  ['sku', 'location', 'start_date', 'end_date', 'quantity'],
  ...Array.from({ length: c.rng.int(1, 3) }, (_v, i) => [
    c.rng.pick(c.pools.get('sku') ?? ['FZ-1']),
    c.rng.pick(c.pools.get('store_id') ?? ['CEDIS-MAD']),
    `2027-0${i + 1}-01`,
    `2027-0${i + 1}-28`,
    String(c.rng.int(1, 500)),
  ]),
];

/** The valid-ish request for an operation, and the places a mutation can write to. */
export const baseRequest = (op: Operation, t: Target, c: SampleContext) => {
  const slots: Slot[] = [];
  const req: FuzzRequest = {
    method: op.method,
    path: op.path,
    pathParams: {},
    query: {},
    contentType: op.body
      ? op.body.contentType.includes('*')
        ? 'application/json'
        : op.body.contentType
      : null,
    auth: 'admin',
  };
  for (const p of op.params) {
    const schema = t.resolve(p.schema);
    if (p.in === 'path') {
      req.pathParams[p.name] = pathParamValue(op, p.name, schema, t, c);
      slots.push({ where: 'path', path: [p.name], name: p.name, schema, required: true });
    } else if (p.in === 'query') {
      if (p.required || c.rng.chance(0.4)) req.query[p.name] = sample(schema, p.name, c);
      slots.push({ where: 'query', path: [p.name], name: p.name, schema, required: p.required });
    }
  }
  if (op.body) {
    if (op.body.contentType === 'text/csv') {
      const rows = csvRows(c);
      req.body = rows;
      const row = rows.length > 1 ? 1 : 0;
      ['sku', 'location', 'start_date', 'end_date', 'quantity'].forEach((name, col) => {
        slots.push({ where: 'body', path: [row, col], name, schema: { type: 'string' }, required: true });
      });
    } else {
      req.body = sample(op.body.schema, 'body', c);
      slots.push(...bodySlots(op.body.schema, t.resolve));
    }
  }
  return { req, slots };
};

const headersOf = (r: FuzzRequest, t: Target, n: number) => {
  const h: Record<string, string> = {
    // Each request from its own address: the per-IP limits of public routes stay out of the way.
    'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
  };
  if (r.auth === 'admin') h.authorization = `Bearer ${t.adminToken()}`;
  if (r.auth === 'garbage') h.authorization = 'Bearer not.a.jwt\u00ff';
  if (r.contentType && payloadOf(r) !== undefined) h['content-type'] = r.contentType;
  if (r.method !== 'GET') h['idempotency-key'] = `fuzz-${n}`;
  return { ...h, ...r.headers };
};

/** Sends every case of one operation; returns the failures (5xx, stalls, a slow health check). */
export const fuzzOperation = async (
  op: Operation,
  t: Target,
  c: SampleContext,
  settings: FuzzSettings,
  stats: Stats,
): Promise<Failure[]> => {
  const failures: Failure[] = [];
  const jsonBody = Boolean(op.body?.contentType.includes('json'));
  for (let round = 0; round < settings.rounds; round++) {
    const { req, slots } = baseRequest(op, t, c);
    for (const k of mutate(req, slots, { rng: c.rng, foreign: t.foreign }, jsonBody)) {
      const key = `${op.method} ${op.path} ${k.kind}`;
      const n = ++stats.requests;
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      const res = await withTimeout(
        t.app.inject({
          method: k.req.method as 'GET',
          url: urlOf(k.req),
          headers: headersOf(k.req, t, n),
          ...(payloadOf(k.req) !== undefined ? { payload: payloadOf(k.req) } : {}),
        }),
        settings.requestTimeoutMs,
      ).catch((err: Error) => err);
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu0);
      const cpuMs = (used.user + used.system) / 1000;
      const request = `${summary(k.req)}  ‹${k.note}›`;
      stats.slowest.push({ ms, what: `${key}: ${urlOf(k.req).slice(0, 120)}` });
      stats.slowest.sort((a, b) => b.ms - a.ms).splice(5);
      if (res === 'timeout') {
        failures.push({
          key,
          status: 'stall',
          what: `no answer in ${settings.requestTimeoutMs} ms`,
          request,
        });
      } else if (ms > settings.requestTimeoutMs && cpuMs > settings.requestTimeoutMs / 4) {
        // The timer could not fire: something held the event loop (a synchronous embedded query).
        failures.push({
          key,
          status: 'stall',
          what: `answered only after ${Math.round(ms)} ms (${Math.round(cpuMs)} ms of CPU)`,
          request,
        });
      } else if (res instanceof Error) {
        failures.push({ key, status: 'stall', what: `the request failed: ${res.message}`, request });
      } else if (k.kind === 'valid' && res.statusCode >= 400) {
        stats.refusedValid.push(`${key} ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
      if (res !== 'timeout' && !(res instanceof Error) && res.statusCode >= 500) {
        const p = (() => {
          try {
            return res.json() as { code?: string; detail?: string };
          } catch {
            return { detail: res.body.slice(0, 200) };
          }
        })();
        failures.push({
          key,
          status: res.statusCode,
          what: `${p.code ?? ''} ${p.detail ?? ''}`.trim(),
          request,
        });
      }
      const health = await checkHealth(t.app);
      if (health.failed)
        failures.push({ key: `${key} → health`, status: 'health', what: health.what, request });
      if (res !== 'timeout' && !(res instanceof Error) && res.statusCode < 300 && k.kind === 'valid') {
        // What a valid create made becomes a path id for the operations after it.
        const collection =
          op.path
            .split('/')
            .filter((x) => x && !x.startsWith('{'))
            .pop() ?? '';
        if (res.body.startsWith('{')) collect(t.pools, collection, { data: [res.json()] }, new Set());
      }
    }
  }
  return failures;
};

/**
 * The health check after a request. On a loaded machine the test process itself may wait
 * for a core, so a slow answer counts only when the process was busy (CPU time), not when it
 * was merely descheduled: busy means the app's own work (a synchronous loop, an embedded
 * query) held the event loop.
 */
const checkHealth = async (app: App) => {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const res = await withTimeout(app.inject({ method: 'GET', url: '/api/health' }), 5000);
  const wall = performance.now() - wall0;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1000;
  if (res === 'timeout') return { failed: true, what: 'GET /api/health did not answer in 5 s' };
  const services = res.body.match(/"services":\{[^}]*\}/)?.[0] ?? '';
  if (res.statusCode !== 200)
    return { failed: true, what: `GET /api/health answered ${res.statusCode} ${services}` };
  if (wall > HEALTH_LIMIT_MS && cpu > HEALTH_LIMIT_MS / 2)
    return {
      failed: true,
      what: `GET /api/health took ${Math.round(wall)} ms (${Math.round(cpu)} ms of CPU) ${services}`,
    };
  return { failed: false, what: '' };
};

/** One line per route and mutation kind (the first example), so a broken route does not flood the list. */
export const report = (failures: Failure[]) => {
  const seen = new Map<string, Failure & { times: number }>();
  for (const f of failures) {
    const had = seen.get(f.key);
    if (had) had.times++;
    else seen.set(f.key, { ...f, times: 1 });
  }
  return [...seen.values()]
    .map((f) => `- ${f.key}: ${f.status} ${f.what}${f.times > 1 ? ` (×${f.times})` : ''}\n    ${f.request}`)
    .join('\n');
};
