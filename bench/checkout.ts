// Customer orders end to end (reserve → sandbox payment → confirm) with 32 buyers in production
// mode, against the bare reservation rate of the same app, database and SKUs in the same run: the
// saga's overhead as a ratio. A last phase sells the final units of one SKU to three times as
// many buyers, and the database is asked whether anything was oversold.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { scaleLocationCode, seedScale } from '../server/src/scale-seed.ts';
import {
  type BenchApp,
  countingQueries,
  machine,
  receiveStock,
  round,
  startApp,
  stockAll,
  table,
  writeResult,
} from './setup.ts';

const LOCATION = scaleLocationCode(1);
const APPROVED = '4242424242424242';

type Row = {
  target: string;
  per_s: number;
  p50: number;
  p99: number;
  ok: number;
  conflicts: number;
  errors: number;
};

const load = async (
  app: BenchApp,
  target: string,
  url: string,
  body: () => string,
  o: { connections: number; duration?: number; amount?: number },
): Promise<Row> => {
  const opts: autocannon.Options = {
    url: `${app.url}${url}`,
    connections: o.connections,
    method: 'POST',
    headers: app.headers,
    requests: [
      {
        method: 'POST',
        // A new Idempotency-Key per order: every request is a different buyer's checkout.
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, 'idempotency-key': randomUUID() },
          body: body(),
        }),
      },
    ],
    ...(o.amount ? { amount: o.amount } : { duration: o.duration ?? 10 }),
  };
  const r = await autocannon(opts);
  const codes = r.statusCodeStats as Record<string, { count: number } | undefined>;
  const ok = codes['201']?.count ?? 0;
  const conflicts = codes['409']?.count ?? 0;
  return {
    target,
    per_s: Math.round(ok / r.duration),
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok,
    conflicts,
    errors: r.errors + r.non2xx - conflicts,
  };
};

/** Oversold units, and reserved against what live reservations and open orders hold. */
const check = async (db: pg.Client) => {
  const { rows } = await db.query<{
    oversold_units: number;
    reserved_mismatch: number;
    confirmed: number;
    cancelled: number;
  }>(`
    with held as (
      select rl.product_id, rl.location_id, sum(rl.quantity) as q
      from reservation_lines rl join reservations r on r.id = rl.reservation_id
      where r.status = 'PENDING' and rl.released_at is null group by 1, 2)
    select coalesce(sum(greatest(b.reserved - b.on_hand, 0)), 0)::float8 as oversold_units,
      count(*) filter (where b.reserved <> coalesce(h.q, 0))::int as reserved_mismatch,
      (select count(*) from customer_orders where status = 'CONFIRMED')::int as confirmed,
      (select count(*) from customer_orders where status = 'CANCELLED')::int as cancelled
    from stock_balances b left join held h using (product_id, location_id)`);
  const r = rows[0];
  if (!r) throw new Error('check returned nothing');
  return r;
};

/**
 * Database round trips of one request and the transactions among them (median of `n`, one at a
 * time), and the statements of the last one. What the outbox relay sends, nudged by the commits,
 * is counted apart: under load it publishes many requests' events at once.
 */
const roundTrips = async (app: BenchApp, url: string, body: () => string, n: number) => {
  const lists: { request: string[]; relay: number }[] = [];
  for (let i = 0; i < n; i++) {
    const log = await countingQueries(async () => {
      const res = await app.flujo.app.inject({
        method: 'POST',
        url,
        headers: { ...app.headers, 'idempotency-key': randomUUID() },
        payload: body(),
      });
      if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      // The relay's publishing, nudged by the commits, finishes in this context too.
      await new Promise((r) => setTimeout(r, 200));
    });
    // The relay's transactions (its own connection, from BEGIN through the outbox read to COMMIT)
    // run alongside the request's; they are told apart by connection.
    const relay = new Set<number>();
    const open = new Map<unknown, number[]>();
    log.forEach((text, k) => {
      const client = log.clients[k];
      const run = open.get(client);
      // A BEGIN alone, or with the statement timeout it carries (see deferred-begin.ts).
      if (/^begin(; set local statement_timeout = \d+)?$/.test(text)) open.set(client, [k]);
      else if (run) {
        run.push(k);
        if (run.length === 2 && !text.startsWith('select id, tenant_id, type, version')) open.delete(client);
        else if (text === 'commit' || text === 'rollback') {
          for (const x of run) relay.add(x);
          open.delete(client);
        }
      }
    });
    lists.push({ request: log.filter((_, k) => !relay.has(k)), relay: relay.size });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  // BEGIN travels with the transaction's first statement: a transaction is counted by its end.
  const transactions = (l: string[]) => l.filter((t) => t === 'commit' || t === 'rollback').length;
  return {
    round_trips: median(lists.map((l) => l.request.length)),
    transactions: median(lists.map((l) => transactions(l.request))),
    relay_round_trips: median(lists.map((l) => l.relay)),
    statements: lists.at(-1)?.request ?? [],
  };
};

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
  // Row deletes, not truncate: the app's relay and jobs keep running and must not deadlock with
  // us; a deadlock with a straggler is simply retried.
  for (let attempt = 0; ; attempt++) {
    try {
      await db.query('begin');
      await db.query('delete from customer_orders');
      await db.query('delete from payment_sandbox_charges');
      await db.query('delete from reservations');
      await db.query('commit');
      break;
    } catch (err) {
      await db.query('rollback');
      if ((err as { code?: string }).code !== '40P01' || attempt > 5) throw err;
    }
  }
  await db.query('update stock_balances set reserved = 0 where reserved <> 0');
  await db.query('vacuum stock_balances');
};

export const run = async (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      skus: { type: 'string', default: '200' },
      // Only the round trips of one reservation and one checkout, without the load phases.
      'trips-only': { type: 'boolean', default: false },
    },
  });
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const skus = Number(values.skus);
  const app = await startApp({ mode: 'production' });
  const db = new pg.Client({ connectionString: app.database?.url });
  try {
    await db.connect();
    await seedScale(app.flujo.platform, { tenantId: app.tenantId, products: skus + 1, locations: 1 });
    const { rows } = await db.query<{ id: string }>(
      'select id from products where tenant_id = $1 order by sku',
      [app.tenantId],
    );
    const ids = rows.map((r) => r.id);
    const last = ids[skus] ?? '';
    const receive = (id: string, quantity: number) => receiveStock(app, id, LOCATION, quantity);
    await stockAll(app, ids.slice(0, skus), LOCATION, 1_000_000);
    const pick = () => ids[Math.floor(Math.random() * skus)] ?? '';
    const reservation = () =>
      JSON.stringify({
        product_id: pick(),
        store_id: LOCATION,
        quantity: 1,
        customer_id: 'bench',
        ttl: 3600,
      });
    const checkout = (product: () => string) => () =>
      JSON.stringify({
        lines: [{ product_id: product(), quantity: 1 }],
        store_id: LOCATION,
        customer: { name: 'Bench', email: 'bench@example.com' },
        payment: { method: 'card', card_number: APPROVED },
      });

    const trips = async () => {
      await reset(db);
      const out = {
        reservation: await roundTrips(app, '/api/v1/reservations', reservation, 11),
        checkout: await roundTrips(app, '/api/v1/customer-orders', checkout(pick), 11),
      };
      for (const [name, t] of Object.entries(out)) {
        console.log(
          `\n${name}: ${t.round_trips} database round trips in ${t.transactions} transactions (median of 11), ` +
            `${t.relay_round_trips} more as the relay publishes its events alone`,
        );
        for (const x of t.statements) console.log(`  ${x}`);
      }
      return out;
    };
    if (values['trips-only']) {
      await trips();
      return;
    }

    const rowsOut: (Row & { oversold_units: number; reserved_mismatch: number; confirmed: number })[] = [];
    const phase = async (row: () => Promise<Row>) => {
      await reset(db);
      const r = await row();
      // Requests still finishing when the load generator stopped land before the check.
      await new Promise((res) => setTimeout(res, 500));
      const c = await check(db);
      rowsOut.push({
        ...r,
        oversold_units: c.oversold_units,
        reserved_mismatch: c.reserved_mismatch,
        confirmed: c.confirmed,
      });
      return r;
    };
    // Warm both paths, then alternate so a drift of the machine hits both alike.
    await load(app, 'warm-up', '/api/v1/reservations', reservation, { connections, duration: 2 });
    await load(app, 'warm-up', '/api/v1/customer-orders', checkout(pick), { connections, duration: 2 });
    const bare1 = await phase(() =>
      load(app, 'reservations (bare)', '/api/v1/reservations', reservation, { connections, duration }),
    );
    const saga1 = await phase(() =>
      load(app, 'checkout (reserve → pay → confirm)', '/api/v1/customer-orders', checkout(pick), {
        connections,
        duration,
      }),
    );
    const bare2 = await phase(() =>
      load(app, 'reservations (bare)', '/api/v1/reservations', reservation, { connections, duration }),
    );
    const saga2 = await phase(() =>
      load(app, 'checkout (reserve → pay → confirm)', '/api/v1/customer-orders', checkout(pick), {
        connections,
        duration,
      }),
    );
    const perRequest = await trips();
    // The last 100 units of one SKU, 300 buyers.
    await reset(db);
    // The scale seed gives every item some stock: bring this one to exactly 100 available.
    const seeded = await receive(last, 1);
    if (seeded !== 100) await receive(last, 100 - seeded);
    const soldOut = await load(
      app,
      'checkout, last 100 units, 300 buyers',
      '/api/v1/customer-orders',
      checkout(() => last),
      {
        connections,
        amount: 300,
      },
    );
    await new Promise((res) => setTimeout(res, 500));
    const soldCheck = await check(db);
    rowsOut.push({ ...soldOut, ...soldCheck });

    const bareRate = (bare1.per_s + bare2.per_s) / 2;
    const sagaRate = (saga1.per_s + saga2.per_s) / 2;
    console.log(
      `\nCheckout, ${connections} buyers, ${duration} s per phase, production mode (PostgreSQL, NATS, Redis), ${skus} SKUs\n`,
    );
    table(
      [
        'phase',
        'per s',
        'p50 ms',
        'p99 ms',
        '201',
        '409',
        'errors',
        'confirmed',
        'oversold units',
        'reserved ≠ held',
      ],
      rowsOut.map((r) => [
        r.target,
        r.per_s,
        r.p50,
        r.p99,
        r.ok,
        r.conflicts,
        r.errors,
        r.confirmed,
        r.oversold_units,
        r.reserved_mismatch,
      ]),
    );
    const ratio = sagaRate ? round(bareRate / sagaRate, 2) : 0;
    const bareP50 = (bare1.p50 + bare2.p50) / 2;
    const sagaP50 = (saga1.p50 + saga2.p50) / 2;
    const p50Ratio = bareP50 ? round(sagaP50 / bareP50, 2) : 0;
    const { reservation: rt, checkout: ct } = perRequest;
    console.log(
      `\ncheckout ÷ bare reservation: by throughput ${round(bareRate, 1)}/s ÷ ${round(sagaRate, 1)}/s = ${ratio}×, ` +
        `by p50 ${round(sagaP50, 1)} ms ÷ ${round(bareP50, 1)} ms = ${p50Ratio}× ` +
        `(a checkout: ${ct.round_trips} round trips in ${ct.transactions} transactions and two statements of the ` +
        `sandbox provider; a reservation: ${rt.round_trips} in ${rt.transactions})\n`,
    );
    writeResult('checkout', {
      ...machine(),
      connections,
      duration_s: duration,
      skus,
      phases: rowsOut,
      bare_reservations_per_s: round(bareRate, 1),
      checkouts_per_s: round(sagaRate, 1),
      reservations_per_checkout_ratio: ratio,
      checkout_over_reservation: { by_throughput: ratio, by_p50: p50Ratio },
      per_request: perRequest,
      sold_out: { units: 100, buyers: 300, confirmed: soldCheck.confirmed, conflicts: soldOut.conflicts },
      oversold_units: rowsOut.reduce((n, r) => n + r.oversold_units, 0),
    });
  } finally {
    await db.end().catch(() => {});
    await app.close();
  }
};
