import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from './helpers.ts';

// Many clients write and read one product at once, each at its own two stores: every client's
// read right after its own write must show that write, whatever the others do meanwhile. The
// availability cache is shared (Redis in production mode) and the events that also drop it
// arrive later, through the bus.
const CLIENTS = 32;

let t: TestApp;
let h: { authorization: string };
let product = '';
let finished = '';
let supplier = '';

const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
  const r = await t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
  assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json() as { id: string; reservation_id: string; lines: { id: string }[] };
};

type Availability = { stores: { store_id: string; available: string }[] };
const availableAt = async (stores: string[]) => {
  const a = (await call('GET', `/api/v1/products/${product}/availability`)) as unknown as Availability;
  return stores.map((s) => a.stores.find((x) => x.store_id === s)?.available ?? '0').join('/');
};

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  product = (await call('POST', '/api/v1/products', { sku: 'RAW', name: 'Raw' })).id;
  finished = (await call('POST', '/api/v1/products', { sku: 'FIN', name: 'Finished' })).id;
  await call('POST', '/api/v1/boms', {
    product_id: finished,
    lines: [{ component_id: product, quantity: 1 }],
  });
  supplier = (await call('POST', '/api/v1/suppliers', { name: 'Acme' })).id;
  await call('POST', '/api/v1/locations', { code: 'TRUCK', name: 'Truck', type: 'in_transit' });
  for (let c = 0; c < CLIENTS; c++)
    for (const side of ['S', 'D'])
      await call('POST', '/api/v1/locations', { code: `${side}${c}`, name: `${side}${c}`, type: 'store' });
});
after(async () => {
  await t?.close();
});

/** One client's writes, each with the availability its two stores must show right after it. */
const steps = (c: number): [string, () => Promise<unknown>, string][] => {
  const [s, d] = [`S${c}`, `D${c}`];
  const ids: Record<string, string> = {};
  const move = (kind: string, quantity: number) =>
    call('POST', '/api/v1/stock/movements', {
      kind,
      product_id: product,
      store_id: s,
      quantity,
      reason: 't',
    });
  const transfer = (quantity: number, via?: string) =>
    call('POST', '/api/v1/stock/transfers', {
      product_id: product,
      from_store_id: s,
      to_store_id: d,
      quantity,
      ...(via ? { via_store_id: via } : {}),
    });
  const reserve = (quantity: number) =>
    call('POST', '/api/v1/reservations', {
      product_id: product,
      store_id: s,
      quantity,
      customer_id: `c${c}`,
    });
  return [
    ['movement in', () => move('receipt', 20), '20/0'],
    ['movement out', () => move('shipment', 3), '17/0'],
    ['reserve', async () => (ids.hold = (await reserve(5)).reservation_id), '12/0'],
    ['cancel a hold', () => call('POST', `/api/v1/reservations/${ids.hold}/cancel`), '17/0'],
    ['reserve again', async () => (ids.hold = (await reserve(2)).reservation_id), '15/0'],
    ['confirm a hold', () => call('POST', `/api/v1/reservations/${ids.hold}/confirm`), '15/0'],
    ['direct transfer', () => transfer(4), '11/4'],
    ['transfer sent', async () => (ids.transfer = (await transfer(3, 'TRUCK')).id), '8/4'],
    ['transfer received', () => call('POST', `/api/v1/stock/transfers/${ids.transfer}/receive`), '8/7'],
    ['transfer sent again', async () => (ids.transfer = (await transfer(2, 'TRUCK')).id), '6/7'],
    ['transfer cancelled', () => call('POST', `/api/v1/stock/transfers/${ids.transfer}/cancel`), '8/7'],
    [
      'count posted',
      async () => {
        const count = await call('POST', '/api/v1/counts', { store_id: d });
        await call('PUT', `/api/v1/counts/${count.id}/lines`, {
          lines: [{ product_id: product, counted: 5 }],
        });
        return call('POST', `/api/v1/counts/${count.id}/post`);
      },
      '8/5',
    ],
    [
      'purchase received',
      async () => {
        const o = await call('POST', '/api/v1/orders', {
          supplier_id: supplier,
          store_id: s,
          lines: [{ product_id: product, quantity: 6 }],
          submit: true,
        });
        return call('POST', `/api/v1/orders/${o.id}/receipts`, {
          lines: [{ line_id: o.lines[0]?.id, quantity: 6 }],
        });
      },
      '14/5',
    ],
    [
      'production completed (components backflushed)',
      async () => {
        const o = await call('POST', '/api/v1/production-orders', {
          product_id: finished,
          store_id: s,
          quantity: 2,
          submit: true,
        });
        return call('POST', `/api/v1/orders/${o.id}/complete`, { quantity: 2 });
      },
      '12/5',
    ],
    [
      'transfer order shipped',
      async () =>
        (ids.order = (
          await call('POST', '/api/v1/transfer-orders', {
            from_store_id: s,
            to_store_id: d,
            lines: [{ product_id: product, quantity: 1 }],
            submit: true,
          }).then((o) => call('POST', `/api/v1/orders/${o.id}/ship`))
        ).id),
      '11/5',
    ],
    ['transfer order received', () => call('POST', `/api/v1/orders/${ids.order}/receive`), '11/6'],
  ];
};

test(`each client reads its own write at once, under concurrent load (${mode})`, async () => {
  const stale: string[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const stores = [`S${c}`, `D${c}`];
      await availableAt(stores);
      for (const [what, write, expected] of steps(c)) {
        await write();
        const seen = await availableAt(stores);
        if (seen !== expected) stale.push(`client ${c} after ${what}: ${seen}, not ${expected}`);
      }
    }),
  );
  assert.deepEqual(stale, []);
});

test(`the expiry job's release shows at once in every store (${mode})`, async () => {
  const holds = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const hold = await call('POST', '/api/v1/reservations', {
        product_id: product,
        store_id: `S${c}`,
        quantity: 4,
        customer_id: `c${c}`,
      });
      assert.equal(await availableAt([`S${c}`]), '7');
      return hold.reservation_id;
    }),
  );
  // The holds run out now, though the cached answers were computed to last until their expiry.
  await t.platform.database.db.execute(sql`
    update reservations set expires_at = now() - interval '1 second' where id = any(${sql.param(holds)}::uuid[])`);
  await t.platform.database.db.execute(sql`
    update reservation_lines set expires_at = now() - interval '1 second'
    where reservation_id = any(${sql.param(holds)}::uuid[])`);
  const job = t.modules.flatMap((m) => m.jobs ?? []).find((j) => j.name === 'inventory-expire-reservations');
  await job?.handler({}, { id: 'test', name: 'inventory-expire-reservations' });
  const seen = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => availableAt([`S${c}`])));
  assert.deepEqual(
    seen,
    holds.map(() => '11'),
  );
});
