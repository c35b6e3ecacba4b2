import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { eventually, mode } from '../../../test/helpers.ts';
import { ordersFacade } from '../orders/index.ts';
import { createBufferRecalculation } from './buffers.recalculate.ts';
import { calculationSuite } from './calculation.support.ts';
import { planningAlerts } from './schema.ts';

// What the calculation orders and warns about: auto-procurement, sources, alerts on stock and supply.

const suite = calculationSuite();
const { seen, call, created, move, asTenant, day, buffer, newBuffer, product } = suite;
/** The open supply order lines a buffer raised, as the orders module tells them. */
const supplyOf = async (productId: string, bufferId: string) =>
  (
    await asTenant((tx) => ordersFacade.openSupply(tx, suite.t.demo.tenantId, { productIds: [productId] }))
  ).filter((o) => o.bufferId === bufferId);
const openAlerts = (bufferId: string | null, kind: string) =>
  asTenant((tx) =>
    tx
      .select()
      .from(planningAlerts)
      .where(
        and(
          eq(planningAlerts.kind, kind as 'on_hand'),
          eq(planningAlerts.status, 'OPEN'),
          bufferId ? eq(planningAlerts.bufferId, bufferId) : undefined,
        ),
      ),
  );

test(`auto-procure orders once even when two calculations race; max batch splits the order (${mode})`, async () => {
  const p = await product('AUTO-1');
  await move('receipt', p, 'TDA-1', 10);
  const b = await newBuffer({
    product_id: p,
    store_id: 'TDA-1',
    adu_method: 'fixed',
    adu_fixed: 10,
    dlt_days: 10,
    max_batch: 100,
  });
  // TOG = 75 + 100 + 50 = 225; NFP 10 → 215 suggested, nothing ordered yet.
  assert.deepEqual([b.recommended_qty, b.on_order], [215, 0]);
  // Switched on behind the buffer's back, then two calculations at once: one orders, the other
  // finds the supply already there.
  await suite.t.platform.database.db.execute(
    sql`update buffers set auto_procure = 'on_suggestion' where id = ${b.id}`,
  );
  const [r1, r2] = await Promise.all([
    call('POST', `/api/v1/buffers/${b.id}/recalculate`),
    call('POST', `/api/v1/buffers/${b.id}/recalculate`),
  ]);
  assert.deepEqual([r1.statusCode, r2.statusCode], [200, 200], r1.body + r2.body);
  const orders = (await supplyOf(p, b.id)).sort((x, y) => x.quantity - y.quantity);
  assert.deepEqual(
    orders.map((o) => [o.quantity, o.kind, o.origin]),
    [
      [15, 'purchase', 'auto'],
      [100, 'purchase', 'auto'],
      [100, 'purchase', 'auto'],
    ],
    'one order of 215 in batches of 100, not two',
  );
  const now = await buffer(b.id);
  assert.deepEqual([now.on_order, now.net_flow_position, now.planning_priority], [215, 225, 'green']);
  const all = (await call('GET', '/api/v1/replenishment-suggestions?status=APPROVED')).json() as {
    data: { buffer_id: string; quantity: number }[];
  };
  assert.deepEqual(
    all.data.filter((s) => s.buffer_id === b.id).map((s) => s.quantity),
    [215],
    'the open suggestion is the one auto-procurement fulfilled',
  );
});

test(`a distributed buffer takes its DLT from the source location and is capped by its free stock (${mode})`, async () => {
  const p = await product('DIST-1');
  await move('receipt', p, 'CEDIS', 30);
  const b = await newBuffer({
    product_id: p,
    store_id: 'TDA-1',
    adu_method: 'fixed',
    adu_fixed: 10,
    source_location: 'CEDIS',
  });
  assert.equal(b.dlt, 2, 'the source location’s lead time');
  // TOG = 15 + 20 + 10 = 45 → 45 wanted, 30 free at the source.
  assert.equal(b.recommended_qty, 30);
  const [s] = (
    (await call('GET', '/api/v1/replenishment-suggestions')).json() as {
      data: { id: string; buffer_id: string }[];
    }
  ).data.filter((x) => x.buffer_id === b.id);
  const approved = await call('POST', `/api/v1/replenishment-suggestions/${s?.id}/approve`);
  assert.equal(approved.statusCode, 200, approved.body);
  const [order] = await supplyOf(p, b.id);
  assert.equal(order?.kind, 'transfer');
  assert.ok(order?.sourceLocationId, 'the transfer names its source');
  const pos = (await call('GET', `/api/v1/buffers/${b.id}/positions`)).json() as {
    supply: { kind: string; quantity: number; within_dlt: boolean; origin: string }[];
  };
  assert.deepEqual(
    pos.supply.map((x) => [x.kind, x.quantity, x.within_dlt, x.origin]),
    [['transfer', 30, true, 'approved']],
  );
  const own = await call('PUT', `/api/v1/buffers/${b.id}`, { source_location: 'TDA-1' });
  assert.equal(own.statusCode, 400, own.body);
  assert.match(own.body, /source_location/);
});

test(`buffers replenished from one source share its free stock, neediest first (${mode})`, async () => {
  await created('/api/v1/locations', { code: 'TDA-2', name: 'Tienda 2', type: 'store' });
  const p = await product('SHARE-1');
  await move('receipt', p, 'CEDIS', 30);
  await move('receipt', p, 'TDA-2', 10);
  const settings = { product_id: p, adu_method: 'fixed', adu_fixed: 10, source_location: 'CEDIS' };
  // DLT 2 (the source's lead time): TOR 15, TOY 35, TOG 45.
  const empty = await newBuffer({ ...settings, store_id: 'TDA-1' });
  const some = await newBuffer({ ...settings, store_id: 'TDA-2' });
  const wants = async () => [
    (await buffer(empty.id)).recommended_qty,
    (await buffer(some.id)).recommended_qty,
  ];
  assert.deepEqual(await wants(), [30, 0], 'the emptier store takes all 30; nothing is promised twice');
  const [s] = (
    (await call('GET', '/api/v1/replenishment-suggestions')).json() as {
      data: { id: string; buffer_id: string }[];
    }
  ).data.filter((x) => x.buffer_id === empty.id);
  await call('POST', `/api/v1/replenishment-suggestions/${s?.id}/approve`);
  // 100 more at the source, 30 of it promised to the unshipped transfer: 100 to share. TDA-2 (red)
  // goes first for its 35, TDA-1 (yellow with 30 on order) takes its 15.
  await move('receipt', p, 'CEDIS', 100);
  await eventually(async () => {
    const [a, b] = await wants();
    return a === 15 && b === 35;
  }, 'the shares after the receipt');
});

test(`long-lead supply raises a lead-time alert in the last part of its lead time (${mode})`, async () => {
  const profiles = (await call('GET', '/api/v1/buffer-profiles')).json() as {
    data: { id: string; name: string }[];
  };
  const long = profiles.data.find((x) => x.name === 'purchased · long lead time · medium variability');
  const p = await product('LONG-1');
  const b = await newBuffer({
    product_id: p,
    store_id: 'TDA-1',
    profile_id: long?.id,
    adu_method: 'fixed',
    adu_fixed: 1,
    dlt_days: 27,
  });
  const [s] = (
    (await call('GET', '/api/v1/replenishment-suggestions')).json() as {
      data: { id: string; buffer_id: string }[];
    }
  ).data.filter((x) => x.buffer_id === b.id);
  await call('POST', `/api/v1/replenishment-suggestions/${s?.id}/approve`);
  assert.equal((await openAlerts(b.id, 'lead_time')).length, 0, 'just placed: nothing to say');
  // Placed 25 days ago, due in 2: the last ninth of a 27-day lead time.
  await suite.t.platform.database.db.execute(
    sql`update supply_orders set created_at = now() - interval '25 days', due_date = ${day(2)}
      where id in (select order_id from supply_order_lines where buffer_id = ${b.id})`,
  );
  await createBufferRecalculation(suite.t.platform).recalculateTenant(suite.t.demo.tenantId);
  const [alert] = await openAlerts(b.id, 'lead_time');
  assert.deepEqual(
    [alert?.severity, (alert?.details as { days_left?: number } | undefined)?.days_left],
    ['red', 2],
  );
});

test(`alerts open with the condition and resolve when it passes (${mode})`, async () => {
  const p = await product('ALR-1');
  await move('receipt', p, 'TDA-1', 10);
  const b = await newBuffer({
    product_id: p,
    store_id: 'TDA-1',
    adu_method: 'fixed',
    adu_fixed: 10,
    dlt_days: 10,
    spike_horizon_days: 3,
  });
  // TOR 75: on hand 10 is red, projected out of stock in a day, and the spike horizon is short.
  assert.deepEqual(
    (await openAlerts(b.id, 'on_hand')).map((a) => a.severity),
    ['red'],
  );
  assert.deepEqual(
    (await openAlerts(b.id, 'projected_on_hand')).map((a) => a.severity),
    ['red'],
  );
  assert.equal((await openAlerts(b.id, 'spike_horizon')).length, 1);
  await eventually(
    async () => seen.some((e) => e.type === 'planning.alert.raised' && e.payload.buffer_id === b.id),
    'the alert event on the bus',
  );
  await move('receipt', p, 'TDA-1', 500);
  await eventually(
    async () => (await openAlerts(b.id, 'on_hand')).length === 0,
    'the on-hand alert resolved',
  );
  assert.equal((await openAlerts(b.id, 'projected_on_hand')).length, 0);
  const hold = await call('POST', '/api/v1/reservations', {
    product_id: p,
    store_id: 'TDA-1',
    quantity: 5,
    customer_id: 'c-1',
  });
  assert.equal(hold.statusCode, 201, hold.body);
  const pos = (await call('GET', `/api/v1/buffers/${b.id}/positions`)).json() as {
    holds: { quantity: number; customer_id: string }[];
  };
  assert.deepEqual(
    pos.holds.map((x) => [x.quantity, x.customer_id]),
    [[5, 'c-1']],
  );
  await call('PUT', `/api/v1/buffers/${b.id}`, { spike_horizon_days: null });
  assert.equal((await openAlerts(b.id, 'spike_horizon')).length, 0);
});

test(`material synchronization flags a missing non-buffered component of planned production (${mode})`, async () => {
  const part = await product('SYNC-PART');
  const fp = await product('SYNC-FP', { buffered: true, lead_time_days: 1 });
  await call('POST', '/api/v1/boms', { product_id: fp, lines: [{ component_id: part, quantity: 2 }] });
  const b = await newBuffer({
    product_id: fp,
    store_id: 'TDA-1',
    adu_method: 'fixed',
    adu_fixed: 1,
    dlt_days: 5,
  });
  const [s] = (
    (await call('GET', '/api/v1/replenishment-suggestions')).json() as {
      data: { id: string; buffer_id: string; quantity: number }[];
    }
  ).data.filter((x) => x.buffer_id === b.id);
  assert.ok(s, 'an empty buffer suggests');
  await call('POST', `/api/v1/replenishment-suggestions/${s.id}/approve`, { quantity: 10 });
  const [alert] = await openAlerts(null, 'material_sync');
  assert.deepEqual(
    [alert?.severity, alert?.productId, (alert?.details as { shortage?: number } | undefined)?.shortage],
    ['red', part, 20],
  );
  await move('receipt', part, 'TDA-1', 25);
  await eventually(
    async () => (await openAlerts(null, 'material_sync')).length === 0,
    'the sync alert resolved',
  );
});
