import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { createReservationsService } from './reservations.service.ts';

let t: TestApp;
let h: { authorization: string };
const ids: Record<string, string> = {};
before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  for (const sku of ['HOT', 'A', 'B']) {
    ids[sku] = (
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/products',
          headers: h,
          payload: { sku, name: sku },
        })
      ).json() as { id: string }
    ).id;
  }
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/locations',
    headers: h,
    payload: { code: 'MAD-001', name: 'Madrid', type: 'store' },
  });
  for (const [sku, qty] of [
    ['HOT', 50],
    ['A', 5],
    ['B', 1],
  ] as const) {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/stock',
      headers: h,
      payload: { product_id: ids[sku], store_id: 'MAD-001', quantity_change: qty, reason: 'setup' },
    });
  }
});
after(async () => {
  await t?.close();
});

const reserve = (payload: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/reservations',
    headers: h,
    payload: { customer_id: 'c-1', ...payload },
  });
const balance = async (sku: string) => {
  const { rows } = await t.platform.database.db.execute<{
    on_hand: string;
    reserved: string;
    ledger: string;
  }>(sql`
    select b.on_hand::text, b.reserved::text,
      (select coalesce(sum(quantity), 0)::text from stock_movements m where m.product_id = b.product_id and m.location_id = b.location_id) as ledger
    from stock_balances b join products p on p.id = b.product_id where p.sku = ${sku}`);
  return rows[0];
};

test(`64 concurrent reservations of 1 against 50 available: exactly 50 succeed, no oversell (${mode})`, async () => {
  const results = await Promise.all(
    Array.from({ length: 64 }, () => reserve({ product_id: ids.HOT, store_id: 'MAD-001', quantity: 1 })),
  );
  const codes = results.map((r) => r.statusCode);
  assert.equal(codes.filter((c) => c === 201).length, 50);
  assert.equal(codes.filter((c) => c === 409).length, 14);
  const b = await balance('HOT');
  assert.deepEqual([Number(b?.on_hand), Number(b?.reserved), Number(b?.ledger)], [50, 50, 50]);
  const first = results.find((r) => r.statusCode === 201)?.json() as {
    status: string;
    expires_in_seconds: number;
  };
  assert.equal(first.status, 'PENDING');
  assert.ok(first.expires_in_seconds > 590 && first.expires_in_seconds <= 600, 'ttl defaults to 600 s');
});

test(`a multi-line reservation is all or nothing (${mode})`, async () => {
  const short = await reserve({
    lines: [
      { product_id: ids.A, store_id: 'MAD-001', quantity: 2 },
      { product_id: ids.B, store_id: 'MAD-001', quantity: 2 },
    ],
  });
  assert.equal(short.statusCode, 409);
  assert.equal(Number((await balance('A'))?.reserved), 0, 'the line that fitted was not kept');
  const ok = await reserve({
    lines: [
      { product_id: ids.A, store_id: 'MAD-001', quantity: 2 },
      { product_id: ids.B, store_id: 'MAD-001', quantity: 1 },
    ],
  });
  assert.equal(ok.statusCode, 201);
});

test(`confirm ships the reserved stock; cancel gives it back; both only once (${mode})`, async () => {
  const r1 = (await reserve({ product_id: ids.A, store_id: 'MAD-001', quantity: 1 })).json() as {
    reservation_id: string;
  };
  const conf = await t.app.inject({
    method: 'POST',
    url: `/api/v1/reservations/${r1.reservation_id}/confirm`,
    headers: h,
  });
  assert.equal((conf.json() as { status: string }).status, 'CONFIRMED');
  assert.equal(
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/reservations/${r1.reservation_id}/confirm`,
        headers: h,
      })
    ).statusCode,
    409,
  );
  const a = await balance('A');
  assert.deepEqual([Number(a?.on_hand), Number(a?.reserved), Number(a?.ledger)], [4, 2, 4]);
  const r2 = (await reserve({ product_id: ids.A, store_id: 'MAD-001', quantity: 2 })).json() as {
    reservation_id: string;
  };
  assert.equal(
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/reservations/${r2.reservation_id}/cancel`,
        headers: h,
      })
    ).statusCode,
    200,
  );
  assert.equal(Number((await balance('A'))?.reserved), 2);
});

test(`an expired reservation stops counting before the job runs, then the job closes it (${mode})`, async () => {
  const full = await reserve({ product_id: ids.A, store_id: 'MAD-001', quantity: 3 });
  assert.equal(full.statusCode, 409, 'only 2 of 4 are free');
  const r = (await reserve({ product_id: ids.A, store_id: 'MAD-001', quantity: 2 })).json() as {
    reservation_id: string;
  };
  await t.platform.database.db.execute(
    sql`with r as (update reservations set expires_at = now() - interval '1 second' where id = ${r.reservation_id} returning id, expires_at)
        update reservation_lines l set expires_at = r.expires_at from r where l.reservation_id = r.id`,
  );
  const view = (
    await t.app.inject({ method: 'GET', url: `/api/v1/reservations/${r.reservation_id}`, headers: h })
  ).json() as { status: string };
  assert.equal(view.status, 'EXPIRED');
  const listed = async (status: string) =>
    (
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/reservations?status=${status}&limit=100`,
          headers: h,
        })
      ).json() as { data: { reservation_id: string; status: string }[] }
    ).data.map((x) => x.reservation_id);
  assert.ok((await listed('EXPIRED')).includes(r.reservation_id), 'listed as expired before the job runs');
  assert.ok(!(await listed('PENDING')).includes(r.reservation_id), 'and not as pending');
  const conf = await t.app.inject({
    method: 'POST',
    url: `/api/v1/reservations/${r.reservation_id}/confirm`,
    headers: h,
  });
  assert.equal(conf.statusCode, 410);
  const again = await reserve({ product_id: ids.A, store_id: 'MAD-001', quantity: 2 });
  assert.equal(again.statusCode, 201, 'the expired hold no longer blocks stock');
  const { rows } = await t.platform.database.db.execute<{ status: string }>(
    sql`select status from reservations where id = ${r.reservation_id}`,
  );
  assert.equal(rows[0]?.status, 'PENDING', 'the row itself waits for the job');
  assert.ok((await createReservationsService(t.platform).expireDue()) >= 1);
  const after = await t.platform.database.db.execute<{ status: string }>(
    sql`select status from reservations where id = ${r.reservation_id}`,
  );
  assert.equal(after.rows[0]?.status, 'EXPIRED');
  const a = await balance('A');
  assert.equal(Number(a?.reserved), 4, 'the job did not give the same units back twice');
});

test(`availability per store is right the instant after a change and discounts expired holds (${mode})`, async () => {
  const get = async () =>
    (
      await t.app.inject({ method: 'GET', url: `/api/v1/products/${ids.B}/availability`, headers: h })
    ).json() as {
      total_available: string;
      stores: { store_id: string; available: string; reserved: string }[];
    };
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/locations',
    headers: h,
    payload: { code: 'BCN-001', name: 'Barcelona', type: 'store' },
  });
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/stock',
    headers: h,
    payload: { product_id: ids.B, store_id: 'BCN-001', quantity_change: 7, reason: 'r' },
  });
  const before = await get();
  assert.deepEqual(
    before.stores.map((s) => [s.store_id, s.available, s.reserved]),
    [
      ['BCN-001', '7', '0'],
      ['MAD-001', '0', '1'],
    ],
  );
  assert.equal(before.total_available, '7');
  // Cached now; a change elsewhere must still show at once.
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/stock',
    headers: h,
    payload: { product_id: ids.B, store_id: 'BCN-001', quantity_change: -2, reason: 'r' },
  });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await get()).total_available, '5');
  const r = (await reserve({ product_id: ids.B, store_id: 'BCN-001', quantity: 3 })).json() as {
    reservation_id: string;
  };
  await new Promise((res) => setTimeout(res, 300));
  assert.equal((await get()).total_available, '2');
  await t.platform.database.db.execute(
    sql`with r as (update reservations set expires_at = now() - interval '1 second' where id = ${r.reservation_id} returning id, expires_at)
        update reservation_lines l set expires_at = r.expires_at from r where l.reservation_id = r.id`,
  );
  await t.platform.cache.delPrefix(`avail:${t.demo.tenantId}:`);
  assert.equal((await get()).total_available, '5', 'an expired hold is not counted before the job runs');
});

test(`refusals name what is wrong, one line or several, and hold nothing (${mode})`, async () => {
  const stocked = async (sku: string, step: string, quantity: number) => {
    const product = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: h,
        payload: { sku, name: sku, uom_step: step },
      })
    ).json() as { id: string };
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/stock',
      headers: h,
      payload: { product_id: product.id, store_id: 'MAD-001', quantity_change: quantity, reason: 'setup' },
    });
    return product;
  };
  const box = await stocked('BOX10', '10', 30);
  const plenty = await stocked('PLENTY', '1', 100);
  const made = await t.app.inject({
    method: 'POST',
    url: '/api/v1/locations',
    headers: h,
    payload: { code: 'VLC-001', name: 'Valencia', type: 'store' },
  });
  assert.equal(made.statusCode, 201, made.body);
  const vlc = made.json() as { id: string };
  const mad = (
    (await t.app.inject({ method: 'GET', url: '/api/v1/locations?search=MAD-001', headers: h })).json() as {
      data: { id: string; code: string }[];
    }
  ).data.find((l) => l.code === 'MAD-001');
  const seller = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, storeIds: [vlc.id] })}`,
  };
  const missing = '00000000-0000-4000-8000-000000000000';
  const other = { product_id: plenty.id, store_id: 'MAD-001', quantity: 1 };
  // Each case once as seed 001's one-line body and once as the second line of two.
  const cases: {
    name: string;
    line: { product_id: string; store_id: string; quantity: number };
    headers?: typeof h;
    status: number;
    code: string;
    field?: (multi: boolean) => string;
    available?: string;
  }[] = [
    {
      name: 'an unknown store',
      line: { product_id: plenty.id, store_id: 'NOPE-1', quantity: 1 },
      status: 404,
      code: 'catalog.location_not_found',
      field: () => 'store_id',
    },
    {
      name: 'an unknown product',
      line: { product_id: missing, store_id: 'MAD-001', quantity: 1 },
      status: 404,
      code: 'catalog.product_not_found',
      field: () => 'product_id',
    },
    {
      name: 'a store outside the caller’s',
      line: { product_id: plenty.id, store_id: 'MAD-001', quantity: 1 },
      headers: seller,
      status: 403,
      code: 'platform.forbidden',
    },
    {
      name: 'part of a box',
      line: { product_id: box.id, store_id: 'MAD-001', quantity: 5 },
      status: 400,
      code: 'platform.validation',
      field: (multi) => (multi ? 'lines[1].quantity' : 'quantity'),
    },
    {
      name: 'more than is there',
      line: { product_id: box.id, store_id: 'MAD-001', quantity: 40 },
      status: 409,
      code: 'inventory.insufficient_stock',
      available: '30',
    },
    {
      name: 'an item never stocked at that store (no balance yet)',
      line: { product_id: box.id, store_id: vlc.id, quantity: 10 },
      status: 409,
      code: 'inventory.insufficient_stock',
      available: '0',
    },
  ];
  for (const c of cases)
    for (const multi of [false, true]) {
      const before = [await balance('PLENTY'), await balance('BOX10')];
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reservations',
        headers: c.headers ?? h,
        payload: { customer_id: 'c-1', ...(multi ? { lines: [other, c.line] } : c.line) },
      });
      const body = res.json() as { code: string; errors?: { field: string }[]; available?: string };
      const label = `${c.name}${multi ? ', second of two lines' : ''}`;
      // A scoped caller's first line (MAD-001) is already outside their stores.
      assert.equal(res.statusCode, c.status, `${label}: ${res.body}`);
      assert.equal(body.code, c.code, label);
      if (c.field) assert.equal(body.errors?.[0]?.field, c.field(multi), label);
      if (c.available) assert.equal(body.available, c.available, label);
      assert.deepEqual([await balance('PLENTY'), await balance('BOX10')], before, `${label}: nothing held`);
    }
  // The store by its id works as its code does, and the box in whole boxes goes through.
  const ok = await reserve({ product_id: box.id, store_id: mad?.id ?? '', quantity: 20 });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.deepEqual(
    (ok.json() as { lines: { store_id: string; quantity: string }[] }).lines.map((l) => [
      l.store_id,
      l.quantity,
    ]),
    [['MAD-001', '20']],
  );
  assert.equal(Number((await balance('BOX10'))?.reserved), 20);
});
