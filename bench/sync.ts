// Microsip sync: a generated company on the local Firebird (20,000 articles × 3 warehouses,
// 200,000 sales lines) synced in full through the API (connection, `POST /api/v1/sync/full`,
// the job polled until done), then incrementally after 1 % of it changed, against a bare read
// of the same rows with the connector itself (same driver, same SQL, same page sizes, nothing
// written) in the same run. Each measurement runs in its own process, so its peak resident
// memory is its own. Flujo's products, demand and on hand are checked against the company's
// tables after each sync; a difference fails the run.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createMicrosipConnector } from '../server/src/modules/integrations/index.ts';
import {
  benchTarget,
  type Company,
  CUSTOMERS,
  change,
  ensureCompany,
  restore,
  WAREHOUSES,
} from './sync-company.ts';
import { expected, verify } from './sync-verify.ts';
import { type BenchApp, machine, round, startApp, table, writeResult } from './setup.ts';

type Mode = 'embedded' | 'production';
type Step = 'products' | 'stock' | 'sales';
const STEPS: Step[] = ['products', 'stock', 'sales'];
/** The sync runner's page sizes: 100 products a page, 1,000 stock rows, 1,000 sales documents. */
const PAGE = { products: 100, stock: 1000, sales: 1000 } as const;
const TIME_ZONE = 'America/Mexico_City';

type Timed = { ms: number; rows: number };
type Watermark = Parameters<ReturnType<typeof createMicrosipConnector>['products']>[0];
type Bare = { steps: Record<Step, Timed>; ms: number; rows: number; peak_rss_mb: number };
type Synced = {
  full: { ms: number; queued_ms: number; rows: number; failed_polls: number; steps: Record<Step, number> };
  incremental: Record<Step, Timed & { queued_ms: number; failed_polls: number }>;
  peak_rss_mb: number;
};

const firebirdUrl = () => {
  const url = process.env.FIREBIRD_URL;
  if (!url)
    throw new Error('FIREBIRD_URL is not set (eval "$(bash scripts/firebird.sh)" as root starts a server)');
  return url;
};

/** The floor: the connector's own reads of every page, in the runner's order, nothing written (customers count with products). */
const bareRead = async (c: Company): Promise<Bare> => {
  const erp = createMicrosipConnector({ ...c.server, database: c.database, timezone: TIME_ZONE });
  const steps = {} as Record<Step, Timed>;
  const started = performance.now();
  try {
    let t = performance.now();
    let rows = 0;
    for (let since: Watermark = null, done = false; !done; ) {
      const page = await erp.products(since, PAGE.products);
      rows += page.records.length + page.rejected.length;
      ({ next: since, done } = page);
    }
    for (let since: Watermark = null, done = false; !done; ) {
      const page = await erp.customers(since, PAGE.products);
      rows += page.records.length + page.rejected.length;
      ({ next: since, done } = page);
    }
    steps.products = { ms: performance.now() - t, rows };
    t = performance.now();
    rows = 0;
    await erp.warehouses();
    for await (const page of erp.stock(PAGE.stock)) rows += page.length;
    steps.stock = { ms: performance.now() - t, rows };
    t = performance.now();
    rows = 0;
    for (let since: Watermark = null, done = false; !done; ) {
      const page = await erp.sales(since, PAGE.sales);
      rows += page.records.length + page.rejected.length;
      ({ next: since, done } = page);
    }
    steps.sales = { ms: performance.now() - t, rows };
  } finally {
    await erp.close();
  }
  const ms = performance.now() - started;
  const rows = STEPS.reduce((n, s) => n + steps[s].rows, 0);
  return { steps, ms, rows, peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1) };
};

const api = (app: BenchApp) => async (method: string, url: string, body?: object) => {
  const r = await fetch(`${app.url}${url}`, {
    method,
    headers: app.headers,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
  return r.json() as Promise<Record<string, unknown>>;
};

type JobView = {
  id: string;
  status: string;
  processed: number;
  error: string | null;
  started_at: string | null;
};

/**
 * Starts a sync through the API and polls its job until it ends; `marks` are processed counts
 * whose first sighting is timed (where the runner moved from one kind of record to the next).
 */
const runSync = async (
  app: BenchApp,
  url: string,
  body: object,
  marks: number[] = [],
  onPoll: (processed: number) => Promise<void> = async () => {},
) => {
  const call = api(app);
  const started = performance.now();
  const out = (await call('POST', url, body)) as { job: JobView; queued: boolean };
  if (!out.queued) throw new Error(`${url}: another sync of the connection was running`);
  const seen: number[] = [];
  let queuedMs = 0;
  let failedPolls = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    // Embedded, the app has one database connection and a sync page holds it: a poll that waits
    // more than the pool's 5 s for it fails (500). Counted, not fatal, unless it never ends.
    const j = (await call('GET', `/api/v1/sync/jobs/${out.job.id}`).catch((err: unknown) => {
      if (++failedPolls > 500) throw err;
      return null;
    })) as unknown as JobView | null;
    if (!j) continue;
    const now = performance.now() - started;
    if (!queuedMs && j.started_at) queuedMs = now;
    await onPoll(j.processed);
    marks.forEach((m, i) => {
      if (seen[i] === undefined && j.processed >= m) seen[i] = now;
    });
    if (j.status === 'completed')
      return { ms: now, queued_ms: queuedMs, rows: j.processed, seen, failed_polls: failedPolls };
    if (j.status === 'failed') throw new Error(`sync failed: ${j.error}`);
  }
};

/** The full sync, the 1 % change in the ERP, the incremental sync; checked after each. */
const syncRun = async (c: Company, mode: Mode, analyze: boolean): Promise<Synced> => {
  const app = await startApp({ mode });
  try {
    const conn = (await api(app)('POST', '/api/v1/integrations/connections', {
      kind: 'microsip',
      name: 'Bench company',
      host: c.server.host,
      port: c.server.port,
      database: c.database,
      user: c.server.user,
      password: c.server.password,
      timezone: TIME_ZONE,
      // No schedule: a scheduled run must not start between the measured ones.
      schedule: null,
    })) as { id: string };
    const wantFull = await expected(c);
    const { articles } = c.size;
    // --analyze: planner statistics taken once the stock step has written a few pages, as
    // autovacuum would on a server that runs it (PGlite has none).
    let analyzed = !analyze;
    const full = await runSync(
      app,
      '/api/v1/sync/full',
      { connection_id: conn.id },
      // Products, then the company's customers (counted in with products), stock and sales.
      [articles + CUSTOMERS, articles + CUSTOMERS + c.stockRows],
      async (processed) => {
        if (analyzed || processed < articles + CUSTOMERS + Math.min(c.stockRows / 2, 3000)) return;
        analyzed = true;
        await app.flujo.platform.database.pool.query('analyze');
      },
    );
    const expectedRows = articles + CUSTOMERS + c.stockRows + wantFull.salesLines;
    if (full.rows !== expectedRows)
      throw new Error(`full sync processed ${full.rows}, expected ${expectedRows}`);
    await verify(app, conn.id, wantFull, 'full');
    const [productsAt = 0, stockAt = 0] = full.seen;
    await change(c);
    const wantInc = await expected(c);
    // As the connection page does: one incremental sync per kind of record.
    const incremental = {} as Synced['incremental'];
    for (const step of STEPS)
      incremental[step] = await runSync(app, `/api/v1/sync/${step}`, {
        connection_id: conn.id,
        incremental: true,
      });
    await verify(app, conn.id, wantInc, 'incremental');
    return {
      full: {
        ms: full.ms,
        queued_ms: full.queued_ms,
        rows: full.rows,
        failed_polls: full.failed_polls,
        steps: { products: productsAt, stock: stockAt - productsAt, sales: full.ms - stockAt },
      },
      incremental,
      peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),
    };
  } finally {
    await app.close();
  }
};

const child = async (
  what: 'bare' | 'sync',
  database: string,
  articles: number,
  lines: number,
  mode: Mode,
  analyze: boolean,
) => {
  const target = benchTarget(firebirdUrl(), database);
  const c: Company = {
    ...target,
    size: { articles, lines },
    stockRows: articles * WAREHOUSES.length,
    documents: 0,
  };
  const out = what === 'bare' ? await bareRead(c) : await syncRun(c, mode, analyze);
  process.stdout.write(`${JSON.stringify(out)}\n`);
};

const inChild = <T>(args: string[], profile: boolean) =>
  new Promise<T>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${os.tmpdir()}`] : []),
        import.meta.filename,
        '--child',
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`child ${args[0]} exited ${code}`));
      else resolve(JSON.parse(last) as T);
    });
  });

const perS = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const s = (ms: number) => round(ms / 1000, 1);

export const run = async (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      mode: { type: 'string', default: process.env.DATABASE_URL ? 'production' : 'embedded' },
      articles: { type: 'string', default: '20000' },
      lines: { type: 'string', default: '200000' },
      database: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      analyze: { type: 'boolean', default: false },
    },
  });
  const mode: Mode = values.mode === 'production' ? 'production' : 'embedded';
  const size = { articles: Number(values.articles), lines: Number(values.lines) };
  const load_average_1m_start = round(os.loadavg()[0] ?? 0, 2);
  const target = benchTarget(firebirdUrl(), values.database);
  console.log(`company ${target.database}: ${size.articles} articles, ${size.lines} sales lines`);
  const { company, loadMs } = await ensureCompany(target, size, values.fresh);
  console.log(loadMs === null ? 'found from an earlier run' : `generated and loaded in ${s(loadMs)} s`);
  const args = [company.database, String(size.articles), String(size.lines), mode];
  const bare = await inChild<Bare>(['bare', ...args], false);
  console.log(`bare read: ${s(bare.ms)} s`);
  let synced: Synced;
  try {
    synced = await inChild<Synced>(['sync', ...args, values.analyze ? 'analyze' : ''], values['cpu-prof']);
  } finally {
    await restore(company);
  }
  const load_average_1m_end = round(os.loadavg()[0] ?? 0, 2);
  const { full, incremental } = synced;
  if (full.rows !== bare.rows)
    throw new Error(`the sync processed ${full.rows} rows, the bare read ${bare.rows}`);
  const incMs = STEPS.reduce((n, x) => n + incremental[x].ms, 0);
  const incRows = STEPS.reduce((n, x) => n + incremental[x].rows, 0);
  const result = {
    machine: { ...machine(), load_average_1m_start, load_average_1m_end },
    mode,
    /** --analyze: the bench ran ANALYZE a few stock pages into the full sync. */
    analyzed: values.analyze,
    company: {
      articles: size.articles,
      warehouses: WAREHOUSES.length,
      stock_rows: company.stockRows,
      documents: company.documents || null,
      sales_lines: size.lines,
      load_s: loadMs === null ? null : s(loadMs),
    },
    full: {
      rows: full.rows,
      s: s(full.ms),
      queued_s: s(full.queued_ms),
      /** Status polls answered 500 while the sync held the database (embedded: one connection). */
      failed_polls: full.failed_polls,
      rows_per_s: perS(full.rows, full.ms),
      bare_s: s(bare.ms),
      bare_rows_per_s: perS(bare.rows, bare.ms),
      sync_over_bare: round(full.ms / bare.ms, 2),
      steps: Object.fromEntries(
        STEPS.map((x) => [
          x,
          {
            rows: bare.steps[x].rows,
            sync_s: s(full.steps[x]),
            bare_s: s(bare.steps[x].ms),
            sync_over_bare: round(full.steps[x] / bare.steps[x].ms, 2),
          },
        ]),
      ),
    },
    incremental: {
      rows: incRows,
      s: s(incMs),
      over_full: round(incMs / full.ms, 3),
      steps: Object.fromEntries(
        STEPS.map((x) => [
          x,
          {
            rows: incremental[x].rows,
            s: s(incremental[x].ms),
            queued_s: s(incremental[x].queued_ms),
            failed_polls: incremental[x].failed_polls,
          },
        ]),
      ),
    },
    peak_rss_mb: { bare: bare.peak_rss_mb, sync: synced.peak_rss_mb },
    verified:
      'products, demand facts and on hand per item × location equal the company’s tables after each sync',
  };
  console.log(
    `\nMicrosip sync, ${mode} mode: ${size.articles} articles × ${WAREHOUSES.length} warehouses, ${size.lines} sales lines\n`,
  );
  table(
    ['run', 'rows', 's', 'rows/s', 'bare read s', 'sync ÷ bare', 'peak RSS MB'],
    [
      [
        'full',
        full.rows,
        s(full.ms),
        perS(full.rows, full.ms),
        s(bare.ms),
        round(full.ms / bare.ms, 2),
        synced.peak_rss_mb,
      ],
      ...STEPS.map((x) => [
        `· ${x}`,
        bare.steps[x].rows,
        s(full.steps[x]),
        perS(bare.steps[x].rows, full.steps[x]),
        s(bare.steps[x].ms),
        round(full.steps[x] / bare.steps[x].ms, 2),
        '',
      ]),
      [
        'incremental (1 %)',
        incRows,
        s(incMs),
        perS(incRows, incMs),
        '',
        `${round(incMs / full.ms, 3)} of full`,
        '',
      ],
      ...STEPS.map((x) => [
        `· ${x}`,
        incremental[x].rows,
        s(incremental[x].ms),
        perS(incremental[x].rows, incremental[x].ms),
        '',
        '',
        '',
      ]),
    ],
  );
  console.log(
    `\nbare read peak RSS ${bare.peak_rss_mb} MB; load average ${load_average_1m_start} → ${load_average_1m_end}`,
  );
  writeResult(`sync-${mode}${values.analyze ? '-analyzed' : ''}`, result);
  // node-firebird keeps a handle after detach that holds the event loop open.
  process.exit(0);
};

if (process.argv[2] === '--child') {
  const [, , , what, database, articles, lines, mode, analyze] = process.argv;
  await child(
    what as 'bare' | 'sync',
    database as string,
    Number(articles),
    Number(lines),
    mode as Mode,
    analyze === 'analyze',
  );
  process.exit(0);
}
