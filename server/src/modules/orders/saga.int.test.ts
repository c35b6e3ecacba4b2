import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { createCustomerOrdersService } from './customer-orders.service.ts';
import { createGateways } from './payments/registry.ts';
import { createSandboxGateway, SANDBOX_CARDS } from './payments/sandbox.ts';
import { createSaga, SagaCrash } from './saga.ts';

let t: TestApp;
let ctx: RequestContext;
let h: Record<string, string>;
let n = 0;

const gateways = () => createGateways(t.platform.config, createSandboxGateway(t.platform));
/** A worker that dies right after `step` (its lease stays taken, as a dead process leaves it). */
const crashingAt = (step: string) => {
  const gw = gateways();
  const saga = createSaga(t.platform, gw, {
    afterStep: (s) => {
      if (s === step) throw new SagaCrash(`died after ${step}`);
    },
  });
  return createCustomerOrdersService(t.platform, saga, gw);
};
/** A fresh worker, after the dead one's lease ran out. */
const restart = async (orderId: string) => {
  await t.platform.uow.forTenant(t.demo.tenantId, (tx) =>
    tx.execute(sql`update customer_orders set lease_until = case when lease_until is null then null else now() - interval '1 second' end,
      updated_at = now() - interval '1 minute' where id = ${orderId}`),
  );
  return createSaga(t.platform, gateways()).resumeDue();
};
const q = async <T>(query: ReturnType<typeof sql>) =>
  (await t.platform.uow.forTenant(t.demo.tenantId, (tx) => tx.execute(query))).rows as T[];

/** What the order, its payment and the stock say, and whether the ledger agrees with itself. */
const state = async (orderId: string, productId: string) => {
  const [o] = await q<{ status: string; payment: string; step: string }>(sql`
    select o.status, p.status as payment, o.saga_step as step from customer_orders o join payments p on p.order_id = o.id
    where o.id = ${orderId}`);
  const [b] = await q<{ on_hand: number; reserved: number; held: number; ledger: number }>(sql`
    select b.on_hand::float8 as on_hand, b.reserved::float8 as reserved,
      coalesce((select sum(l.quantity) from reservation_lines l join reservations r on r.id = l.reservation_id
        where l.product_id = b.product_id and l.location_id = b.location_id and r.status = 'PENDING' and l.released_at is null), 0)::float8 as held,
      (select coalesce(sum(m.quantity), 0) from stock_movements m where m.product_id = b.product_id and m.location_id = b.location_id)::float8 as ledger
    from stock_balances b where b.product_id = ${productId}`);
  assert.ok(b, 'the item has a balance');
  assert.equal(b.reserved, b.held, 'reserved equals what pending reservations hold');
  assert.equal(b.on_hand, b.ledger, 'on hand equals the ledger');
  return { status: o?.status, payment: o?.payment, step: o?.step, on_hand: b.on_hand, reserved: b.reserved };
};

const setup = async (card: string) => {
  const sku = `CRASH-${n++}`;
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: h,
    payload: { sku, name: sku, price: '10' },
  });
  const productId = (r.json() as { id: string }).id;
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/stock/movements',
    headers: h,
    payload: { kind: 'receipt', product_id: productId, store_id: 'TDA-1', quantity: 5, reason: 'test' },
  });
  const input = {
    lines: [{ product_id: productId, quantity: '2' }],
    store_id: 'TDA-1',
    customer: { name: 'Luis', email: 'luis@example.com' },
    payment: { method: 'card' as const, card_number: card },
  };
  return { productId, input, opts: { idempotencyKey: `crash-${sku}`, channel: 'api' as const } };
};

const orderIdOf = async (key: string) =>
  (await q<{ id: string }>(sql`select id from customer_orders where idempotency_key = ${key}`))[0]?.id ?? '';

before(async () => {
  t = await buildTestApp();
  ctx = {
    tenantId: t.demo.tenantId,
    userId: t.demo.adminUserId,
    kind: 'user',
    roles: ['Admin'],
    permissions: ['*:*'],
    storeIds: null,
  };
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/locations',
    headers: h,
    payload: { code: 'TDA-1', name: 'Tienda', type: 'store' },
  });
});
after(async () => {
  await t?.close();
});

// A worker dies after each step of a paying order; a new worker finishes it: paid once, stock held once.
for (const step of ['reserve', 'authorize', 'hold', 'capture', 'confirm']) {
  test(`an approved order whose worker died after ${step} is confirmed on restart (${mode})`, async () => {
    const { productId, input, opts } = await setup(SANDBOX_CARDS.approved);
    await assert.rejects(crashingAt(step).place(ctx, input, opts), SagaCrash);
    const id = await orderIdOf(opts.idempotencyKey);
    assert.equal((await state(id, productId)).reserved, 2, 'the stock stays held while the saga is down');
    await restart(id);
    assert.deepEqual(await state(id, productId), {
      status: 'CONFIRMED',
      payment: 'CAPTURED',
      step: 'wait_fulfilment',
      on_hand: 5,
      reserved: 2,
    });
    const captures = await q<{ n: number }>(sql`
      select count(*)::int as n from payment_sandbox_charges c join payments p on c.reference = p.external_id
      where p.order_id = ${id} and c.operation = 'capture'`);
    assert.equal(captures[0]?.n, 1, 'captured exactly once');
  });
}

// A declined order's worker dies on the way to compensating; a new worker releases the stock and cancels.
for (const step of ['reserve', 'authorize', 'money', 'compensate']) {
  test(`a declined order whose worker died after ${step} is compensated on restart (${mode})`, async () => {
    const { productId, input, opts } = await setup(SANDBOX_CARDS.declined);
    await assert.rejects(crashingAt(step).place(ctx, input, opts), SagaCrash);
    const id = await orderIdOf(opts.idempotencyKey);
    await restart(id);
    assert.deepEqual(await state(id, productId), {
      status: 'CANCELLED',
      payment: 'DECLINED',
      step: 'done',
      on_hand: 5,
      reserved: 0,
    });
  });
}

// The approval and the hold commit together: a hold that lapsed while the card was authorised
// sends the saga to compensate in that same transaction (the authorisation voided, nothing captured).
test(`an approval after the reservation lapsed voids the payment and cancels (${mode})`, async () => {
  const { productId, input, opts } = await setup(SANDBOX_CARDS.approved);
  await assert.rejects(crashingAt('reserve').place(ctx, input, opts), SagaCrash);
  const id = await orderIdOf(opts.idempotencyKey);
  await q(sql`update reservations set expires_at = now() - interval '1 second'
    where id = (select reservation_id from customer_orders where id = ${id})`);
  await restart(id);
  const s = await state(id, productId);
  assert.deepEqual([s.status, s.payment, s.step, s.on_hand], ['CANCELLED', 'VOIDED', 'done', 5]);
  const [o] = await q<{ cancel_reason: string }>(
    sql`select cancel_reason from customer_orders where id = ${id}`,
  );
  assert.equal(o?.cancel_reason, 'reservation_expired');
  const steps = await q<{ s: string }>(
    sql`select step || ':' || outcome as s from order_saga_log where order_id = ${id} order by at, id`,
  );
  assert.deepEqual(
    steps.map((x) => x.s),
    [
      'reserve:done',
      'authorize:done',
      'hold:failed',
      'void:compensated',
      'release:compensated',
      'cancel:compensated',
    ],
  );
  const captures = await q<{ n: number }>(sql`
    select count(*)::int as n from payment_sandbox_charges c join payments p on c.reference = p.external_id
    where p.order_id = ${id} and c.operation = 'capture'`);
  assert.equal(captures[0]?.n, 0, 'nothing captured');
});

test(`a cancellation whose worker died after the refund releases the stock on restart (${mode})`, async () => {
  const { productId, input, opts } = await setup(SANDBOX_CARDS.approved);
  const placed = await crashingAt('never').place(ctx, input, opts);
  assert.equal(placed.status, 'CONFIRMED');
  await assert.rejects(crashingAt('refund').cancel(ctx, placed.id, 'test'), SagaCrash);
  assert.equal((await state(placed.id, productId)).reserved, 2, 'refunded but not yet released');
  await restart(placed.id);
  assert.deepEqual(await state(placed.id, productId), {
    status: 'CANCELLED',
    payment: 'REFUNDED',
    step: 'done',
    on_hand: 5,
    reserved: 0,
  });
});

test(`a payment that never answers times out: voided, released, cancelled (${mode})`, async () => {
  const { productId, input, opts } = await setup(SANDBOX_CARDS.later);
  const placed = await crashingAt('never').place(ctx, input, opts);
  assert.equal(placed.status, 'PAYMENT_PENDING');
  await createSaga(t.platform, gateways()).resumeDue();
  assert.equal((await state(placed.id, productId)).status, 'PAYMENT_PENDING', 'not before the timeout');
  await q(sql`update customer_orders set updated_at = now() - interval '2 hours' where id = ${placed.id}`);
  await createSaga(t.platform, gateways()).resumeDue();
  const s = await state(placed.id, productId);
  assert.deepEqual([s.status, s.payment, s.reserved], ['CANCELLED', 'VOIDED', 0]);
  const [o] = await q<{ cancel_reason: string }>(
    sql`select cancel_reason from customer_orders where id = ${placed.id}`,
  );
  assert.equal(o?.cancel_reason, 'payment_timeout');
});
