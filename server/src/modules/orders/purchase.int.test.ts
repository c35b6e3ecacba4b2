import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { ensureTenant } from '../identity/index.ts';
import { ordersFacade } from './facade.ts';

type Order = {
  id: string;
  source_store_id: string | null;
  number: string;
  status: string;
  total_minor: number;
  due_date: string;
  order_date: string;
  currency: string;
  notes: string | null;
  approved_by: string | null;
  closed_at: string | null;
  next_statuses: string[];
  supplier_name: string | null;
  store_id: string;
  lines: {
    id: string;
    product_id: string;
    quantity: string;
    unit_price_minor: number | null;
    line_total_minor: number | null;
  }[];
};
type Problem = { code: string; detail: string; errors?: { field: string }[] };

let t: TestApp;
const ids = {} as Record<'bolt' | 'nut' | 'unknown' | 'mad' | 'bcn' | 'acme' | 'other' | 'bSupplier', string>;
const auth: Record<string, { authorization: string }> = {};
const today = new Date().toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, extra = {}) =>
  t.app.inject({ method, url, headers: { ...auth[who], ...extra }, ...(payload ? { payload } : {}) });
/** A purchase order of one bolt from Acme to MAD-001 unless `payload` says otherwise. */
const create = (payload: object, who = 'admin') =>
  call(who, 'POST', '/api/v1/orders', {
    supplier_id: ids.acme,
    store_id: 'MAD-001',
    lines: [{ product_id: ids.bolt, quantity: 1 }],
    ...payload,
  });
const move = (id: string, status: string, who = 'admin', reason?: string) =>
  call(who, 'PUT', `/api/v1/orders/${id}/status`, { status, ...(reason ? { reason } : {}) });
const bolts = (quantity: number) => [{ product_id: ids.bolt, quantity }];
const fieldsOf = (body: Problem) => (body.errors ?? []).map((e) => e.field);

before(async () => {
  t = await buildTestApp();
  const tenantId = t.demo.tenantId;
  const token = (userId: string, permissions: string[], storeIds: string[] | null = null) =>
    t.tokenFor({ tenantId, userId, permissions, storeIds }).then((s) => ({ authorization: `Bearer ${s}` }));
  auth.admin = await token(t.demo.adminUserId, ['*:*']);
  const post = async (url: string, payload: object) =>
    ((await call('admin', 'POST', url, payload)).json() as { id: string }).id;
  ids.bolt = await post('/api/v1/products', { sku: 'BOLT', name: 'Bolt', cost: '2.4', lead_time_days: 11 });
  ids.unknown = crypto.randomUUID();
  ids.nut = await post('/api/v1/products', { sku: 'NUT', name: 'Nut' });
  ids.mad = await post('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'warehouse' });
  ids.bcn = await post('/api/v1/locations', { code: 'BCN-001', name: 'Barcelona', type: 'store' });
  ids.acme = await post('/api/v1/suppliers', { name: 'Acme', default_lead_time_days: 3 });
  ids.other = await post('/api/v1/suppliers', { name: 'Other' });
  await call('admin', 'PUT', `/api/v1/suppliers/${ids.acme}/items/${ids.bolt}`, {
    lead_time_days: 7,
    price: '12.5',
  });
  // 1,000.00 MXN: above it, purchase orders wait for approval.
  await call('admin', 'PUT', '/api/v1/order-settings', { approval_threshold_minor: 100_000 });
  auth.writer = await token(crypto.randomUUID(), ['order:read', 'order:write']);
  auth.approver = await token(crypto.randomUUID(), ['order:read', 'order:approve']);
  auth.both = await token(crypto.randomUUID(), ['order:read', 'order:write', 'order:approve']);
  auth.viewer = await token(crypto.randomUUID(), ['order:read']);
  auth.seller = await token(crypto.randomUUID(), ['order:read', 'order:write'], [ids.bcn]);
  const b = await ensureTenant(t.platform, {
    slug: 'tenant-b',
    name: 'Tenant B',
    admin: { email: 'admin@tenant-b.example', name: 'B', password: 'tenant-b-password' },
  });
  auth.b = { authorization: `Bearer ${await t.tokenFor({ tenantId: b.tenantId, userId: b.adminUserId })}` };
  ids.bSupplier = ((await call('b', 'POST', '/api/v1/suppliers', { name: 'B' })).json() as { id: string }).id;
});
after(async () => {
  await t?.close();
});

describe(`purchase orders (${mode})`, () => {
  test('a draft takes the supplier item’s price and lead time, else the product’s cost and the supplier’s', async () => {
    const res = await create({
      lines: [
        { product_id: ids.bolt, quantity: '4.000' },
        { product_id: ids.nut, quantity: 2 },
      ],
    });
    assert.equal(res.statusCode, 201, res.body);
    const o = res.json() as Order;
    assert.match(o.number, /^PO-\d{6}$/);
    assert.equal(o.status, 'DRAFT');
    assert.equal(o.supplier_name, 'Acme');
    assert.equal(o.store_id, 'MAD-001');
    assert.equal(o.currency, 'MXN');
    assert.equal(o.order_date, today);
    assert.equal(o.due_date, plusDays(7), 'the longest line lead time: the supplier item’s 7 days');
    assert.deepEqual(
      o.lines.map((l) => [l.quantity, l.unit_price_minor, l.line_total_minor]),
      [
        ['4', 1250, 5000],
        ['2', null, null],
      ],
    );
    assert.equal(o.total_minor, 5000);
    assert.deepEqual(o.next_statuses, ['PENDING_APPROVAL', 'OPEN', 'CANCELLED']);

    const other = (await create({ supplier_id: ids.other })).json() as Order;
    assert.equal(other.lines[0]?.unit_price_minor, 240, 'no supplier item: the product’s cost');
    assert.equal(other.due_date, plusDays(11), 'no item, no supplier default: the product’s lead time');
  });

  test('submitting below the threshold opens the order and emits orders.supply.changed', async () => {
    const o = (await create({ lines: [{ ...bolts(10)[0], unit_price_minor: 1000 }] })).json() as Order;
    const res = await move(o.id, 'OPEN', 'writer');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((res.json() as Order).status, 'OPEN');
    const { rows } = await t.platform.database.db.execute<{ type: string }>(
      sql`select type from outbox where aggregate_id = ${o.id} order by seq`,
    );
    assert.deepEqual(
      rows.map((r) => r.type),
      ['orders.purchase.created', 'orders.supply.changed'],
    );
  });

  test('above the threshold an order waits for approval, in the inbox, until an approver approves it', async () => {
    const res = await create({ lines: bolts(100), submit: true }, 'both');
    const o = res.json() as Order;
    assert.equal(o.status, 'PENDING_APPROVAL', 'submitted at 125,000 against a threshold of 100,000');
    const inbox = (await call('approver', 'GET', '/api/v1/approvals')).json() as { data: Order[] };
    assert.ok(inbox.data.some((x) => x.id === o.id));
    assert.equal((await call('writer', 'GET', '/api/v1/approvals')).statusCode, 403);

    const viaStatus = await move(o.id, 'OPEN');
    assert.equal(viaStatus.statusCode, 409);
    assert.match((viaStatus.json() as Problem).detail, /approve/);
    assert.equal((await call('writer', 'POST', `/api/v1/orders/${o.id}/approve`)).statusCode, 403);
    const self = await call('both', 'POST', `/api/v1/orders/${o.id}/approve`);
    assert.equal(self.statusCode, 403);
    assert.equal((self.json() as Problem).code, 'orders.self_approval');

    const ok = await call('approver', 'POST', `/api/v1/orders/${o.id}/approve`);
    assert.equal(ok.statusCode, 200, ok.body);
    const approved = ok.json() as Order;
    assert.equal(approved.status, 'OPEN');
    assert.ok(approved.approved_by);
    const again = await call('approver', 'POST', `/api/v1/orders/${o.id}/approve`);
    assert.equal((again.json() as Problem).code, 'orders.not_pending_approval');
    const after = (await call('approver', 'GET', '/api/v1/approvals')).json() as { data: Order[] };
    assert.ok(!after.data.some((x) => x.id === o.id));
  });

  test('an administrator may approve an order they raised; a draft submitted by status may need approval', async () => {
    const o = (await create({ lines: bolts(100) })).json() as Order;
    const submitted = (await move(o.id, 'OPEN')).json() as Order;
    assert.equal(submitted.status, 'PENDING_APPROVAL');
    const res = await call('admin', 'POST', `/api/v1/orders/${o.id}/approve`);
    assert.equal((res.json() as Order).status, 'OPEN');
  });

  test('rejecting sends the order back to DRAFT with the reason in its notes', async () => {
    const o = (await create({ lines: bolts(100), submit: true, notes: 'urgent' })).json() as Order;
    const res = await call('approver', 'POST', `/api/v1/orders/${o.id}/reject`, { reason: 'too many bolts' });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json() as Order;
    assert.equal(r.status, 'DRAFT');
    assert.equal(r.notes, 'urgent\nRejected: too many bolts');
    assert.equal(
      (await call('approver', 'POST', `/api/v1/orders/${o.id}/reject`, { reason: 'x' })).statusCode,
      409,
    );
    assert.equal((await call('approver', 'POST', `/api/v1/orders/${o.id}/reject`, {})).statusCode, 400);
  });

  test('invalid payloads are 4xx problems naming the field', async () => {
    const cases: [string, object, number, string][] = [
      ['missing supplier', { supplier_id: undefined }, 400, 'supplier_id'],
      ['quantity zero', { lines: bolts(0) }, 400, 'lines[0].quantity'],
      ['no lines', { lines: [] }, 400, 'lines'],
      ['unknown product', { lines: [{ product_id: ids.unknown, quantity: 1 }] }, 404, 'lines[0].product_id'],
      ['the same product twice', { lines: [...bolts(1), ...bolts(2)] }, 400, 'lines[1].product_id'],
      ['bad date', { due_date: '2026-02-30' }, 400, 'due_date'],
      ['due before ordered', { order_date: today, due_date: '2020-01-01' }, 400, 'due_date'],
      ['unknown store', { store_id: 'NOPE-1' }, 404, 'store_id'],
      ['lower-case currency', { currency: 'mxn' }, 400, 'currency'],
      ['unknown supplier', { supplier_id: ids.unknown }, 404, 'supplier_id'],
    ];
    for (const [name, payload, status, field] of cases) {
      const res = await create(payload);
      assert.equal(res.statusCode, status, `${name}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/, name);
      assert.ok(fieldsOf(res.json() as Problem).includes(field), `${name}: ${res.body}`);
    }
  });

  test('another tenant’s supplier is not found, and its orders are not reachable', async () => {
    const res = await create({ supplier_id: ids.bSupplier });
    assert.equal(res.statusCode, 404);
    const mine = (await create({})).json() as Order;
    assert.equal((await call('b', 'GET', `/api/v1/orders/${mine.id}`)).statusCode, 404);
    assert.equal((await move(mine.id, 'CANCELLED', 'b')).statusCode, 404);
    const list = (await call('b', 'GET', '/api/v1/orders')).json() as { data: Order[] };
    assert.equal(list.data.length, 0);
  });

  test('the same Idempotency-Key creates one order and replays the answer', async () => {
    const key = { 'idempotency-key': `po-${crypto.randomUUID()}` };
    const payload = { supplier_id: ids.acme, store_id: 'MAD-001', lines: bolts(3) };
    const first = await call('admin', 'POST', '/api/v1/orders', payload, key);
    const second = await call('admin', 'POST', '/api/v1/orders', payload, key);
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal((second.json() as Order).id, (first.json() as Order).id);
    const { rows } = await t.platform.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from supply_orders where number = ${(first.json() as Order).number}`,
    );
    assert.equal(rows[0]?.n, 1);
  });

  test('refused moves are 409 listing what is allowed, or naming the endpoint that does it', async () => {
    const o = (await create({ submit: true })).json() as Order;
    const cases: [string, RegExp][] = [
      ['DRAFT', /Allowed here: IN_TRANSIT, DELAYED, CANCELLED/],
      ['RECEIVED', /receipts/],
      ['IN_PROGRESS', /Allowed here/],
    ];
    for (const [status, detail] of cases) {
      const res = await move(o.id, status);
      assert.equal(res.statusCode, 409, status);
      const body = res.json() as Problem & { allowed: string[] };
      assert.equal(body.code, 'orders.invalid_transition');
      assert.match(body.detail, detail);
      assert.deepEqual(body.allowed, ['IN_TRANSIT', 'DELAYED', 'CANCELLED']);
    }
    assert.equal((await move(o.id, 'IN_TRANSIT')).statusCode, 200);
  });

  test('cancelling closes the order, keeps the reason, and nothing moves it after', async () => {
    const o = (await create({ submit: true })).json() as Order;
    const res = await move(o.id, 'CANCELLED', 'writer', 'supplier closed');
    const c = res.json() as Order;
    assert.equal(c.status, 'CANCELLED');
    assert.ok(c.closed_at);
    assert.equal(c.notes, 'CANCELLED: supplier closed');
    assert.deepEqual(c.next_statuses, []);
    assert.equal((await move(o.id, 'OPEN')).statusCode, 409);
  });

  test('only a draft can be edited', async () => {
    const o = (await create({})).json() as Order;
    const res = await call('writer', 'PUT', `/api/v1/orders/${o.id}`, {
      lines: [{ product_id: ids.nut, quantity: 5, unit_price_minor: 300 }],
      due_date: plusDays(30),
      notes: 'edited',
    });
    assert.equal(res.statusCode, 200, res.body);
    const e = res.json() as Order;
    assert.deepEqual(
      e.lines.map((l) => [l.product_id, l.quantity]),
      [[ids.nut, '5']],
    );
    assert.equal(e.total_minor, 1500);
    assert.equal(e.due_date, plusDays(30));
    assert.equal(e.notes, 'edited');
    await move(o.id, 'OPEN');
    const late = await call('writer', 'PUT', `/api/v1/orders/${o.id}`, { notes: 'too late' });
    assert.equal(late.statusCode, 409);
    assert.equal((late.json() as Problem).code, 'orders.not_editable');
  });

  test('the list filters by status, kind, supplier, store, product, number and due date', async () => {
    const o = (
      await create({
        supplier_id: ids.other,
        lines: [{ product_id: ids.nut, quantity: 1 }],
        due_date: plusDays(400),
      })
    ).json() as Order;
    const list = async (q: string) =>
      ((await call('viewer', 'GET', `/api/v1/orders?${q}`)).json() as { data: Order[] }).data.map(
        (x) => x.id,
      );
    assert.ok((await list(`supplier_id=${ids.other}`)).includes(o.id));
    assert.ok(!(await list(`supplier_id=${ids.acme}`)).includes(o.id));
    assert.ok((await list('status=DRAFT&kind=purchase&store_id=MAD-001')).includes(o.id));
    assert.ok(!(await list('status=OPEN')).includes(o.id));
    assert.ok(!(await list('kind=transfer')).includes(o.id));
    assert.ok((await list(`store_id=${ids.mad}&product_id=${ids.nut}`)).includes(o.id));
    assert.ok(!(await list(`product_id=${ids.bolt}&supplier_id=${ids.other}&status=DRAFT`)).includes(o.id));
    assert.deepEqual(await list(`q=${o.number.slice(-6)}`), [o.id]);
    assert.ok(!(await list(`due_before=${plusDays(400)}`)).includes(o.id));
    assert.ok((await list(`due_before=${plusDays(401)}`)).includes(o.id));
    const page = (await call('viewer', 'GET', '/api/v1/orders?limit=2&page=1')).json() as {
      data: Order[];
      pagination: { total: number; limit: number };
    };
    assert.equal(page.data.length, 2);
    assert.ok(page.pagination.total > 2);
    assert.equal(page.data[0]?.id, o.id, 'newest first');
    assert.equal((await call('viewer', 'GET', '/api/v1/orders?status=NOPE')).statusCode, 400);
  });

  test('permissions: a viewer reads but cannot create; a store-scoped user orders only for their stores', async () => {
    assert.equal((await call('viewer', 'GET', '/api/v1/orders')).statusCode, 200);
    assert.equal((await create({}, 'viewer')).statusCode, 403);
    assert.equal((await create({}, 'seller')).statusCode, 403);
    const own = await create({ store_id: 'BCN-001' }, 'seller');
    assert.equal(own.statusCode, 201, own.body);
    const seen = (await call('seller', 'GET', '/api/v1/orders')).json() as { data: Order[] };
    assert.ok(seen.data.every((x) => x.store_id === 'BCN-001'));
  });

  test('planned purchases are priced from the supplier item; transfers move through their own endpoints', async () => {
    const tenantId = t.demo.tenantId;
    const planned = (kind: 'purchase' | 'transfer', quantity: string) =>
      t.platform.uow.forTenant(tenantId, (tx, emit) =>
        ordersFacade.createPlanned(tx, emit, tenantId, null, [
          {
            kind,
            productId: ids.bolt,
            locationId: ids.mad,
            sourceLocationId: kind === 'transfer' ? ids.bcn : null,
            supplierId: kind === 'purchase' ? ids.acme : null,
            quantity,
            unitPriceMinor: null,
            dueDate: plusDays(7),
            bufferId: null,
            origin: 'approved',
          },
        ]),
      );
    const [small] = await planned('purchase', '2');
    const [big] = await planned('purchase', '100');
    const get = async (id = '') => (await call('admin', 'GET', `/api/v1/orders/${id}`)).json() as Order;
    assert.deepEqual([(await get(small)).status, (await get(small)).total_minor], ['OPEN', 2500]);
    assert.deepEqual([(await get(big)).status, (await get(big)).total_minor], ['PENDING_APPROVAL', 125_000]);

    const [transfer] = await planned('transfer', '3');
    const ship = await move(transfer ?? '', 'IN_TRANSIT');
    assert.equal(ship.statusCode, 409);
    assert.match((ship.json() as Problem).detail, /\/ship/);
    const receipt = await call('admin', 'POST', `/api/v1/orders/${transfer}/receipts`, {
      lines: [{ line_id: (await get(transfer)).lines[0]?.id, quantity: 1 }],
    });
    assert.equal(receipt.statusCode, 409);
    assert.equal((receipt.json() as Problem).code, 'orders.not_receivable');
    const transfers = (await call('admin', 'GET', '/api/v1/orders?kind=transfer')).json() as {
      data: Order[];
    };
    assert.deepEqual(
      transfers.data.map((x) => [x.id, x.source_store_id, x.store_id]),
      [[transfer, 'BCN-001', 'MAD-001']],
    );
  });

  test('order settings: read by readers, changed by approvers, validated', async () => {
    const s = (await call('viewer', 'GET', '/api/v1/order-settings')).json() as Record<string, unknown>;
    assert.equal(s.approval_threshold_minor, 100_000);
    assert.equal(s.receipt_tolerance_pct, 10);
    assert.equal(
      (await call('writer', 'PUT', '/api/v1/order-settings', { auto_reorder: true })).statusCode,
      403,
    );
    for (const bad of [
      { currency: 'mx' },
      { receipt_tolerance_pct: 101 },
      { checkout_hold_minutes: 0 },
      { approval_threshold_minor: -1 },
    ]) {
      const res = await call('approver', 'PUT', '/api/v1/order-settings', bad);
      assert.equal(res.statusCode, 400, JSON.stringify(bad));
    }
    const ok = await call('approver', 'PUT', '/api/v1/order-settings', {
      receipt_tolerance_pct: 12.5,
      currency: 'COP',
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((ok.json() as { receipt_tolerance_pct: number }).receipt_tolerance_pct, 12.5);
    const o = (await create({ lines: [{ product_id: ids.nut, quantity: 1 }] })).json() as Order;
    assert.equal(o.currency, 'COP', 'new orders take the tenant currency');
    await call('approver', 'PUT', '/api/v1/order-settings', { receipt_tolerance_pct: 10, currency: 'MXN' });
  });
});
