// What the production-mode benchmarks share: a fresh PostgreSQL database per app (named
// flujo_bench_…, dropped on close), the real NATS and Redis, an organisation and a token.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { ensureTenant } from '../server/src/modules/identity/index.ts';
import { loadConfig } from '../server/src/platform/config/config.ts';
import { createLogger } from '../server/src/platform/observability/log.ts';
import type { Platform } from '../server/src/platform/platform.ts';
import { buildFlujo, type Flujo } from '../server/src/server.ts';

/** DATABASE_URL names the server (its database part is replaced); the defaults are local servers. */
export const servers = {
  database: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  nats: process.env.NATS_URL || 'nats://127.0.0.1:4222',
  redis: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
};

export const reachable = (url: string, defaultPort: number) =>
  new Promise<boolean>((resolve) => {
    const u = new URL(url);
    const s = net.connect({ host: u.hostname, port: Number(u.port || defaultPort) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });

export const productionReachable = async () =>
  (await reachable(servers.database, 5432)) &&
  (await reachable(servers.nats, 4222)) &&
  (await reachable(servers.redis, 6379));

export const databaseUrl = (name: string) => {
  const u = new URL(servers.database);
  u.pathname = `/${name}`;
  return u.toString();
};

const admin = async (statement: string) => {
  const c = new pg.Client({ connectionString: servers.database });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
};

export const createDatabase = (name: string) => admin(`create database ${name}`);
export const dropDatabase = (name: string) => admin(`drop database if exists ${name} with (force)`);

export const dropStreams = async (prefix: string) => {
  const nc = await connect({ servers: servers.nats });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const s of jsm.streams.list()) {
      if (s.config.name.startsWith(`${prefix.toUpperCase()}_`)) await jsm.streams.delete(s.config.name);
    }
  } finally {
    await nc.close();
  }
};

export type BenchApp = {
  flujo: Flujo;
  url: string;
  mode: 'embedded' | 'production';
  /** The fresh database (production mode). */
  database?: { name: string; url: string };
  tenantId: string;
  userId: string;
  token: string;
  headers: Record<string, string>;
  close: () => Promise<void>;
};

/**
 * The whole app (API, worker, scheduler) listening on a free port: production mode on a fresh
 * database with NATS and Redis, or embedded (in-memory database, in-process bus and cache).
 */
/** An Admin's access token of the tenant, signed as sign-in would, for a bench's own calls. */
export const adminToken = (p: Platform, t: { tenantId: string; adminUserId: string }, ttlS: number) =>
  p.tokens.sign(
    {
      tenantId: t.tenantId,
      userId: t.adminUserId,
      kind: 'user',
      roles: ['Admin'],
      permissions: ['*:*'],
      storeIds: null,
    },
    ttlS,
  );

export const startApp = async (
  o: { mode: 'embedded' | 'production'; env?: Record<string, string> } = { mode: 'production' },
): Promise<BenchApp> => {
  const id = randomBytes(4).toString('hex');
  const production = o.mode === 'production';
  const database = production
    ? { name: `flujo_bench_${id}`, url: databaseUrl(`flujo_bench_${id}`) }
    : undefined;
  if (database) await createDatabase(database.name);
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    LOG_FORMAT: 'json',
    DATABASE_URL: database?.url ?? '',
    NATS_URL: production ? servers.nats : '',
    REDIS_URL: production ? servers.redis : '',
    NATS_STREAM_PREFIX: `bench${id}`,
    REDIS_KEY_PREFIX: `bench${id}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // A benchmark sends far more than a person does: the limits stay on, out of the way.
    RATE_LIMIT_MAX: '1000000',
    TENANT_RATE_LIMIT_MAX: '10000000',
    ...o.env,
  });
  let flujo: Flujo | undefined;
  const cleanup = async () => {
    if (flujo) {
      await flujo.platform.cache.delPrefix('');
      await flujo.shutdown();
    }
    if (production) await dropStreams(config.NATS_STREAM_PREFIX).catch(() => {});
    if (database) await dropDatabase(database.name);
  };
  try {
    flujo = await buildFlujo({ config, role: 'all', ephemeral: true, log: createLogger(config) });
    const url = await flujo.app.listen({ port: 0, host: '127.0.0.1' });
    const t = await ensureTenant(flujo.platform, {
      slug: 'bench',
      name: 'Bench',
      admin: { email: 'admin@bench.flujo.dev', name: 'Bench', password: config.FLUJO_DEMO_PASSWORD },
    });
    const token = await adminToken(flujo.platform, t, 86_400);
    let closing: Promise<void> | undefined;
    return {
      flujo,
      url,
      mode: o.mode,
      ...(database ? { database } : {}),
      tenantId: t.tenantId,
      userId: t.adminUserId,
      token,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      close: () => {
        closing ??= cleanup();
        return closing;
      },
    };
  } catch (err) {
    await cleanup().catch(() => {});
    throw err;
  }
};

/** Nearest-rank percentile of milliseconds, rounded to 0.01 ms. */
export const percentile = (ms: number[], p: number) => {
  if (ms.length === 0) return 0;
  const sorted = [...ms].sort((a, b) => a - b);
  const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return Math.round(v * 100) / 100;
};

export const round = (v: number, digits = 3) => Number(v.toFixed(digits));

/** Prints a markdown table. */
export const table = (head: string[], rows: (string | number)[][]) => {
  console.log(`| ${head.join(' | ')} |`);
  console.log(`| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
};

export const machine = () => ({
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  /** Other work on the machine skews every absolute figure; the ratios hold up better. */
  load_average_1m: round(os.loadavg()[0] ?? 0, 2),
});

export const writeResult = (name: string, result: object) => {
  const out = path.resolve(import.meta.dirname, `results/${name}.json`);
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten ${path.relative(process.cwd(), out)}`);
};

/** Changes stock through the API (so the ledger stays the source of on hand); answers what is available after. */
export const receiveStock = async (app: BenchApp, productId: string, storeId: string, quantity: number) => {
  const res = await fetch(`${app.url}/api/v1/stock`, {
    method: 'POST',
    headers: app.headers,
    body: JSON.stringify({
      product_id: productId,
      store_id: storeId,
      quantity_change: quantity,
      reason: 'bench',
    }),
  });
  const body = (await res.json()) as { available: string };
  if (res.status !== 200) throw new Error(`stock: ${res.status} ${JSON.stringify(body)}`);
  return Number(body.available);
};

/** Gives every product the same quantity at one location, eight requests at a time. */
export const stockAll = async (app: BenchApp, productIds: string[], storeId: string, quantity: number) => {
  const queue = [...productIds];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) await receiveStock(app, id, storeId, quantity);
    }),
  );
};

/**
 * Statements the database is sent on behalf of `fn`, counted in the client library: every
 * query issued in `fn`'s asynchronous context (the request and whatever it awaits), by text;
 * `fn` sees the list as it grows.
 */
type QueryLog = string[] & {
  /** The connection each statement went on, by position: one transaction is one connection's run. */
  clients: unknown[];
};
const queryLog = new AsyncLocalStorage<QueryLog>();
let counting = false;
export const countingQueries = async (fn: (log: QueryLog) => Promise<void>) => {
  // The client library is wrapped once, on first use: other benchmarks run it untouched.
  if (!counting) {
    counting = true;
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const log = queryLog.getStore();
      if (log) {
        const q = args[0] as string | { text?: string } | undefined;
        const text = typeof q === 'string' ? q : (q?.text ?? '');
        log.push(text.replace(/\s+/g, ' ').trim().slice(0, 70));
        log.clients.push(this);
      }
      return original.apply(this, args);
    };
  }
  const log: QueryLog = Object.assign([] as string[], { clients: [] as unknown[] });
  await queryLog.run(log, () => fn(log));
  return log;
};
