import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { markDelayed } from './delayed.job.ts';
import { ordersFacade } from './facade.ts';

type Line = { id: string; quantity: string; received_quantity: string; open_quantity: string };
type Order = {
  id: string;
  number: string;
  status: string;
  closed_at: string | null;
  total_minor: number;
  lines: Line[];
  receipts: { line_id: string; quantity: string; movement_id: string | null }[];
};
type Problem = { code: string; detail: string; errors?: { field: string }[] };
type Performance = {
  receipts: number;
  on_time_receipts: number;
  on_time_rate: number | null;
  average_days_late: number | null;
  fill_rate: number | null;
  facts: { order_number: string; days_late: number; ordered_quantity: string; received_quantity: string }[];
};

let t: TestApp;
let h: { authorization: string };
const ids: Record<string, string> = {};
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, extra = {}) =>
  t.app.inject({ method, url, headers: { ...h, ...extra }, ...(payload ? { payload } : {}) });
/** An OPEN purchase order of `qty` bolts (and nuts when given), from Acme unless said otherwise. */
const openOrder = async (qty: number, more: object = {}, nuts?: number) => {
  const lines = [
    { product_id: ids.bolt, quantity: qty },
    ...(nuts ? [{ product_id: ids.nut, quantity: nuts }] : []),
  ];
  const res = await api('POST', '/api/v1/orders', {
    supplier_id: ids.acme,
    store_id: 'MAD-001',
    lines,
    submit: true,
    ...more,
  });
  assert.equal(res.statusCode, 201, res.body);
  const o = res.json() as Order;
  assert.equal(o.status, 'OPEN');
  return o;
};
const receive = (
  o: Order,
  lines: { quantity: number | string; close?: boolean; line?: number }[],
  extra = {},
) =>
  api(
    'POST',
    `/api/v1/orders/${o.id}/receipts`,
    {
      lines: lines.map((l) => ({
        line_id: o.lines[l.line ?? 0]?.id,
        quantity: l.quantity,
        ...(l.close ? { close: true } : {}),
      })),
      ...extra,
    },
    {},
  );
const onHand = async (product = ids.bolt) => {
  const res = await api('GET', `/api/v1/inventory?product_id=${product}&location=MAD-001`);
  return (res.json() as { data: { on_hand: string }[] }).data[0]?.on_hand ?? '0';
};
const receiptRows = async (orderId: string) => {
  const { rows } = await t.platform.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from supply_receipts where order_id = ${orderId}`,
  );
  return rows[0]?.n ?? 0;
};

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  const post = async (url: string, payload: object) =>
    ((await api('POST', url, payload)).json() as { id: string }).id;
  // Sold by the tenth (by weight), so partial receipts such as 4.5 are whole steps.
  ids.bolt = await post('/api/v1/products', { sku: 'BOLT', name: 'Bolt', uom_step: '0.1' });
  ids.nut = await post('/api/v1/products', { sku: 'NUT', name: 'Nut', uom_step: '0.1' });
  await post('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'warehouse' });
  ids.acme = await post('/api/v1/suppliers', { name: 'Acme' });
  ids.slow = await post('/api/v1/suppliers', { name: 'Slow & Short' });
  await api('PUT', `/api/v1/suppliers/${ids.acme}/items/${ids.bolt}`, { lead_time_days: 5, price: '1' });
});
after(async () => {
  await t?.close();
});

describe(`purchase receipts (${mode})`, () => {
  test('a partial receipt raises on hand and leaves the order PARTIALLY_RECEIVED; the rest completes it', async () => {
    const o = await openOrder(10);
    const before = Number(await onHand());
    const res = await receive(o, [{ quantity: '4.5' }]);
    assert.equal(res.statusCode, 201, res.body);
    const p = res.json() as Order;
    assert.equal(p.status, 'PARTIALLY_RECEIVED');
    assert.deepEqual([p.lines[0]?.received_quantity, p.lines[0]?.open_quantity], ['4.5', '5.5']);
    assert.equal(p.receipts.length, 1);
    assert.ok(p.receipts[0]?.movement_id);
    assert.equal(Number(await onHand()), before + 4.5);
    const { rows } = await t.platform.database.db.execute<{ kind: string; reason: string; quantity: string }>(
      sql`select kind, reason, quantity::text from stock_movements where id = ${p.receipts[0]?.movement_id ?? ''}`,
    );
    assert.deepEqual(rows[0], { kind: 'receipt', reason: o.number, quantity: '4.5' });

    const rest = (await receive(o, [{ quantity: '5.5' }])).json() as Order;
    assert.equal(rest.status, 'RECEIVED');
    assert.ok(rest.closed_at);
    assert.equal(rest.lines[0]?.open_quantity, '0');
    assert.equal(Number(await onHand()), before + 10);
    const closed = await receive(o, [{ quantity: 1 }]);
    assert.equal(closed.statusCode, 409);
    assert.equal((closed.json() as Problem).code, 'orders.not_receivable');
  });

  test('beyond the tolerance a receipt is 422 and writes nothing; within it, it is taken', async () => {
    const o = await openOrder(10, {}, 5);
    const before = await onHand();
    // Line 0 is fine, line 1 is over: the whole receipt is refused.
    const res = await receive(o, [{ quantity: 2 }, { quantity: '5.6', line: 1 }]);
    assert.equal(res.statusCode, 422, res.body);
    const body = res.json() as Problem;
    assert.equal(body.code, 'orders.over_receipt');
    assert.deepEqual(
      body.errors?.map((e) => e.field),
      ['lines[1].quantity'],
    );
    assert.match(body.detail, /at most 5\.5 more/);
    assert.equal(await onHand(), before);
    assert.equal(await receiptRows(o.id), 0);
    const still = (await api('GET', `/api/v1/orders/${o.id}`)).json() as Order;
    assert.equal(still.status, 'OPEN');
    assert.deepEqual(
      still.lines.map((l) => l.received_quantity),
      ['0', '0'],
    );

    const ok = await receive(o, [{ quantity: 11 }, { quantity: '5.5', line: 1 }]);
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal((ok.json() as Order).status, 'RECEIVED', '10% over on both lines is within the tolerance');
  });

  test('closing an under-delivered line completes the order; net flow stops expecting the rest', async () => {
    const o = await openOrder(10);
    const res = await receive(o, [{ quantity: 8, close: true }]);
    const r = res.json() as Order;
    assert.equal(r.status, 'RECEIVED');
    assert.deepEqual([r.lines[0]?.quantity, r.lines[0]?.received_quantity], ['8', '8']);
    assert.equal(r.total_minor, 800, 'the total follows what arrived (1.00 MXN each)');
    assert.deepEqual(
      await ordersFacade.openSupply(t.platform.database.db, t.demo.tenantId, { orderIds: [o.id] }),
      [],
    );

    const partial = await openOrder(10);
    await receive(partial, [{ quantity: 8 }]);
    const open = await ordersFacade.openSupply(t.platform.database.db, t.demo.tenantId, {
      orderIds: [partial.id],
    });
    assert.deepEqual(
      open.map((s) => s.quantity),
      [2],
      'without close, the 2 still to come are on order',
    );
  });

  test('the same Idempotency-Key receives once; other kinds and bad lines are refused', async () => {
    const o = await openOrder(10);
    const key = { 'idempotency-key': `rcpt-${crypto.randomUUID()}` };
    const payload = { lines: [{ line_id: o.lines[0]?.id, quantity: 3 }] };
    const a = await api('POST', `/api/v1/orders/${o.id}/receipts`, payload, key);
    const b = await api('POST', `/api/v1/orders/${o.id}/receipts`, payload, key);
    assert.equal(a.statusCode, 201);
    assert.equal(b.headers['idempotent-replayed'], 'true');
    assert.equal(await receiptRows(o.id), 1);

    const unknown = await api('POST', `/api/v1/orders/${o.id}/receipts`, {
      lines: [{ line_id: crypto.randomUUID(), quantity: 1 }],
    });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(
      (unknown.json() as Problem).errors?.map((e) => e.field),
      ['lines[0].line_id'],
    );
    const future = await receive(o, [{ quantity: 1 }], { received_at: day(3) });
    assert.equal(future.statusCode, 400);
    const draft = (
      await api('POST', '/api/v1/orders', {
        supplier_id: ids.acme,
        store_id: 'MAD-001',
        lines: [{ product_id: ids.bolt, quantity: 1 }],
      })
    ).json() as Order;
    assert.equal((await receive(draft, [{ quantity: 1 }])).statusCode, 409);
  });

  test('supplier performance: on-time rate, days late and fill rate from the receipt facts', async () => {
    const order = (qty: number, orderDate: string, dueDate: string) =>
      openOrder(qty, { supplier_id: ids.slow, order_date: orderDate, due_date: dueDate });
    // Three days late, complete.
    const late = await order(10, day(-10), day(-3));
    await receive(late, [{ quantity: 10 }]);
    // Early, and closed short at 8 of 10.
    const early = await order(10, day(-1), day(5));
    await receive(early, [{ quantity: 5 }]);
    await receive(early, [{ quantity: 3, close: true }]);
    // Still open: its receipt counts for timing, not for the fill rate.
    const open = await order(10, day(-1), day(2));
    await receive(open, [{ quantity: 1 }]);

    const res = await api('GET', `/api/v1/suppliers/${ids.slow}/performance`);
    assert.equal(res.statusCode, 200, res.body);
    const p = res.json() as Performance;
    assert.equal(p.receipts, 4);
    assert.equal(p.on_time_receipts, 3);
    assert.equal(p.on_time_rate, 0.75);
    assert.equal(p.average_days_late, 0.75, '3 days over 4 receipts, early ones counting 0');
    assert.equal(p.fill_rate, 0.9, '(10 + 8) of (10 + 10) over finished lines');
    assert.equal(p.facts.length, 4);
    const lateFact = p.facts.find((f) => f.order_number === late.number);
    assert.deepEqual(
      [lateFact?.days_late, lateFact?.ordered_quantity, lateFact?.received_quantity],
      [3, '10', '10'],
    );
    assert.deepEqual(
      p.facts.filter((f) => f.order_number === early.number).map((f) => f.days_late),
      [-5, -5],
    );

    const empty = (
      await api('GET', `/api/v1/suppliers/${ids.slow}/performance?from=2020-01-01&to=2020-12-31`)
    ).json() as Performance;
    assert.deepEqual(
      [empty.receipts, empty.on_time_rate, empty.fill_rate, empty.facts.length],
      [0, null, null, 0],
    );
    assert.equal((await api('GET', `/api/v1/suppliers/${crypto.randomUUID()}/performance`)).statusCode, 404);
    assert.equal(
      (await api('GET', `/api/v1/suppliers/${ids.slow}/performance?from=2021-01-01&to=2020-01-01`))
        .statusCode,
      400,
    );
  });

  test('the DELAYED job marks overdue open orders and raises the late-supply alert; they are still received', async () => {
    const overdue = await openOrder(10, { order_date: day(-6), due_date: day(-2) });
    const onTime = await openOrder(10, { order_date: day(-6), due_date: day(0) });
    const marked = await markDelayed(t.platform);
    assert.ok(marked >= 1);
    const get = async (o: Order) => ((await api('GET', `/api/v1/orders/${o.id}`)).json() as Order).status;
    assert.equal(await get(overdue), 'DELAYED');
    assert.equal(await get(onTime), 'OPEN', 'due today is not late yet');
    const { rows } = await t.platform.database.db.execute<{ type: string; payload: { days_late?: number } }>(
      sql`select type, payload from outbox where aggregate_id = ${overdue.id} and type like 'orders.supply.%' order by seq`,
    );
    assert.deepEqual(
      rows.map((r) => r.type),
      ['orders.supply.changed', 'orders.supply.delayed'],
    );
    assert.equal(rows[1]?.payload.days_late, 2);
    assert.equal(await markDelayed(t.platform), 0, 'a second run finds nothing new');

    const part = (await receive(overdue, [{ quantity: 4 }])).json() as Order;
    assert.equal(part.status, 'DELAYED', 'late until complete');
    const done = (await receive(overdue, [{ quantity: 6 }])).json() as Order;
    assert.equal(done.status, 'RECEIVED');
  });
});
