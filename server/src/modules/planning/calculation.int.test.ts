import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { eventually, mode } from '../../../test/helpers.ts';
import { createBufferRecalculation } from './buffers.recalculate.ts';
import { type Buffer, calculationSuite } from './calculation.support.ts';
import { bufferHistory, demandForecasts, plannedAdjustments } from './schema.ts';

// How buffers are sized: ADU from history and forecasts, exclusions, planned adjustments, the nightly run.

const suite = calculationSuite();
const { seen, call, move, asTenant, today, day, buffer, newBuffer, product } = suite;

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
  await suite.t.platform.database.db.execute(
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
  await suite.t.platform.database.db.execute(
    sql`update stock_movements set created_at = now() - interval '1 day' where kind = 'shipment' and product_id = ${p}`,
  );
  const b = await newBuffer({ product_id: p, store_id: 'TDA-1', adu_method: 'past', adu_horizon_days: 10 });
  assert.equal(b.adu, 10, '100 over 10 days');
  const [big] = await asTenant(
    async (tx) =>
      (
        await tx.execute<{ id: string }>(
          sql`select id from stock_movements where product_id = ${p} and quantity = -60`,
        )
      ).rows,
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
      tenantId: suite.t.demo.tenantId,
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
      tenantId: suite.t.demo.tenantId,
      bufferId: parent.id,
      startDate: day(3),
      endDate: day(9),
      demandFactor: '10',
    }),
  );
  await createBufferRecalculation(suite.t.platform).recalculateTenant(suite.t.demo.tenantId);
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

test(`the nightly run recalculates every buffer, snapshots the day and stays quiet when nothing moved (${mode})`, async () => {
  const recalc = createBufferRecalculation(suite.t.platform);
  const n = await recalc.recalculateTenant(suite.t.demo.tenantId);
  const count = await asTenant((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(bufferHistory));
  assert.equal(count[0]?.n, n, 'one snapshot per buffer for today');
  const rows = await asTenant((tx) =>
    tx.select({ date: bufferHistory.date }).from(bufferHistory).where(eq(bufferHistory.date, today())),
  );
  assert.equal(rows.length, n);
  // The first run's events reach the bus through the relay: let them land before counting.
  await new Promise((r) => setTimeout(r, 500));
  const before = seen.filter((e) => e.type === 'planning.buffer.calculated').length;
  await recalc.recalculateTenant(suite.t.demo.tenantId);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(
    seen.filter((e) => e.type === 'planning.buffer.calculated').length,
    before,
    'no news, no events',
  );
  const again = await asTenant((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(bufferHistory));
  assert.equal(again[0]?.n, n, 'a second run the same day replaces the snapshot');
});
