import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { seedDemo } from '../src/demo.ts';
import { type Config, loadConfig } from '../src/platform/config/config.ts';
import type { RequestContext } from '../src/platform/domain/context.ts';
import { createLogger } from '../src/platform/observability/log.ts';
import { buildFlujo, type Flujo, type Role, type StartOptions } from '../src/server.ts';

/** Production-mode suites run when these are set (CI sets all three). */
export const realServers = {
  database: process.env.DATABASE_URL,
  nats: process.env.NATS_URL,
  redis: process.env.REDIS_URL,
};
export const mode = realServers.database ? 'production' : 'embedded';

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/** A fresh PostgreSQL database per test app, dropped on close; embedded mode uses in-memory PGlite. */
const freshDatabase = async (): Promise<{ url?: string; drop: () => Promise<void> }> => {
  if (!realServers.database) return { drop: async () => {} };
  const name = `flujo_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: realServers.database });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: withDatabase(realServers.database, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: realServers.database });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
};

/** Test apps use their own stream prefix; their streams go when they close. */
export const dropStreams = async (prefix: string) => {
  if (!realServers.nats) return;
  const nc = await connect({ servers: realServers.nats });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const s of jsm.streams.list()) {
      if (s.config.name.startsWith(`${prefix.toUpperCase()}_`)) await jsm.streams.delete(s.config.name);
    }
  } finally {
    await nc.close();
  }
};

export const testConfig = (env: Record<string, string | undefined> = {}, databaseUrl?: string): Config => {
  const isolation = randomBytes(4).toString('hex');
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LOG_FORMAT: 'json',
    DATABASE_URL: databaseUrl ?? '',
    NATS_URL: realServers.nats ?? '',
    REDIS_URL: realServers.redis ?? '',
    // Streams, durable consumers and keys of one test app never meet another's.
    NATS_STREAM_PREFIX: `t${isolation}`,
    REDIS_KEY_PREFIX: `t${isolation}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    OUTBOX_POLL_MS: '50',
    RATE_LIMIT_MAX: '100000',
    AUTH_RATE_LIMIT_MAX: '100000',
    TENANT_RATE_LIMIT_MAX: '1000000',
    // Suites read the mail Flujo sends; on a configured database the mailbox must be asked for.
    DEV_MAILBOX: 'true',
    ...env,
  });
};

export type TestApp = Flujo & {
  close: () => Promise<void>;
  tokenFor: (ctx: Partial<RequestContext> & Pick<RequestContext, 'tenantId'>) => Promise<string>;
  demo: Awaited<ReturnType<typeof seedDemo>>;
};

/** Builds the whole app on a fresh database (embedded, or real when DATABASE_URL is set). */
export const buildTestApp = async (
  opts: {
    env?: Record<string, string>;
    role?: Role;
    extraRoutes?: StartOptions['extraRoutes'];
    /** Seed the demo tenant's sample catalog and stock too (off: tests start from an empty catalog). */
    demoData?: boolean;
    /** How the app reaches the fresh database (e.g. through a pooler); it is made and dropped directly. */
    via?: (url: string) => string;
  } = {},
): Promise<TestApp> => {
  const db = await freshDatabase();
  const config = testConfig(opts.env, db.url && opts.via ? opts.via(db.url) : db.url);
  try {
    const flujo = await buildFlujo({
      config,
      role: opts.role ?? 'all',
      ephemeral: true,
      log: createLogger(config),
      extraRoutes: opts.extraRoutes,
    });
    const demo = await seedDemo(flujo.platform, flujo.modules, { data: opts.demoData ?? false });
    return {
      ...flujo,
      demo,
      tokenFor: (ctx) =>
        flujo.platform.tokens.sign(
          {
            userId: crypto.randomUUID(),
            kind: 'user',
            roles: [],
            permissions: ['*:*'],
            storeIds: null,
            ...ctx,
          },
          300,
        ),
      close: async () => {
        await flujo.shutdown();
        await db.drop();
        await dropStreams(config.NATS_STREAM_PREFIX);
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
};

/** Waits until `check` is truthy, polling; fails with `what` after `ms`. */
type Truthy<T> = Exclude<T, false | undefined | null | 0 | ''>;
export const eventually = async <T>(
  check: () => Promise<T> | T,
  what: string,
  ms = 5000,
): Promise<Truthy<T>> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as Truthy<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
