import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { demoContext } from '../module.ts';
import { ordersFacade, type SupplyStatus } from '../orders/index.ts';
import { insertSupplyOrder, loadSupplyOrder, setSupplyStatus } from '../orders/supply.repo.ts';

let t: TestApp;
let h: { authorization: string };
let store: string;

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
const created = async (url: string, payload: object) => {
  const r = await call('POST', url, payload);
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const product = (sku: string, extra: object = {}) =>
  created('/api/v1/products', { sku, name: `Producto ${sku}`, lead_time_days: 10, ...extra });
const receive = (product_id: string, quantity: number) =>
  call('POST', '/api/v1/stock/movements', {
    kind: 'receipt',
    product_id,
    store_id: 'TDA-1',
    quantity,
    reason: 'test',
  });

type Buffer = {
  id: string;
  adu: number;
  on_order: number;
  long_term_supply: number;
  net_flow_position: number;
  recommended_qty: number;
};
const buffer = async (id: string) => (await call('GET', `/api/v1/buffers/${id}`)).json() as Buffer;
const newBuffer = async (payload: object) => {
  const r = await call('POST', '/api/v1/buffers', { store_id: 'TDA-1', adu_method: 'fixed', ...payload });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as Buffer;
};
const approve = async (bufferId: string, payload?: object) => {
  const inbox = (await call('GET', '/api/v1/replenishment-suggestions')).json() as {
    data: { id: string; buffer_id: string }[];
  };
  const s = inbox.data.find((x) => x.buffer_id === bufferId);
  assert.ok(s, 'the buffer suggests');
  const r = await call('POST', `/api/v1/replenishment-suggestions/${s.id}/approve`, payload);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { supply_order_id: string; status: string };
};
const openSupply = (productId: string) =>
  t.platform.uow.forTenant(t.demo.tenantId, (tx) =>
    ordersFacade.openSupply(tx, t.demo.tenantId, { productIds: [productId] }),
  );
/** A supply order raised by hand in the orders module (not by planning). */
const manualOrder = (o: {
  productId: string;
  quantity: number;
  dueDate: string;
  kind?: 'purchase' | 'production';
  bomSnapshot?: { component_id: string; quantity: string; scrap_pct: string }[];
}) =>
  t.platform.uow.forTenant(t.demo.tenantId, (tx, emit) =>
    insertSupplyOrder(tx, emit, t.demo.tenantId, t.demo.adminUserId, {
      kind: o.kind ?? 'purchase',
      status: 'OPEN',
      supplierId: null,
      locationId: store,
      sourceLocationId: null,
      origin: 'manual',
      dueDate: o.dueDate,
      currency: 'MXN',
      bomSnapshot: o.bomSnapshot ?? null,
      lines: [{ productId: o.productId, quantity: String(o.quantity), unitPriceMinor: null, bufferId: null }],
    }),
  );
/** Moves an order as the orders module does, outside planning: it emits `orders.supply.changed`. */
const moveOrder = (id: string, status: SupplyStatus, extra: { componentsIssued?: boolean } = {}) =>
  t.platform.uow.forTenant(t.demo.tenantId, async (tx, emit) =>
    setSupplyStatus(tx, emit, await loadSupplyOrder(tx, t.demo.tenantId, id, true), status, extra),
  );
type Alert = {
  kind: string;
  severity: string;
  status: string;
  buffer_id: string | null;
  product_id: string;
  supply_order_id: string | null;
  message: string;
  details: Record<string, unknown>;
};
const alerts = async (kind: string, productId: string) =>
  (
    (await call('GET', `/api/v1/alerts?kind=${kind}&product_id=${productId}`)).json() as {
      data: Alert[];
    }
  ).data;

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  store = await created('/api/v1/locations', { code: 'TDA-1', name: 'Tienda', type: 'store' });
});
after(async () => {
  await t?.close();
});

test(`an approved suggestion is an open supply order, in net flow and among the buffer's positions (${mode})`, async () => {
  const p = await product('SO-1');
  await receive(p, 10);
  const b = await newBuffer({ product_id: p, adu_fixed: 10, dlt_days: 10 });
  // TOG 225, NFP 10: 215 wanted.
  assert.equal(b.recommended_qty, 215);
  const s = await approve(b.id);
  const lines = await openSupply(p);
  assert.equal(lines.length, 1);
  const [o] = lines;
  assert.deepEqual(
    [o?.orderId, o?.kind, o?.status, o?.origin, o?.quantity, o?.bufferId, o?.locationId, o?.dueDate],
    [s.supply_order_id, 'purchase', 'OPEN', 'approved', 215, b.id, store, day(10)],
  );
  assert.match(o?.number ?? '', /^PO-\d{6}$/);
  const now = await buffer(b.id);
  assert.deepEqual([now.on_order, now.net_flow_position, now.recommended_qty], [215, 225, 0]);
  const pos = (await call('GET', `/api/v1/buffers/${b.id}/positions`)).json() as {
    supply: Record<string, unknown>[];
  };
  assert.deepEqual(pos.supply, [
    {
      id: s.supply_order_id,
      order_id: s.supply_order_id,
      number: o?.number,
      kind: 'purchase',
      status: 'OPEN',
      quantity: 215,
      due_date: day(10),
      within_dlt: true,
      origin: 'approved',
    },
  ]);
});

test(`the buffer's positions count in net flow exactly the supply its calculation counts (${mode})`, async () => {
  const p = await product('SO-WIN');
  await receive(p, 10);
  // DLT 10 × incoming safety factor 0.5: supply due within 5 days counts, the 5th day included.
  const b = await newBuffer({ product_id: p, adu_fixed: 10, dlt_days: 10, incoming_safety_factor: 0.5 });
  for (const [due, quantity] of [
    [-2, 5],
    [3, 20],
    [5, 30],
    [6, 40],
    [30, 80],
  ] as const)
    await manualOrder({ productId: p, quantity, dueDate: day(due) });
  const agree = async (within: number, later: number) => {
    const calc = (await call('POST', `/api/v1/buffers/${b.id}/recalculate`)).json() as Buffer;
    assert.deepEqual([calc.on_order, calc.long_term_supply], [within, later], 'the calculation');
    const pos = (await call('GET', `/api/v1/buffers/${b.id}/positions`)).json() as {
      supply: { quantity: number; within_dlt: boolean }[];
    };
    const sum = (counted: boolean) =>
      pos.supply.filter((x) => x.within_dlt === counted).reduce((a, x) => a + x.quantity, 0);
    assert.deepEqual([sum(true), sum(false)], [within, later], 'the positions');
  };
  // Overdue 5, 20 in 3 days, 30 on the window's last day; 40 the day after and 80 in a month later.
  await agree(55, 120);
  // A factor of 1 widens the window to the whole DLT: the 40 due in 6 days counts too.
  const put = await call('PUT', `/api/v1/buffers/${b.id}`, { incoming_safety_factor: 1 });
  assert.equal(put.statusCode, 200, put.body);
  await agree(95, 80);
});

test(`supply changed in the orders module moves the buffer's net flow through its events (${mode})`, async () => {
  const p = await product('SO-2');
  await receive(p, 10);
  const b = await newBuffer({ product_id: p, adu_fixed: 10, dlt_days: 10 });
  const s = await approve(b.id);
  assert.equal((await buffer(b.id)).on_order, 215);
  // An order placed by hand is on order too, once its creation event arrives.
  const manual = await manualOrder({ productId: p, quantity: 40, dueDate: day(5) });
  await eventually(async () => (await buffer(b.id)).on_order === 255, 'the manual order on order');
  // Cancelling the approved order takes it out of net flow.
  await moveOrder(s.supply_order_id, 'CANCELLED');
  const after = await eventually(async () => {
    const now = await buffer(b.id);
    return now.on_order === 40 ? now : undefined;
  }, 'the cancelled order out of net flow');
  assert.equal(after.net_flow_position, 50);
  assert.deepEqual(
    (await openSupply(p)).map((o) => [o.orderId, o.origin]),
    [[manual.id, 'manual']],
  );
});

test(`an auto-procured order net flow does not count yet is placed once, not again on its own event (${mode})`, async () => {
  // No stock moves, so nothing but the buffer's own creation and its order's event calculates it.
  const p = await product('SO-3');
  // Due after the DLT (10 days) but only half of it counts: the order stays out of net flow,
  // so the buffer keeps recommending. Its creation event must not make planning order again.
  const b = await newBuffer({
    product_id: p,
    adu_fixed: 10,
    dlt_days: 10,
    incoming_safety_factor: 0.5,
    auto_procure: 'on_suggestion',
  });
  assert.ok(b.recommended_qty > 0, 'still recommending');
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(
    (await openSupply(p)).map((o) => [o.origin, o.quantity]),
    [['auto', 225]],
  );
});

test(`late supply raises a red alert with the order number and resolves when received or cancelled (${mode})`, async () => {
  const p = await product('SO-4');
  await receive(p, 500);
  const b = await newBuffer({ product_id: p, adu_fixed: 1, dlt_days: 10 });
  const first = await manualOrder({ productId: p, quantity: 40, dueDate: day(-3) });
  const second = await manualOrder({ productId: p, quantity: 5, dueDate: day(-1) });
  await manualOrder({ productId: p, quantity: 7, dueDate: day(2) });
  const open = await eventually(async () => {
    const list = await alerts('late_supply', p);
    return list.length === 2 ? list : undefined;
  }, 'two late-supply alerts');
  const mine = open.find((a) => a.supply_order_id === first.id);
  assert.deepEqual(
    [mine?.severity, mine?.buffer_id, mine?.details.order_number, mine?.details.days_late],
    ['red', b.id, first.number, 3],
  );
  assert.match(mine?.message ?? '', new RegExp(`^${first.number}: 40 of SO-4 .*3 days late`));
  await moveOrder(first.id, 'RECEIVED');
  await eventually(async () => {
    const list = await alerts('late_supply', p);
    return list.length === 1 && list[0]?.supply_order_id === second.id;
  }, 'the received order’s alert resolved');
  await moveOrder(second.id, 'CANCELLED');
  await eventually(async () => (await alerts('late_supply', p)).length === 0, 'the cancelled one too');
});

test(`material synchronization covers open production until its components are issued, by its BOM snapshot (${mode})`, async () => {
  const part = await product('SO-PART');
  const fp = await product('SO-FP', { buffered: true, lead_time_days: 1 });
  const bom = await call('POST', '/api/v1/boms', {
    product_id: fp,
    lines: [{ component_id: part, quantity: 2 }],
  });
  assert.equal(bom.statusCode, 201, bom.body);
  const b = await newBuffer({ product_id: fp, adu_fixed: 1, dlt_days: 5 });
  const s = await approve(b.id, { quantity: 10 });
  const [order] = await openSupply(fp);
  assert.deepEqual([order?.kind, order?.status], ['production', 'OPEN']);
  const [short] = await alerts('material_sync', part);
  assert.deepEqual(
    [short?.supply_order_id, short?.details.shortage, short?.details.order_number],
    [s.supply_order_id, 20, order?.number],
  );
  // Started, its components issued: nothing more to draw.
  await moveOrder(s.supply_order_id, 'IN_PROGRESS', { componentsIssued: true });
  await eventually(async () => (await alerts('material_sync', part)).length === 0, 'the alert resolved');
  // An order made by hand needs what its snapshot says: 10 × 3 plus 10% scrap.
  const manual = await manualOrder({
    productId: fp,
    quantity: 10,
    dueDate: day(8),
    kind: 'production',
    bomSnapshot: [{ component_id: part, quantity: '3', scrap_pct: '10' }],
  });
  const [again] = await eventually(async () => {
    const list = await alerts('material_sync', part);
    return list.length ? list : undefined;
  }, 'the snapshot’s shortage');
  assert.deepEqual([again?.supply_order_id, again?.details.shortage], [manual.id, 33]);
});

test(`components issued to production count as usage in past ADU and can be left out of it (${mode})`, async () => {
  const part = await product('SO-ISSUE');
  await receive(part, 100);
  const issued = await t.platform.uow.forTenant(t.demo.tenantId, (tx, emit) =>
    inventoryFacade.postMovements(tx, demoContext(t.demo), emit, [
      {
        productId: part,
        locationId: store,
        locationCode: 'TDA-1',
        allowNegative: false,
        quantity: '-20',
        kind: 'production_issue',
      },
    ]),
  );
  const movementId = issued[0]?.movement_id;
  await t.platform.database.db.execute(
    sql`update stock_movements set created_at = now() - interval '1 day' where id = ${movementId}`,
  );
  const b = await newBuffer({ product_id: part, adu_method: 'past', adu_horizon_days: 10 });
  assert.equal(b.adu, 2, '20 issued over 10 days');
  const r = await call('POST', '/api/v1/adu-exclusions', { movement_id: movementId, reason: 'Prototipo' });
  assert.equal(r.statusCode, 201, r.body);
  await eventually(async () => (await buffer(b.id)).adu === 0, 'ADU without the issue');
});
