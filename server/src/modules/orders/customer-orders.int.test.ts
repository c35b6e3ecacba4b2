import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { SANDBOX_CARDS } from './payments/sandbox.ts';

let t: TestApp;
let h: Record<string, string>;
const seen: { type: string; aggregateId: string }[] = [];
let keyN = 0;
const key = () => `k-${Date.now()}-${keyN++}`;

const call = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...h, ...headers }, ...(payload ? { payload } : {}) });
const created = async (url: string, payload: object) => {
  const r = await call('POST', url, payload);
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};
const product = (sku: string, price = '12.50') =>
  created('/api/v1/products', { sku, name: `Producto ${sku}`, price });
const receive = (product_id: string, quantity: number) =>
  call('POST', '/api/v1/stock/movements', {
    kind: 'receipt',
    product_id,
    store_id: 'TDA-1',
    quantity,
    reason: 'test',
  });
/** The item's balance as stored: on hand, reserved, and what is free. */
const stock = async (productId: string) => {
  const { rows } = await t.platform.uow.forTenant(t.demo.tenantId, (tx) =>
    tx.execute<{ on_hand: string; reserved: string }>(sql`
      select b.on_hand::text, b.reserved::text from stock_balances b join locations l on l.id = b.location_id
      where b.product_id = ${productId} and l.code = 'TDA-1'`),
  );
  const on = Number(rows[0]?.on_hand ?? 0);
  const res = Number(rows[0]?.reserved ?? 0);
  return { on_hand: on, reserved: res, available: on - res };
};
type Order = {
  id: string;
  number: string;
  status: string;
  total_minor: number;
  cancel_reason: string | null;
  tracking_number: string | null;
  reservation_id: string | null;
  payment: { id: string; status: string; card_last4: string | null } | null;
  timeline: { step: string; outcome: string }[];
};
const order = (product_id: string, card: string, quantity = 2, extra: object = {}) => ({
  lines: [{ product_id, quantity }],
  store_id: 'TDA-1',
  customer: { name: 'Ana Pérez', email: 'ana@example.com' },
  payment: { method: 'card', card_number: card },
  ...extra,
});
const place = async (body: object, k = key()) =>
  call('POST', '/api/v1/customer-orders', body, { 'idempotency-key': k });

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  t.platform.onEvent((e) => {
    if (e.type.startsWith('orders.customer.')) seen.push(e);
  });
  await created('/api/v1/locations', { code: 'TDA-1', name: 'Tienda', type: 'store' });
});
after(async () => {
  await t?.close();
});

test(`an approved card reserves, pays and confirms; shipping consumes the reservation (${mode})`, async () => {
  const p = await product('SAGA-OK');
  await receive(p, 10);
  const r = await place(order(p, SANDBOX_CARDS.approved));
  assert.equal(r.statusCode, 201, r.body);
  const o = r.json() as Order;
  assert.equal(o.status, 'CONFIRMED');
  assert.equal(o.total_minor, 2500);
  assert.deepEqual([o.payment?.status, o.payment?.card_last4], ['CAPTURED', '4242']);
  assert.deepEqual(
    o.timeline.map((s) => `${s.step}:${s.outcome}`),
    ['reserve:done', 'authorize:done', 'hold:done', 'capture:done', 'confirm:done'],
  );
  assert.deepEqual(await stock(p), { on_hand: 10, reserved: 2, available: 8 });
  for (const action of ['pick', 'pack']) {
    const step = await call('POST', `/api/v1/customer-orders/${o.id}/${action}`);
    assert.equal(step.statusCode, 200, step.body);
  }
  const shipped = (
    await call('POST', `/api/v1/customer-orders/${o.id}/ship`, { tracking_number: 'TRK-1' })
  ).json() as Order;
  assert.deepEqual([shipped.status, shipped.tracking_number], ['SHIPPED', 'TRK-1']);
  assert.deepEqual(await stock(p), { on_hand: 8, reserved: 0, available: 8 });
  const again = await call('POST', `/api/v1/customer-orders/${o.id}/ship`);
  assert.equal(again.statusCode, 200, again.body);
  assert.equal((again.json() as Order).status, 'SHIPPED', 'a repeated ship answers the order as it is');
  assert.deepEqual(await stock(p), { on_hand: 8, reserved: 0, available: 8 }, 'and ships nothing twice');
  const delivered = (await call('POST', `/api/v1/customer-orders/${o.id}/deliver`)).json() as Order;
  assert.equal(delivered.status, 'DELIVERED');
  await eventually(
    () =>
      ['created', 'paid', 'confirmed', 'shipped', 'delivered'].every((s) =>
        seen.some((e) => e.type === `orders.customer.${s}` && e.aggregateId === o.id),
      ),
    'the order events',
  );
  const cancel = await call('POST', `/api/v1/customer-orders/${o.id}/cancel`);
  assert.equal(cancel.statusCode, 409, 'a delivered order is not cancelled');
});

test(`a declined card releases the stock and cancels the order (${mode})`, async () => {
  const p = await product('SAGA-NO');
  await receive(p, 3);
  const r = await place(order(p, SANDBOX_CARDS.declined, 3));
  assert.equal(r.statusCode, 201, r.body);
  const o = r.json() as Order;
  assert.deepEqual(
    [o.status, o.cancel_reason, o.payment?.status],
    ['CANCELLED', 'payment_declined', 'DECLINED'],
  );
  assert.deepEqual(await stock(p), { on_hand: 3, reserved: 0, available: 3 });
  assert.deepEqual(
    o.timeline.map((s) => `${s.step}:${s.outcome}`),
    ['reserve:done', 'authorize:failed', 'release:compensated', 'cancel:compensated'],
  );
  const res = await call('GET', `/api/v1/reservations/${o.reservation_id}`);
  assert.equal((res.json() as { status: string }).status, 'CANCELLED');
  await eventually(
    () => seen.some((e) => e.type === 'orders.customer.cancelled' && e.aggregateId === o.id),
    'cancelled',
  );
});

test(`3-D Secure answers later by webhook; a redelivered webhook changes nothing (${mode})`, async () => {
  const p = await product('SAGA-3DS');
  await receive(p, 5);
  const o = (await place(order(p, SANDBOX_CARDS.later, 1))).json() as Order;
  assert.deepEqual([o.status, o.payment?.status], ['PAYMENT_PENDING', 'PENDING']);
  assert.equal((await stock(p)).reserved, 1, 'the stock stays held while the buyer authenticates');
  const url = `/api/v1/payments/sandbox/${t.demo.tenantId}/${o.payment?.id}/complete`;
  const first = await t.app.inject({ method: 'POST', url, payload: { outcome: 'approved' } });
  assert.deepEqual(first.json(), { received: true, duplicate: false });
  const second = await t.app.inject({ method: 'POST', url, payload: { outcome: 'declined' } });
  assert.deepEqual(second.json(), { received: true, duplicate: true }, 'the challenge is answered once');
  const now = (await call('GET', `/api/v1/customer-orders/${o.id}`)).json() as Order;
  assert.deepEqual([now.status, now.payment?.status], ['CONFIRMED', 'CAPTURED']);

  const declined = (await place(order(p, SANDBOX_CARDS.later, 1))).json() as Order;
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/payments/sandbox/${t.demo.tenantId}/${declined.payment?.id}/complete`,
    payload: { outcome: 'declined' },
  });
  const gone = (await call('GET', `/api/v1/customer-orders/${declined.id}`)).json() as Order;
  assert.deepEqual(
    [gone.status, gone.cancel_reason, gone.payment?.status],
    ['CANCELLED', 'payment_declined', 'DECLINED'],
  );
  assert.equal((await stock(p)).reserved, 1, 'only the confirmed order still holds stock');
});

test(`a forged webhook is refused and changes nothing (${mode})`, async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/payments/webhooks/sandbox/${t.demo.tenantId}`,
    headers: { 'content-type': 'application/json', 'x-sandbox-signature': 'deadbeef' },
    payload: JSON.stringify({
      event_id: 'e1',
      tenant_id: t.demo.tenantId,
      external_id: 'sbx_x',
      status: 'approved',
    }),
  });
  assert.equal(r.statusCode, 401, r.body);
  assert.match(r.headers['content-type'] ?? '', /problem\+json/);
});

test(`a double submit with one Idempotency-Key places one order (${mode})`, async () => {
  const p = await product('SAGA-IDEM');
  await receive(p, 10);
  const k = key();
  const [a, b] = await Promise.all([
    place(order(p, SANDBOX_CARDS.approved, 1), k),
    place(order(p, SANDBOX_CARDS.approved, 1), k),
  ]);
  const codes = [a.statusCode, b.statusCode].sort();
  // The second either replays the first's order or is told the first is still running.
  assert.ok(
    (codes[0] === 201 && codes[1] === 201) || (codes[0] === 201 && codes[1] === 409),
    `answers ${codes.join(', ')}`,
  );
  const replay = await place(order(p, SANDBOX_CARDS.approved, 1), k);
  assert.equal(replay.statusCode, 201);
  assert.equal(replay.headers['idempotent-replayed'], 'true');
  assert.equal((replay.json() as Order).id, (a.statusCode === 201 ? a : b).json().id);
  assert.equal((await stock(p)).reserved, 1, 'one order holds one unit');
  const missing = await call('POST', '/api/v1/customer-orders', order(p, SANDBOX_CARDS.approved, 1));
  assert.equal(missing.statusCode, 400);
});

test(`two buyers racing for the last unit: one order, one clear 409 (${mode})`, async () => {
  const p = await product('SAGA-LAST');
  await receive(p, 1);
  const rs = await Promise.all([
    place(order(p, SANDBOX_CARDS.approved, 1)),
    place(order(p, SANDBOX_CARDS.approved, 1)),
  ]);
  const codes = rs.map((r) => r.statusCode).sort();
  assert.deepEqual(codes, [201, 409]);
  const lost = rs.find((r) => r.statusCode === 409);
  assert.ok(lost);
  assert.equal((lost.json() as { code: string }).code, 'inventory.insufficient_stock');
  const list = (await call('GET', '/api/v1/customer-orders?q=ana@example.com&limit=100')).json() as {
    data: { lines: { product_id: string }[] }[];
  };
  assert.equal(
    list.data.filter((x) => x.lines[0]?.product_id === p).length,
    1,
    'the loser left no order behind',
  );
  assert.deepEqual(await stock(p), { on_hand: 1, reserved: 1, available: 0 });
});

test(`cancelling a paid order refunds it and releases the stock (${mode})`, async () => {
  const p = await product('SAGA-REFUND');
  await receive(p, 4);
  const o = (await place(order(p, SANDBOX_CARDS.approved, 4))).json() as Order;
  const c = await call('POST', `/api/v1/customer-orders/${o.id}/cancel`, { reason: 'changed my mind' });
  assert.equal(c.statusCode, 200, c.body);
  const done = c.json() as Order;
  assert.deepEqual(
    [done.status, done.payment?.status, done.cancel_reason],
    ['CANCELLED', 'REFUNDED', 'changed my mind'],
  );
  assert.deepEqual(await stock(p), { on_hand: 4, reserved: 0, available: 4 });
  assert.ok(done.timeline.some((s) => s.step === 'refund' && s.outcome === 'compensated'));
});

test(`bad orders are 4xx naming the field, and write nothing (${mode})`, async () => {
  const p = await product('SAGA-BAD');
  const free = await created('/api/v1/products', { sku: 'SAGA-FREE', name: 'Sin precio' });
  await receive(p, 5);
  await receive(free, 5);
  const cases: [object, number, string][] = [
    [order(p, '12'), 400, 'payment.card_number'],
    [{ ...order(p, SANDBOX_CARDS.approved), customer: { name: 'A', email: 'nope' } }, 400, 'customer.email'],
    [order(crypto.randomUUID(), SANDBOX_CARDS.approved), 400, 'lines[0].product_id'],
    [order(free, SANDBOX_CARDS.approved), 422, 'lines[0].product_id'],
    [{ ...order(p, SANDBOX_CARDS.approved), store_id: 'NOPE' }, 404, 'store_id'],
    [order(p, SANDBOX_CARDS.approved, 0), 400, 'lines.0.quantity'],
  ];
  for (const [body, status, field] of cases) {
    const r = await place(body);
    assert.equal(r.statusCode, status, `${field}: ${r.body}`);
    const errors = (r.json() as { errors?: { field: string }[] }).errors ?? [];
    assert.ok(
      errors.some((e) => e.field.replace(/\[(\d+)\]/g, '.$1') === field.replace(/\[(\d+)\]/g, '.$1')),
      `${field} named in ${r.body}`,
    );
  }
  assert.deepEqual(await stock(p), { on_hand: 5, reserved: 0, available: 5 });
});
