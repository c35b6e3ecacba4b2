import { sql } from 'drizzle-orm';
import { CONTEXTS, MODULES } from './modules/index.ts';
import type { Module } from './modules/module.ts';
import type { Config } from './platform/config/config.ts';
import { runMigrations, withStartupLock } from './platform/db/client.ts';
import { detectRowSecurity, grantSchemaToAppRole } from './platform/db/tenant.ts';
import { registerErrors } from './platform/domain/errors.ts';
import { sseRoutes } from './platform/events/sse.routes.ts';
import { type App, createHttpApp } from './platform/http/app.ts';
import { systemRoutes } from './platform/http/system.routes.ts';
import { defaultWebDist, webRoutes } from './platform/http/web.ts';
import type { Logger } from './platform/observability/log.ts';
import { createPlatform, type Platform } from './platform/platform.ts';

export type Role = 'all' | 'api' | 'worker';

export type Flujo = {
  app: App;
  platform: Platform;
  modules: Module[];
  /** Stops accepting, lets in-flight requests and jobs finish, flushes the outbox, closes. */
  shutdown: () => Promise<void>;
};

export type StartOptions = {
  config: Config;
  role: Role;
  ephemeral?: boolean;
  log?: Logger;
  /** Extra routes (tests); registered before the app is sealed. */
  extraRoutes?: (app: App) => void;
};

/** The composition root: platform, modules, roles. Listening is the caller's business. */
export const buildFlujo = async (o: StartOptions): Promise<Flujo> => {
  const p = await createPlatform(o.config, { contexts: CONTEXTS, ephemeral: o.ephemeral, log: o.log });
  try {
    await runMigrations(p.database);
    p.rowSecurity = await detectRowSecurity(p.database.db);
    if (!p.rowSecurity) p.log.warn('row-level security is off: the database role cannot use flujo_app');
    const modules = MODULES.map((factory) => factory(p));
    for (const m of modules) if (m.errors) registerErrors(m.errors);
    const serving = o.role !== 'worker';
    const working = o.role !== 'api';

    const httpApp = () =>
      createHttpApp({
        config: o.config,
        log: p.log,
        metrics: p.metrics,
        tokens: p.tokens,
        revocations: p.revocations,
        version: p.version,
        redis: p.cache.client,
        counter: p.cache,
      });
    const app = await httpApp();
    systemRoutes(app, p, { jobsInThisProcess: working });
    if (serving) {
      sseRoutes(app, p);
      for (const m of modules) await m.routes?.(app);
      o.extraRoutes?.(app);
      await webRoutes(app, o.config.FLUJO_WEB_DIST ?? defaultWebDist);
    }
    await app.ready();
    let internal: App | undefined;
    if (modules.some((m) => m.useApi)) {
      if (serving) for (const m of modules) m.useApi?.(app);
      else {
        internal = await httpApp();
        for (const m of modules) await m.routes?.(internal);
        await internal.ready();
        for (const m of modules) m.useApi?.(internal);
      }
    }

    for (const m of modules) for (const j of m.jobs ?? []) p.jobs.define(j);
    p.jobs.define({
      name: 'platform-idempotency-expiry',
      cron: '17 * * * *',
      handler: async () => {
        await p.database.db.execute(
          sql`delete from idempotency_keys where created_at < now() - interval '24 hours'`,
        );
      },
    });
    await withStartupLock(p.database, () => p.jobs.start({ work: working }));
    // Tenant-scoped transactions run as flujo_app and may enqueue jobs.
    if (p.rowSecurity) await grantSchemaToAppRole(p.database.db, 'pgboss');
    if (working) {
      for (const m of modules) {
        for (const c of m.consumers ?? []) {
          await p.bus.subscribe(c.name, c.patterns, c.handle);
        }
      }
      p.relay.start();
    }

    let closing: Promise<void> | undefined;
    const shutdown = () => {
      closing ??= (async () => {
        p.lifecycle.shuttingDown = true;
        p.log.info('shutting down: finishing in-flight requests');
        await app.close();
        await internal?.close();
        await p.jobs.stop();
        if (working) await p.relay.stop();
        await p.close();
        p.log.info('stopped');
      })();
      return closing;
    };
    p.lifecycle.ready = true;
    return { app, platform: p, modules, shutdown };
  } catch (err) {
    await p.close();
    throw err;
  }
};
