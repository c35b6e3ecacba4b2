#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { sql } from 'drizzle-orm';
import { DEMO, seedDemo } from './demo.ts';
import { runForecast } from './modules/analytics/index.ts';
import { ensureTenant } from './modules/identity/index.ts';
import { CONTEXTS } from './modules/index.ts';
import { type CommandOutcome, runCompute, runDlt } from './modules/planning/index.ts';
import { type Config, ConfigError, loadConfig } from './platform/config/config.ts';
import { DatabaseUnavailableError, runMigrations } from './platform/db/client.ts';
import { createLogger } from './platform/observability/log.ts';
import { createPlatform } from './platform/platform.ts';
import { VERSION } from './platform/version.ts';
import { seedScale } from './scale-seed.ts';
import { buildFlujo, type Flujo, type Role } from './server.ts';

const fail = (message: string): never => {
  process.stderr.write(`flujo: ${message}\n`);
  process.exit(1);
};

const config = (): Config => {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message);
    throw err;
  }
};

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be an integer 0–65535');
  return n;
};

const count = (min: number, max: number) => (v: string) => {
  const n = Number(v.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`must be an integer ${min}–${max}`);
  return n;
};

const known = (err: unknown) => err instanceof ConfigError || err instanceof DatabaseUnavailableError;

/** SIGTERM/SIGINT: graceful shutdown, forced after SHUTDOWN_TIMEOUT_MS. */
const onSignals = (flujo: Flujo, timeoutMs: number) => {
  const stop = (signal: string) => {
    flujo.platform.log.info({ signal }, 'signal received');
    const force = setTimeout(() => {
      flujo.platform.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    flujo.shutdown().then(
      () => process.exit(0),
      (err) => {
        flujo.platform.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
};

/**
 * The first start on a new data directory creates the database and the demo data in a child
 * process that then exits. Seeding grows the embedded database's WebAssembly memory and the C
 * allocator's thread arenas (password hashing, bulk inserts), and neither gives memory back to
 * the system while the process lives; the server that stays up starts as on any later day.
 */
const prepareDataDir = (c: Config) => {
  if (existsSync(path.join(c.dataDir, 'pg'))) return;
  const script = process.argv[1];
  if (!script) return;
  // Node's own flags pass on: the memory ones matter most here.
  const child = spawnSync(process.execPath, [...process.execArgv, script, 'seed', '--demo'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (child.error) fail(`could not prepare the data directory: ${child.error.message}`);
  if (child.status !== 0) process.exit(child.status ?? 1);
};

const run = async (role: Role, opts: { port?: number; host?: string }) => {
  const c = config();
  if (role !== 'all' && c.mode === 'embedded') {
    if (role === 'worker')
      fail('the embedded database serves one process; set DATABASE_URL to run a separate worker');
    role = 'all';
  }
  const started = performance.now();
  if (c.mode === 'embedded') prepareDataDir(c);
  const log = createLogger(c);
  let flujo: Flujo;
  try {
    flujo = await buildFlujo({ config: c, role, log });
  } catch (err) {
    if (known(err)) return fail((err as Error).message);
    throw err;
  }
  onSignals(flujo, c.SHUTDOWN_TIMEOUT_MS);
  const p = flujo.platform;
  let demo: Awaited<ReturnType<typeof seedDemo>> | undefined;
  if (c.mode === 'embedded') {
    const { rows } = await p.database.db.execute<{ n: number }>(sql`select count(*)::int as n from tenants`);
    if (rows[0]?.n === 0) demo = await seedDemo(p, flujo.modules);
  }
  const address = await flujo.app.listen({ port: opts.port ?? c.PORT, host: opts.host ?? c.HOST });
  const url = address.replace('127.0.0.1', 'localhost').replace('[::1]', 'localhost');
  const ms = Math.round(performance.now() - started);
  const lines = [
    `Flujo ${VERSION} ${role === 'worker' ? 'worker' : 'is ready'} at ${url} (${p.database.mode} mode, ${ms} ms)`,
  ];
  if (role !== 'worker') {
    lines.push(`  Web app:  ${url}/`, `  API docs: ${url}/api/docs`);
    if (c.mode === 'embedded') {
      lines.push(
        `  Sign in:  ${DEMO.email} / ${demo?.password ?? c.FLUJO_DEMO_PASSWORD}  (organisation "${DEMO.slug}")`,
        `            also ${DEMO.planner} (Planner) and ${DEMO.viewer} (Viewer), same password`,
      );
      lines.push(`  Data:     ${c.dataDir}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
};

/** `seed --scale`: the organisation by slug (the demo one, or a new one with an Admin), then bulk stock. */
const scale = async (flujo: Flujo, o: { products: number; locations: number; tenant: string }) => {
  const p = flujo.platform;
  const t =
    o.tenant === DEMO.slug
      ? await seedDemo(p, flujo.modules, { data: false })
      : await ensureTenant(p, {
          slug: o.tenant,
          name: o.tenant,
          admin: {
            email: `admin@${o.tenant}.flujo.dev`,
            name: 'Admin',
            password: p.config.FLUJO_DEMO_PASSWORD,
          },
        });
  const total = o.products * o.locations;
  let shown = 0;
  const r = await seedScale(p, {
    tenantId: t.tenantId,
    products: o.products,
    locations: o.locations,
    onProgress: (done) => {
      if (done - shown < total / 10 && done < total) return;
      shown = done;
      process.stdout.write(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} balances\n`);
    },
  });
  process.stdout.write(
    `organisation "${o.tenant}": ${r.products.toLocaleString('en')} products × ${r.locations} locations, ` +
      `${r.balances.toLocaleString('en')} new balances with their receipts in ${(r.ms / 1000).toFixed(1)} s\n`,
  );
  if (t.created && o.tenant !== DEMO.slug)
    process.stdout.write(`sign in as admin@${o.tenant}.flujo.dev / ${p.config.FLUJO_DEMO_PASSWORD}\n`);
};

const program = new Command('flujo')
  .description('Flujo — demand-driven inventory platform')
  .version(VERSION)
  .showHelpAfterError();

program
  .command('serve')
  .description('run the HTTP API (with --all also the worker and scheduler)')
  .option('--all', 'API, web app, worker and scheduler in one process (default on the embedded database)')
  .option('-p, --port <port>', 'port to listen on (default PORT or 3000)', port)
  .option('--host <host>', 'interface to bind (default HOST or localhost)')
  .action((o: { all?: boolean; port?: number; host?: string }) => run(o.all ? 'all' : 'api', o));

program
  .command('worker')
  .description(
    'run event consumers, the outbox relay and jobs (needs DATABASE_URL); serves /api/health and /metrics',
  )
  .option('-p, --port <port>', 'port for health and metrics (default PORT or 3000)', port)
  .option('--host <host>', 'interface to bind (default HOST or localhost)')
  .action((o: { port?: number; host?: string }) => run('worker', o));

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const c = config();
    const log = createLogger(c);
    try {
      const p = await createPlatform(c, { contexts: CONTEXTS, log });
      await runMigrations(p.database);
      await p.close();
      process.stdout.write('migrations applied\n');
    } catch (err) {
      if (known(err)) fail((err as Error).message);
      throw err;
    }
  });

program
  .command('seed')
  .description('load data: the demo tenant, or bulk stock for load tests')
  .option('--demo', 'create the demo tenant with its sample data (once)')
  .option('--scale', 'bulk-load products × locations with stock for load tests (idempotent: tops up)')
  .option('--products <n>', 'with --scale: number of products', count(1, 9_999_999), 100_000)
  .option('--locations <m>', 'with --scale: number of locations', count(1, 9999), 50)
  .option('--tenant <slug>', 'with --scale: the organisation, created if missing', DEMO.slug)
  .action(
    async (o: { demo?: boolean; scale?: boolean; products: number; locations: number; tenant: string }) => {
      if (o.demo === o.scale) fail('seed needs exactly one of --demo or --scale');
      if (!/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(o.tenant))
        fail(`--tenant must be an organisation slug such as "demo" (got ${JSON.stringify(o.tenant)})`);
      const c = config();
      const flujo = await buildFlujo({ config: c, role: 'api', log: createLogger(c) }).catch((err) =>
        known(err) ? fail((err as Error).message) : Promise.reject(err),
      );
      if (o.scale) {
        await scale(flujo, o);
        await flujo.shutdown();
        return;
      }
      const demo = await seedDemo(flujo.platform, flujo.modules);
      await flujo.shutdown();
      process.stdout.write(
        demo.created
          ? `demo tenant "${demo.tenant}" created; sign in as ${demo.email} / ${demo.password}\n`
          : `demo tenant "${demo.tenant}" already exists\n`,
      );
    },
  );

program
  .command('openapi')
  .description('print the OpenAPI 3.1 document (or write it with --out)')
  .option('-o, --out <file>', 'write to this file')
  .action(async (o: { out?: string }) => {
    const c = loadConfig({
      ...process.env,
      DATABASE_URL: '',
      NATS_URL: '',
      REDIS_URL: '',
      LOG_LEVEL: 'silent',
    });
    const flujo = await buildFlujo({ config: c, role: 'api', ephemeral: true });
    const doc = `${JSON.stringify(flujo.app.swagger(), null, 2)}\n`;
    await flujo.shutdown();
    if (o.out) writeFileSync(o.out, doc);
    else process.stdout.write(doc);
  });

const stdin = async () => {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};
const engine = (run: (text: string) => CommandOutcome) => async () => {
  const out = run(await stdin());
  if (!out.ok) fail(out.error);
  else process.stdout.write(`${JSON.stringify(out.json, null, 2)}\n`);
};
const ddmrp = program
  .command('ddmrp')
  .description('the DDMRP engine without a server: JSON on stdin, JSON on stdout (README, "DDMRP engine")');
ddmrp
  .command('compute')
  .description(
    'zones, net flow, priority and the recommended order of one buffer, or of { "buffers": [...] }',
  )
  .action(engine(runCompute));
ddmrp
  .command('dlt')
  .description('decoupled lead time of every item of a BOM ({ "items": [...] })')
  .action(engine(runDlt));
program
  .command('forecast')
  .description(
    'demand forecasts with intervals for { "series": [...] } on stdin (README, "Demand forecasting engine")',
  )
  .action(engine(runForecast));

await program.parseAsync();
