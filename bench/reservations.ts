// Reservations under contention in production mode: 64 HTTP clients reserving one unit of one
// hot SKU and of SKUs spread over 1,000, against pgbench running the same SQL per request on
// the same database (the database's own limit), then a sold-out phase for the 409 path and a
// check in the database that nothing was oversold.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { availabilitySql } from '../server/src/modules/inventory/index.ts';
import { scaleLocationCode, seedScale } from '../server/src/scale-seed.ts';
import {
  type BenchApp,
  countingQueries,
  machine,
  percentile,
  receiveStock,
  round,
  startApp,
  stockAll,
  table,
  writeResult,
} from './setup.ts';

const LOCATION = scaleLocationCode(1);
const STOCK = 1_000_000;

type Row = {
  target: string;
  tps: number;
  p50: number;
  p99: number;
  ok: number;
  conflicts: number;
  errors: number;
};

const reservationBody = (productId: string) =>
  JSON.stringify({ product_id: productId, store_id: LOCATION, quantity: 1, customer_id: 'bench', ttl: 3600 });

/**
 * The load generator runs in a thread of its own, as pgbench runs in a process of its own, so
 * the server's event loop is not also the client's. A worker takes its request hook as a file:
 * this one picks one of `products` at random for each request.
 */
const requestHook = (products: string[]) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-bench-'));
  const file = path.join(dir, 'reservation-request.cjs');
  const body = `{ product_id: ids[Math.floor(Math.random() * ids.length)], store_id: ${JSON.stringify(LOCATION)}, quantity: 1, customer_id: 'bench', ttl: 3600 }`;
  fs.writeFileSync(
    file,
    `const ids = ${JSON.stringify(products)};\nmodule.exports = (req) => ({ ...req, body: JSON.stringify(${body}) });\n`,
  );
  return file;
};

/** POST /api/v1/reservations from `connections` clients, each request for one of `products`. */
const api = async (
  app: BenchApp,
  target: string,
  products: string[],
  o: { connections: number; duration?: number; amount?: number },
): Promise<Row> => {
  const opts: autocannon.Options = {
    url: `${app.url}/api/v1/reservations`,
    connections: o.connections,
    workers: 1,
    method: 'POST',
    headers: app.headers,
    requests: [
      {
        method: 'POST',
        setupRequest: requestHook(products) as unknown as autocannon.Request['setupRequest'],
      },
    ],
    ...(o.amount ? { amount: o.amount } : { duration: o.duration ?? 10 }),
  };
  if (!o.amount) await autocannon({ ...opts, duration: 1 });
  const r = await autocannon(opts);
  const codes = r.statusCodeStats as Record<string, { count: number } | undefined>;
  const ok = codes['201']?.count ?? 0;
  const conflicts = codes['409']?.count ?? 0;
  return {
    target,
    tps: Math.round(ok / r.duration),
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok,
    conflicts,
    errors: r.errors + r.non2xx - conflicts,
  };
};

/**
 * What reservations.service.ts sends per one-line request, statement for statement: tenant
 * scope and role together, the one statement that finds the location and product, locks the
 * balance, releases expired holds and holds (writing the reservation and its line), and the
 * outbox event.
 */
const script = (sku: string) => `${sku}
BEGIN;
SELECT set_config('role', 'flujo_app', true), set_config('app.tenant_id', :tenant, true);
WITH item AS (SELECT l.id AS location_id, l.code, p.id AS product_id, p.uom_step::text AS step FROM (SELECT 1) one LEFT JOIN catalog_locations l ON l.tenant_id = :tenant AND l.code = :loc LEFT JOIN catalog_products p ON p.tenant_id = :tenant AND p.sku = 'SCALE-' || lpad(:n::text, 7, '0')), locked AS (SELECT b.product_id, b.location_id, b.on_hand, b.reserved FROM stock_balances b JOIN item i ON b.product_id = i.product_id AND b.location_id = i.location_id FOR UPDATE OF b), released AS (UPDATE reservation_lines l SET released_at = now() FROM reservations r, locked k WHERE r.id = l.reservation_id AND l.product_id = k.product_id AND l.location_id = k.location_id AND l.released_at IS NULL AND l.expires_at <= now() AND r.status = 'PENDING' RETURNING l.quantity), freed AS (SELECT coalesce(sum(quantity), 0) AS q FROM released), held AS (UPDATE stock_balances b SET reserved = b.reserved - f.q + 1::numeric, version = b.version + 1 FROM locked k, freed f WHERE b.product_id = k.product_id AND b.location_id = k.location_id AND b.on_hand - b.reserved + f.q >= 1::numeric RETURNING 1), r AS (INSERT INTO reservations (tenant_id, customer_id, expires_at, created_by) SELECT :tenant, 'pgbench', now() + make_interval(secs => 3600), :user WHERE EXISTS (SELECT 1 FROM held) RETURNING id, status, expires_at, created_by, created_at), written AS (INSERT INTO reservation_lines (tenant_id, reservation_id, product_id, location_id, quantity, expires_at) SELECT :tenant, r.id, i.product_id, i.location_id, 1::numeric, r.expires_at FROM r, item i RETURNING 1) SELECT i.location_id, i.code, i.product_id, i.step, (k.on_hand - k.reserved + f.q)::text AS available, r.id AS rid, r.status, r.expires_at::text AS expires_at, r.created_by, r.created_at::text AS created_at, (SELECT count(*) FROM written) AS written FROM item i LEFT JOIN locked k ON true LEFT JOIN freed f ON true LEFT JOIN r ON true \\gset
INSERT INTO outbox (id, tenant_id, type, version, aggregate_id, payload, occurred_at) VALUES (gen_random_uuid(), :tenant, 'inventory.reservation.created', 1, :rid, '{"status": "PENDING"}'::jsonb, now());
END;
`;

const pgbench = async (
  app: BenchApp,
  target: string,
  sku: string,
  o: { clients: number; duration: number; locationId: string },
): Promise<Row> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-pgbench-'));
  try {
    const file = path.join(dir, 'reserve.sql');
    fs.writeFileSync(file, script(sku));
    const args = [
      '-n',
      ...['-c', String(o.clients), '-j', '2', '-T', String(o.duration)],
      // node-postgres sends parameters over the extended protocol too.
      ...['-M', 'extended'],
      ...['-f', file, '-l', '--log-prefix', path.join(dir, 'tx')],
      ...['-D', `tenant=${app.tenantId}`, '-D', `user=${app.userId}`],
      ...['-D', `loc=${LOCATION}`, '-D', `lid=${o.locationId}`],
      app.database?.url ?? '',
    ];
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        text += d.toString();
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`pgbench: ${text}`))));
    });
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? 0);
    const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
    const processed = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? 0);
    // Per-transaction log lines: client, transaction, latency in µs, script, epoch, µs.
    const latencies = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('tx'))
      .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean))
      .map((line) => Number(line.split(' ')[2]) / 1000);
    return {
      target,
      tps: Math.round(tps),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      ok: processed,
      conflicts: 0,
      errors: failed,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

/** What one client of `autocannon` saw: 2xx per second, latency, and anything not 2xx. */
const reads = async (app: BenchApp, productId: string, o: { connections: number; duration: number }) => {
  const r = await autocannon({
    url: `${app.url}/api/v1/products/${productId}/availability`,
    connections: o.connections,
    workers: 1,
    headers: app.headers,
    duration: o.duration,
  });
  return {
    rps: Math.round(r['2xx'] / r.duration),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
  };
};

/** Round trips per one-line reservation through the app, and what they are (one request's list). */
const roundTrips = async (app: BenchApp, productId: string, n: number) => {
  const lists: string[][] = [];
  for (let i = 0; i < n; i++)
    lists.push(
      await countingQueries(async () => {
        const res = await app.flujo.app.inject({
          method: 'POST',
          url: '/api/v1/reservations',
          headers: app.headers,
          payload: reservationBody(productId),
        });
        if (res.statusCode !== 201) throw new Error(`reservation: ${res.statusCode} ${res.body}`);
      }),
    );
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  // The request's own transaction ends at its commit; what follows is the outbox relay
  // publishing the event (nudged by the commit, batched under load).
  const own = (l: string[]) => l.indexOf('commit') + 1;
  return {
    median: median(lists.map((l) => l.length)),
    request: median(lists.map(own)),
    relay: median(lists.map((l) => l.length - own(l))),
    statements: lists.at(-1) ?? [],
  };
};

/**
 * `EXPLAIN ANALYZE` of the availability read itself (the service's own SQL) for one product
 * with `holds` pending one-unit holds on it: median execution time of five, in ms.
 */
const availabilityPlan = async (
  app: BenchApp,
  db: pg.Client,
  productId: string,
  locationId: string,
  holds: number,
) => {
  await reset(db);
  await db.query(
    `with r as (
       insert into reservations (tenant_id, customer_id, expires_at)
       select $1, 'bench-holds', now() + interval '1 hour' from generate_series(1, $4::int)
       returning id, expires_at)
     insert into reservation_lines (tenant_id, reservation_id, product_id, location_id, quantity, expires_at)
     select $1, r.id, $2, $3, 1, r.expires_at from r`,
    [app.tenantId, productId, locationId, holds],
  );
  await db.query('update stock_balances set reserved = $3 where product_id = $1 and location_id = $2', [
    productId,
    locationId,
    holds,
  ]);
  await db.query('analyze reservation_lines');
  const p = app.flujo.platform;
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 6; i++) {
    const r = await p.uow.forTenant(app.tenantId, (tx) =>
      tx.execute<{ 'QUERY PLAN': [{ 'Execution Time': number; Plan: { 'Actual Rows': number } }] }>(
        sql`explain (analyze, buffers, format json) ${availabilitySql(app.tenantId, productId)}`,
      ),
    );
    const plan = r.rows[0]?.['QUERY PLAN'][0];
    if (i > 0) times.push(plan?.['Execution Time'] ?? 0);
    rows = plan?.Plan['Actual Rows'] ?? 0;
  }
  return { holds, execution_ms: round(percentile(times, 50)), rows };
};

type Check = {
  balances: number;
  oversold_balances: number;
  oversold_units: number;
  reserved_units: number;
  reserved_mismatch_balances: number;
  ledger_mismatch_balances: number;
};

/**
 * The database's own word after a phase: reserved never above on hand, reserved equal to the
 * PENDING lines that hold it, and the ledger summing to on hand.
 */
const consistency = async (db: pg.Client): Promise<Check> => {
  const { rows } = await db.query<Check>(`
    with held as (
      select rl.product_id, rl.location_id, sum(rl.quantity) as q
      from reservation_lines rl join reservations r on r.id = rl.reservation_id
      where r.status = 'PENDING' and rl.released_at is null
      group by 1, 2),
    ledger as (
      select product_id, location_id, sum(quantity) as q from stock_movements group by 1, 2)
    select count(*)::int as balances,
      count(*) filter (where b.reserved > b.on_hand)::int as oversold_balances,
      coalesce(sum(greatest(b.reserved - b.on_hand, 0)), 0)::float8 as oversold_units,
      sum(b.reserved)::float8 as reserved_units,
      count(*) filter (where b.reserved <> coalesce(h.q, 0))::int as reserved_mismatch_balances,
      count(*) filter (where b.on_hand <> coalesce(l.q, 0))::int as ledger_mismatch_balances
    from stock_balances b
    left join held h using (product_id, location_id)
    left join ledger l using (product_id, location_id)`);
  const r = rows[0];
  if (!r) throw new Error('consistency query returned nothing');
  return r;
};

/**
 * Every phase starts from the same state: no reservations, nothing reserved, no dead row
 * versions of the hot balance (this server may run without autovacuum).
 */
const reset = async (db: pg.Client) => {
  // Requests the load generator gave up on at the end of a phase may still be running.
  for (let i = 0; i < 100; i++) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
    );
    if (rows[0]?.n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await db.query('truncate reservation_lines, reservations');
  await db.query('update stock_balances set reserved = 0 where reserved <> 0');
  await db.query('vacuum stock_balances');
};

export const run = async (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '64' },
      skus: { type: 'string', default: '1000' },
      pool: { type: 'string', default: '10' },
    },
  });
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const skus = Number(values.skus);
  const pool = Number(values.pool);

  const app = await startApp({ mode: 'production', env: { DB_POOL_MAX: String(pool) } });
  const db = new pg.Client({ connectionString: app.database?.url });
  try {
    await db.connect();
    const p = app.flujo.platform;
    // SKUs 1…skus take the load (1 is the hot one); the next one is sold out in the 409 phase.
    await seedScale(p, { tenantId: app.tenantId, products: skus + 1, locations: 1 });
    const { rows } = await db.query<{ id: string; location_id: string }>(
      `select p.id, l.id as location_id from products p, locations l
       where p.tenant_id = $1 and l.tenant_id = $1 and l.code = $2 order by p.sku`,
      [app.tenantId, LOCATION],
    );
    const ids = rows.map((r) => r.id);
    const locationId = rows[0]?.location_id ?? '';
    const hot = ids[0] ?? '';
    const last = ids[skus] ?? '';
    // Stock is received through the API, so the ledger stays the source of on hand.
    const receive = (id: string, quantity: number) => receiveStock(app, id, LOCATION, quantity);
    // Enough that the throughput phases never run out.
    await stockAll(app, ids.slice(0, skus), LOCATION, STOCK);

    const results: (Row & { check: Check })[] = [];
    const phase = async (row: () => Promise<Row>) => {
      await reset(db);
      const r = await row();
      results.push({ ...r, check: await consistency(db) });
      return r;
    };
    const spread = ids.slice(0, skus);
    await phase(() => api(app, 'API, one hot SKU', [hot], { connections, duration }));
    await phase(() => api(app, `API, ${skus} SKUs`, spread, { connections, duration }));

    // The same hot SKU with as many clients reading its availability all the while: each
    // reservation drops the cached figure, so the readers miss together.
    let mixedReads = { rps: 0, p50: 0, p99: 0, errors: 0 };
    const mixed = await phase(async () => {
      const [w, r] = await Promise.all([
        api(app, 'API, one hot SKU, read at once', [hot], { connections, duration }),
        // The reservation phase warms up for a second first; the readers start with it.
        reads(app, hot, { connections, duration: duration + 1 }),
      ]);
      mixedReads = r;
      return w;
    });

    await reset(db);
    const trips = await roundTrips(app, ids[1] ?? hot, 21);
    const plans = [];
    for (const holds of [0, 5000]) plans.push(await availabilityPlan(app, db, hot, locationId, holds));

    // Sold out: 500 units left and three requests per unit; exactly 500 may succeed.
    await reset(db);
    const seeded = await receive(last, 1);
    const available = seeded === 500 ? seeded : await receive(last, 500 - seeded);
    const soldOut = await api(app, 'API, sold out (409 path)', [last], {
      connections,
      amount: available * 3,
    });
    const soldOutCheck = await consistency(db);
    const after = await db.query<{ available: string }>(
      'select (on_hand - reserved)::text as available from stock_balances where product_id = $1',
      [last],
    );
    const leftAfter = Number(after.rows[0]?.available ?? -1);

    // The app is stopped before pgbench, so its relay and jobs do not compete for the database.
    await app.flujo.shutdown();
    const hotScript = '\\set n 1';
    const spreadScript = `\\set n random(1, ${skus})`;
    const bench = (target: string, sql: string, clients: number) => () =>
      pgbench(app, target, sql, { clients, duration, locationId });
    await phase(bench('pgbench, one hot SKU', hotScript, connections));
    await phase(bench(`pgbench, ${skus} SKUs`, spreadScript, connections));
    // The app never has more than its pool in the database at once: the limit at that concurrency.
    if (pool !== connections) {
      await phase(bench(`pgbench -c ${pool}, one hot SKU`, hotScript, pool));
      await phase(bench(`pgbench -c ${pool}, ${skus} SKUs`, spreadScript, pool));
    }

    const [apiHot, apiSpread, , dbHot, dbSpread, poolHot, poolSpread] = results;
    const share = (a?: Row, b?: Row) => (a && b?.tps ? round(a.tps / b.tps) : 0);
    const checks = [...results.map((r) => r.check), soldOutCheck];
    const total = (k: keyof Check) => checks.reduce((n, c) => n + Number(c[k]), 0);
    console.log(
      `\nReservations, ${connections} clients, ${duration} s each, production mode (PostgreSQL, NATS, Redis); ` +
        `app pool ${pool} connections; each phase from no reservations\n`,
    );
    table(
      ['target', 'reservations/s', 'p50 ms', 'p99 ms', '201 / committed', '409', 'errors', 'oversold units'],
      results.map((r) => [
        r.target,
        r.tps,
        r.p50,
        r.p99,
        r.ok,
        r.conflicts,
        r.errors,
        r.check.oversold_units,
      ]),
    );
    console.log(
      `\nshare of the database's own limit (API ÷ pgbench -c ${connections}): hot SKU ${share(apiHot, dbHot)}, ` +
        `${skus} SKUs ${share(apiSpread, dbSpread)}` +
        (poolHot
          ? `; ÷ pgbench -c ${pool} (the app's pool): hot SKU ${share(apiHot, poolHot)}, ` +
            `${skus} SKUs ${share(apiSpread, poolSpread)}`
          : '') +
        '\n',
    );
    console.log(
      `with ${connections} clients reading its availability at once: reservations/s ÷ the reservation-only phase ` +
        `${share(mixed, apiHot)}; reads ${mixedReads.rps}/s, p50 ${mixedReads.p50} ms, p99 ${mixedReads.p99} ms, ` +
        `errors ${mixedReads.errors}\n`,
    );
    console.log(
      `database round trips per one-line reservation through the app (median of 21): ${trips.request} in the ` +
        `request's transaction, ${trips.relay} more as the relay publishes its event alone (batched under load)`,
    );
    for (const t of trips.statements) console.log(`  ${t}`);
    console.log(
      `\navailability of one product, uncached (EXPLAIN ANALYZE, median of 5): ` +
        plans.map((x) => `${x.holds} pending holds ${x.execution_ms} ms`).join(', ') +
        '\n',
    );
    table(
      ['sold-out phase', 'units left', 'requests', '201', '409', 'other', 'left after', 'p50 ms', 'p99 ms'],
      [
        [
          'one SKU',
          available,
          available * 3,
          soldOut.ok,
          soldOut.conflicts,
          soldOut.errors,
          leftAfter,
          soldOut.p50,
          soldOut.p99,
        ],
      ],
    );
    console.log(
      `\ndatabase checks after each of ${checks.length} phases: oversold units ${total('oversold_units')} ` +
        `(${total('oversold_balances')} balances), reserved ≠ PENDING lines on ${total('reserved_mismatch_balances')}, ` +
        `ledger ≠ on hand on ${total('ledger_mismatch_balances')}`,
    );

    writeResult('reservations', {
      ...machine(),
      mode: 'production',
      duration_s: duration,
      connections,
      app_pool: pool,
      skus,
      stock_per_sku: STOCK,
      rows: results,
      share_of_database_limit: {
        hot: share(apiHot, dbHot),
        spread: share(apiSpread, dbSpread),
        ...(poolHot
          ? { at_pool_size: { hot: share(apiHot, poolHot), spread: share(apiSpread, poolSpread) } }
          : {}),
      },
      reading_at_once: {
        readers: connections,
        reservations_per_s: mixed.tps,
        ratio_to_reservation_only: share(mixed, apiHot),
        reads: mixedReads,
      },
      statements_per_reservation: trips,
      availability_explain: plans,
      sold_out: {
        units_left: available,
        requests: available * 3,
        created: soldOut.ok,
        conflicts: soldOut.conflicts,
        other: soldOut.errors,
        left_after: leftAfter,
        p50: soldOut.p50,
        p99: soldOut.p99,
        exact: soldOut.ok === available && leftAfter === 0,
        check: soldOutCheck,
      },
      oversold_units_total: total('oversold_units'),
      notes: [
        'every phase starts from no reservations (truncated) with reserved = 0',
        'load generator (autocannon) runs in the server process; pgbench runs with the app stopped',
        'pgbench sends the statements reservations.service.ts sends per one-line request, in one transaction',
      ],
    });
  } finally {
    await db.end().catch(() => {});
    await app.close();
  }
};
