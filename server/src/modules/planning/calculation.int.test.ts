import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import type { Tx } from '../../platform/db/client.ts';
import { stockMovements } from '../inventory/schema.ts';
import { ordersFacade } from '../orders/index.ts';
import { createBufferRecalculation } from './buffers.recalculate.ts';
import { bufferHistory, demandForecasts, plannedAdjustments, planningAlerts } from './schema.ts';

let t: TestApp;
let h: { authorization: string };
const seen: { type: string; aggregateId: string; payload: Record<string, unknown> }[] = [];

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
const created = async (url: string, payload: object) => {
  const r = await call('POST', url, payload);
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};
const move = (kind: 'receipt' | 'shipment', product_id: string, store_id: string, quantity: number) =>
  call('POST', '/api/v1/stock/movements', { kind, product_id, store_id, quantity, reason: 'test' });
const asTenant = <T>(fn: (tx: Tx) => Promise<T>) => t.platform.uow.forTenant(t.demo.tenantId, (tx) => fn(tx));
/** The open supply order lines a buffer raised, as the orders module tells them. */
const supplyOf = async (productId: string, bufferId: string) =>
  (await asTenant((tx) => ordersFacade.openSupply(tx, t.demo.tenantId, { productIds: [productId] }))).filter(
    (o) => o.bufferId === bufferId,
  );
const today = () => new Date().toISOString().slice(0, 10);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

type Buffer = {
  id: string;
  adu: number;
  dlt: number;
  zones: { red: number; yellow: number; green: number; top_of_red: number; top_of_green: number };
  on_hand: number;
  on_order: number;
  net_flow_position: number;
  planning_priority: string;
  recommended_qty: number;
  propagated_adu: number | null;
  applied_factors: {
    demand: number;
    lead_time: number;
    zones: { red: number; yellow: number; green: number };
  };
};
const buffer = async (id: string) => (await call('GET', `/api/v1/buffers/${id}`)).json() as Buffer;
const newBuffer = async (payload: object) => {
  const r = await call('POST', '/api/v1/buffers', payload);
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as Buffer;
};
const product = (sku: string, extra: object = {}) =>
  created('/api/v1/products', { sku, name: `Producto ${sku}`, lead_time_days: 10, ...extra });
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

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  t.platform.onEvent((e) => {
    if (e.type.startsWith('planning.')) seen.push(e as never);
  });
  await created('/api/v1/locations', { code: 'CEDIS', name: 'Centro', type: 'warehouse', lead_time_days: 2 });
  await created('/api/v1/locations', { code: 'TDA-1', name: 'Tienda', type: 'store' });
});
after(async () => {
  await t?.close();
});

test(`future ADU spreads each forecast range over its days; blended weighs past and future (${mode})`, async () => {
  const p = await product('FUT-1');
  await move('receipt', p, 'TDA-1', 500);
  // 300 over 30 days = 10 a day, of which the buffer's 20-day window sees 20 days.
  const f = await call('POST', '/api/v1/demand-forecasts', {
    product_id: p,
    store_id: 'TDA-1',
    start_date: today(),
    end_date: day(29),
    quantity: 300,
  });
  assert.equal(f.statusCode, 201, f.body);
  const b = await newBuffer({
    product_id: p,
    store_id: 'TDA-1',
    adu_method: 'future',
    adu_horizon_days: 20,
    dlt_days: 10,
  });
  assert.equal(b.adu, 10);
  // 60 shipped yesterday over a 10-day past horizon = 6; half and half = 8.
  await move('shipment', p, 'TDA-1', 60);
  await t.platform.database.db.execute(
    sql`update stock_movements set created_at = now() - interval '1 day' where kind = 'shipment' and product_id = ${p}`,
  );
  const blended = (
    await call('PUT', `/api/v1/buffers/${b.id}`, {
      adu_method: 'blended',
      adu_horizon_days: 10,
      adu_future_horizon_days: 20,
      adu_past_weight: 0.5,
    })
  ).json() as Buffer;
  assert.equal(blended.adu, 8);
  // Changing the forecast recomputes the buffer through its event: 600 over 30 days → future 20, blended 13.
  const [row] = await asTenant((tx) =>
    tx.select({ id: demandForecasts.id }).from(demandForecasts).where(eq(demandForecasts.productId, p)),
  );
  const put = await call('PUT', `/api/v1/demand-forecasts/${row?.id}`, { quantity: 600 });
  assert.equal(put.statusCode, 200, put.body);
  await eventually(async () => (await buffer(b.id)).adu === 13, 'ADU after the forecast change');
});

test(`a movement excluded from ADU stops counting, and counts again when included (${mode})`, async () => {
  const p = await product('EXCL-1');
  await move('receipt', p, 'TDA-1', 500);
  await move('shipment', p, 'TDA-1', 60);
  await move('shipment', p, 'TDA-1', 40);
  await t.platform.database.db.execute(
    sql`update stock_movements set created_at = now() - interval '1 day' where kind = 'shipment' and product_id = ${p}`,
  );
  const b = await newBuffer({ product_id: p, store_id: 'TDA-1', adu_method: 'past', adu_horizon_days: 10 });
  assert.equal(b.adu, 10, '100 over 10 days');
  const [big] = await asTenant((tx) =>
    tx
      .select({ id: stockMovements.id })
      .from(stockMovements)
      .where(and(eq(stockMovements.productId, p), eq(stockMovements.quantity, '-60'))),
  );
  const r = await call('POST', '/api/v1/adu-exclusions', {
    movement_id: big?.id,
    reason: 'Venta única a una obra',
  });
  assert.equal(r.statusCode, 201, r.body);
  await eventually(async () => (await buffer(b.id)).adu === 4, 'ADU without the one-off sale');
  await call('DELETE', `/api/v1/adu-exclusions/${big?.id}`);
  await eventually(async () => (await buffer(b.id)).adu === 10, 'ADU with it again');
});

test(`planned adjustments multiply ADU, DLT and zones, and push demand down the BOM (${mode})`, async () => {
  const comp = await product('ADJ-C', { buffered: true });
  const fp = await product('ADJ-FP', { buffered: true, lead_time_days: 2, category: 'Montajes' });
  const bom = await call('POST', '/api/v1/boms', {
    product_id: fp,
    lines: [{ component_id: comp, quantity: 3 }],
  });
  assert.equal(bom.statusCode, 201, bom.body);
  await move('receipt', fp, 'TDA-1', 100);
  await move('receipt', comp, 'TDA-1', 100);
  const parent = await newBuffer({
    product_id: fp,
    store_id: 'TDA-1',
    adu_method: 'fixed',
    adu_fixed: 4,
    dlt_days: 10,
  });
  const child = await newBuffer({
    product_id: comp,
    store_id: 'TDA-1',
    adu_method: 'fixed',
    adu_fixed: 5,
    dlt_days: 10,
  });
  assert.deepEqual([parent.zones.red, parent.zones.yellow, parent.zones.green], [30, 40, 20]);
  await asTenant((tx) =>
    tx.insert(plannedAdjustments).values({
      tenantId: t.demo.tenantId,
      productCategory: 'Montajes',
      startDate: day(-1),
      endDate: day(5),
      demandFactor: '1.5',
      leadTimeFactor: '2',
      greenFactor: '2',
    }),
  );
  // Not yet in force: a future adjustment changes nothing.
  await asTenant((tx) =>
    tx.insert(plannedAdjustments).values({
      tenantId: t.demo.tenantId,
      bufferId: parent.id,
      startDate: day(3),
      endDate: day(9),
      demandFactor: '10',
    }),
  );
  await createBufferRecalculation(t.platform).recalculateTenant(t.demo.tenantId);
  const p2 = await buffer(parent.id);
  assert.deepEqual(
    [p2.adu, p2.dlt, p2.zones.red, p2.zones.yellow, p2.zones.green],
    [6, 20, 90, 120, 120],
    'ADU 4 × 1.5, DLT 10 × 2, green (d × ADU × LTF = 60) × 2',
  );
  assert.deepEqual(p2.applied_factors, { demand: 1.5, lead_time: 2, zones: { red: 1, yellow: 1, green: 2 } });
  const c2 = await buffer(child.id);
  assert.deepEqual([c2.propagated_adu, c2.adu], [6, 11], 'the parent’s extra 2 a day × 3 per unit');
  // A stock event keeps the factors: net flow moves, zones stay adjusted.
  await move('shipment', fp, 'TDA-1', 10);
  const p3 = await eventually(async () => {
    const b = await buffer(parent.id);
    return b.on_hand === 90 ? b : undefined;
  }, 'net flow after the shipment');
  assert.deepEqual([p3.adu, p3.zones.green], [6, 120]);
});

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
  await t.platform.database.db.execute(
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
  await t.platform.database.db.execute(
    sql`update supply_orders set created_at = now() - interval '25 days', due_date = ${day(2)}
      where id in (select order_id from supply_order_lines where buffer_id = ${b.id})`,
  );
  await createBufferRecalculation(t.platform).recalculateTenant(t.demo.tenantId);
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

test(`the nightly run recalculates every buffer, snapshots the day and stays quiet when nothing moved (${mode})`, async () => {
  const recalc = createBufferRecalculation(t.platform);
  const n = await recalc.recalculateTenant(t.demo.tenantId);
  const count = await asTenant((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(bufferHistory));
  assert.equal(count[0]?.n, n, 'one snapshot per buffer for today');
  const rows = await asTenant((tx) =>
    tx.select({ date: bufferHistory.date }).from(bufferHistory).where(eq(bufferHistory.date, today())),
  );
  assert.equal(rows.length, n);
  // The first run's events reach the bus through the relay: let them land before counting.
  await new Promise((r) => setTimeout(r, 500));
  const before = seen.filter((e) => e.type === 'planning.buffer.calculated').length;
  await recalc.recalculateTenant(t.demo.tenantId);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(
    seen.filter((e) => e.type === 'planning.buffer.calculated').length,
    before,
    'no news, no events',
  );
  const again = await asTenant((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(bufferHistory));
  assert.equal(again[0]?.n, n, 'a second run the same day replaces the snapshot');
});
