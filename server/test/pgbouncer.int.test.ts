// Flujo behind PgBouncer in transaction pooling mode, unchanged: every transaction may run on a
// different server connection, so nothing the app relies on may live in a server session
// (session settings, session advisory locks, LISTEN, named prepared statements). The app starts
// (migrations and the job queue's schema under the start-up lock), signs in, writes, runs a job
// and publishes an event, all through the pooler.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildTestApp, eventually, mode, realServers, type TestApp } from './helpers.ts';
import { type PgBouncer, pgbouncerBinary, startPgBouncer } from './pgbouncer.ts';

// CI installs PgBouncer (.ci/run) and sets FLUJO_REQUIRE_PGBOUNCER: there a missing binary fails.
const required = Boolean(process.env.CI) || process.env.FLUJO_REQUIRE_PGBOUNCER === '1';
const binary = pgbouncerBinary();
if (!binary && required && mode === 'production')
  throw new Error('pgbouncer is required here but not installed (apt-get install pgbouncer)');
const skip =
  mode !== 'production'
    ? 'production mode only (DATABASE_URL)'
    : !binary
      ? 'pgbouncer is not installed (apt-get install pgbouncer); CI installs it'
      : false;

describe('behind PgBouncer in transaction pooling mode', { skip }, () => {
  let bouncer: PgBouncer;
  let t: TestApp;
  let h: Record<string, string>;

  before(async () => {
    bouncer = await startPgBouncer({ server: realServers.database ?? '', poolSize: 5 });
    t = await buildTestApp({ via: (url) => bouncer.url(url) });
  });
  after(async () => {
    await t?.close();
    await bouncer?.stop();
  });

  test('the app reaches the database through the pooler', async () => {
    const { rows } = await t.platform.database.pool.query<{ port: string }>(
      "select current_setting('port') as port",
    );
    assert.ok(t.platform.database.url.includes(`:${bouncer.port}/`), t.platform.database.url);
    assert.equal(rows[0]?.port, new URL(realServers.database ?? '').port || '5432');
  });

  test('signs in, creates a product, moves stock, reserves, and the event arrives', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: t.demo.email, password: t.demo.password },
    });
    assert.equal(login.statusCode, 200, login.body);
    h = { authorization: `Bearer ${(login.json() as { access_token: string }).access_token}` };
    const post = async (url: string, payload: object, status = 201) => {
      const r = await t.app.inject({ method: 'POST', url, headers: h, payload });
      assert.equal(r.statusCode, status, `${url}: ${r.body}`);
      return r.json() as { id: string };
    };
    await post('/api/v1/locations', { code: 'PGB-1', name: 'Tienda', type: 'store' });
    const product = await post('/api/v1/products', { sku: 'PGB-TOR', name: 'Tornillo', price: '3' });
    const updated: string[] = [];
    const off = t.platform.onEvent((e) => {
      if (e.type === 'inventory.stock.updated')
        updated.push((e.payload as { product_id: string }).product_id);
    });
    try {
      await post('/api/v1/stock/movements', {
        kind: 'receipt',
        product_id: product.id,
        store_id: 'PGB-1',
        quantity: 10,
        reason: 'pgbouncer',
      });
      // Outbox → relay → NATS → this process: the whole event path ran through the pooler.
      await eventually(() => updated.includes(product.id), 'inventory.stock.updated', 15_000);
    } finally {
      off();
    }
    await post('/api/v1/reservations', {
      product_id: product.id,
      store_id: 'PGB-1',
      quantity: 4,
      customer_id: 'pgb',
      ttl: 600,
    });
    const availability = await t.app.inject({
      method: 'GET',
      url: `/api/v1/products/${product.id}/availability`,
      headers: h,
    });
    assert.equal(availability.statusCode, 200, availability.body);
    assert.equal(Number((availability.json() as { total_available: string }).total_available), 6);
  });

  test('a job is enqueued and run', async () => {
    const id = await t.platform.jobs.send('platform-idempotency-expiry', {});
    assert.ok(id);
    await eventually(
      async () => {
        const { rows } = await t.platform.database.pool.query<{ state: string }>(
          'select state from pgboss.job where id = $1',
          [id],
        );
        return rows[0]?.state === 'completed';
      },
      'the job to complete',
      30_000,
    );
  });

  test('the statement timeout holds inside a transaction and leaves no trace on the server session', async () => {
    const inside = await t.platform.database.db.transaction((tx) =>
      tx.execute<{ statement_timeout: string }>(sql`show statement_timeout`),
    );
    assert.equal(inside.rows[0]?.statement_timeout, '30s');
    // Whichever server connection the pooler lends next, it has the server's own setting.
    const direct = new pg.Client({ connectionString: realServers.database });
    await direct.connect();
    const server = (await direct.query<{ statement_timeout: string }>('show statement_timeout')).rows[0];
    await direct.end();
    for (let i = 0; i < 10; i++) {
      const { rows } = await t.platform.database.pool.query<{ statement_timeout: string }>(
        'show statement_timeout',
      );
      assert.equal(rows[0]?.statement_timeout, server?.statement_timeout);
    }
  });
});
