import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { SYSTEM_ROLES } from '../identity/index.ts';
import { createForecastRunner } from './forecasts.runner.ts';

type Point = {
  start: string;
  end: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
};
type Forecast = {
  product_id: string;
  sku: string;
  location_id: string;
  location_code: string;
  method: string;
  class: string;
  forecast: Point[];
  backtest: { rmsse: number | null; origins: number };
  history?: { start: string; quantity: number }[];
};
type Page<T> = { data: T[]; pagination: { total: number } };
type Run = { id: string; status: string; items_forecast: number; items_failed: number };

let t: TestApp;
let admin: string;
before(async () => {
  t = await buildTestApp({ demoData: true });
  admin = await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId });
});
after(async () => {
  await t?.close();
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token = admin) =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
const roleToken = (name: string, storeIds: string[] | null = null) => {
  const role = SYSTEM_ROLES.find((r) => r.name === name);
  return t.tokenFor({
    tenantId: t.demo.tenantId,
    roles: [name],
    permissions: [...(role?.permissions ?? [])],
    storeIds,
  });
};
const rows = async <T>(q: string) => (await t.platform.database.db.execute(sql.raw(q))).rows as T[];
const allForecasts = async (token = admin) => {
  const res = await call('GET', '/api/v1/analytics/forecasts?limit=100', undefined, token);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Page<Forecast>;
};

test(`the demo opens with every buffer forecast, with ordered bands that never go below zero (${mode})`, async () => {
  const buffers = await rows<{ product_id: string; location_id: string }>(
    `select product_id, location_id from buffers where tenant_id = '${t.demo.tenantId}'`,
  );
  assert.ok(buffers.length > 0);
  const { data } = await allForecasts();
  const have = new Set(data.map((f) => `${f.product_id}|${f.location_id}`));
  for (const b of buffers)
    assert.ok(have.has(`${b.product_id}|${b.location_id}`), 'every buffer has a forecast');
  for (const f of data) {
    assert.equal(f.forecast.length, 13, `${f.sku}: 13 weeks`);
    for (const p of f.forecast) {
      assert.ok(p.lo95 >= 0, `${f.sku}: the band is never negative`);
      assert.ok(
        p.lo95 <= p.lo80 + 1e-9 &&
          p.lo80 <= p.mean + 1e-9 &&
          p.mean <= p.hi80 + 1e-9 &&
          p.hi80 <= p.hi95 + 1e-9,
        `${f.sku}: 95 ⊇ 80 ⊇ mean at ${p.start}`,
      );
    }
    assert.ok(f.backtest.origins > 0, `${f.sku}: a year of weekly sales is long enough to backtest`);
  }
});

test(`planning reads the engine's forecast as 'analytics' ranges that match the stored means (${mode})`, async () => {
  const [f] = (await allForecasts()).data;
  assert.ok(f);
  const stored = await rows<{ start_date: string; end_date: string; quantity: string }>(
    `select to_char(start_date, 'YYYY-MM-DD') as start_date, to_char(end_date, 'YYYY-MM-DD') as end_date, quantity::text
     from demand_forecasts where tenant_id = '${t.demo.tenantId}' and product_id = '${f.product_id}'
       and location_id = '${f.location_id}' and source = 'analytics' order by start_date`,
  );
  assert.deepEqual(
    stored.map((r) => [r.start_date, r.end_date, Number(Number(r.quantity).toFixed(3))]),
    f.forecast.map((p) => [p.start, p.end, Number(p.mean.toFixed(3))]),
  );
});

test(`an item's view shows the last 52 weeks of demand as the ledger counts it (${mode})`, async () => {
  const [f] = (await allForecasts()).data;
  assert.ok(f);
  const res = await call('GET', `/api/v1/analytics/forecasts/${f.product_id}/${f.location_code}`);
  assert.equal(res.statusCode, 200, res.body);
  const item = res.json() as Forecast;
  const history = item.history ?? [];
  assert.equal(history.length, 52);
  const from = history[0]?.start ?? '';
  const [ledger] = await rows<{ qty: string }>(
    `select coalesce(-sum(quantity), 0)::text as qty from stock_movements
     where tenant_id = '${t.demo.tenantId}' and product_id = '${f.product_id}' and location_id = '${f.location_id}'
       and kind in ('shipment', 'return') and created_at >= '${from}'::date
       and created_at < '${from}'::date + 364`,
  );
  const total = history.reduce((s, h) => s + h.quantity, 0);
  assert.ok(total > 0);
  assert.equal(Math.round(total * 1000), Math.round(Number(ledger?.qty) * 1000));

  const unknown = await call('GET', `/api/v1/analytics/forecasts/${crypto.randomUUID()}/${f.location_code}`);
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().code, 'analytics.forecast_not_found');
});

test(`a planner's forecast replaces the engine's weeks it covers, and the next run leaves it alone (${mode})`, async () => {
  const [f] = (await allForecasts()).data;
  assert.ok(f);
  const week = f.forecast[3] as Point;
  const mine = await call('POST', '/api/v1/demand-forecasts', {
    product_id: f.product_id,
    store_id: f.location_code,
    start_date: week.start,
    end_date: (f.forecast[4] as Point).end,
    quantity: 999,
  });
  assert.equal(mine.statusCode, 201, mine.body);
  const sources = async () =>
    rows<{ start_date: string; source: string }>(
      `select to_char(start_date, 'YYYY-MM-DD') as start_date, source from demand_forecasts
       where tenant_id = '${t.demo.tenantId}' and product_id = '${f.product_id}' and location_id = '${f.location_id}'
       order by start_date`,
    );
  const expected = f.forecast
    .filter((_, i) => i !== 4)
    .map((p, i) => ({ start_date: p.start, source: i === 3 ? 'manual' : 'analytics' }));
  assert.deepEqual(await sources(), expected);

  const run = await call('POST', '/api/v1/analytics/forecasts/runs');
  assert.equal(run.statusCode, 202, run.body);
  const again = await call('POST', '/api/v1/analytics/forecasts/runs');
  assert.equal(again.statusCode, 200, 'a second click answers with the run already queued');
  assert.equal((again.json() as Run).id, (run.json() as Run).id);
  const done = await eventually(
    async () => {
      const r = (
        await call('GET', `/api/v1/analytics/forecasts/runs/${(run.json() as Run).id}`)
      ).json() as Run;
      return r.status === 'completed' ? r : null;
    },
    'the run completes',
    60_000,
  );
  assert.ok(done.items_forecast > 0);
  assert.equal(done.items_failed, 0);
  assert.deepEqual(await sources(), expected, 'the planner’s range stays; the engine fills the rest');
});

test(`predictions follow seed 004's contract and refuse bad input naming the field (${mode})`, async () => {
  const [f] = (await allForecasts()).data;
  assert.ok(f);
  const res = await call('POST', '/api/v1/predictions/demand', {
    sku: f.sku,
    store_id: f.location_code,
    days_ahead: 14,
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as {
    product: { sku: string };
    method: string;
    predictions: {
      date: string;
      estimated_demand: number;
      confidence_low: number;
      confidence_high: number;
    }[];
    metrics: { mae: number | null; rmse: number | null; mase: number | null; rmsse: number | null };
  };
  assert.equal(body.product.sku, f.sku);
  assert.equal(body.predictions.length, 14);
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(body.predictions[0]?.date, today);
  for (const p of body.predictions)
    assert.ok(
      0 <= p.confidence_low &&
        p.confidence_low <= p.estimated_demand &&
        p.estimated_demand <= p.confidence_high,
    );
  assert.ok(body.metrics.mae !== null && body.metrics.rmse !== null && body.metrics.rmse >= body.metrics.mae);

  const bad = [
    [{ sku: f.sku, days_ahead: 0 }, 'days_ahead'],
    [{ sku: f.sku, days_ahead: 91 }, 'days_ahead'],
    [{ sku: f.sku, days_ahead: 1.5 }, 'days_ahead'],
    [{ days_ahead: 7 }, 'sku'],
    [{ sku: f.sku, product_id: f.product_id, days_ahead: 7 }, 'sku'],
    [{ product_id: 'x', days_ahead: 7 }, 'product_id'],
  ] as const;
  for (const [payload, field] of bad) {
    const r = await call('POST', '/api/v1/predictions/demand', payload);
    assert.equal(r.statusCode, 400, `${JSON.stringify(payload)}: ${r.body}`);
    assert.ok(
      (r.json().errors as { field: string }[]).some((e) => e.field === field),
      `${JSON.stringify(payload)} names ${field}: ${r.body}`,
    );
  }
  const unknown = await call('POST', '/api/v1/predictions/demand', { sku: 'NO-SUCH-SKU', days_ahead: 7 });
  assert.equal(unknown.statusCode, 404);
  const created = await call('POST', '/api/v1/products', { sku: 'NEW-NO-SALES', name: 'Nuevo', uom: 'unit' });
  assert.equal(created.statusCode, 201, created.body);
  const none = await call('POST', '/api/v1/predictions/demand', { sku: 'NEW-NO-SALES', days_ahead: 7 });
  assert.equal(none.statusCode, 422);
  assert.equal(none.json().code, 'analytics.no_history');
});

test(`a viewer reads forecasts but cannot start a run; a store-scoped user sees only their stores (${mode})`, async () => {
  const viewer = await roleToken('Viewer');
  assert.equal((await call('GET', '/api/v1/analytics/forecasts', undefined, viewer)).statusCode, 200);
  assert.equal((await call('POST', '/api/v1/analytics/forecasts/runs', undefined, viewer)).statusCode, 403);

  const { data } = await allForecasts();
  const stores = [...new Set(data.map((f) => f.location_id))];
  const mine = stores[0] as string;
  const seller = await t.tokenFor({
    tenantId: t.demo.tenantId,
    roles: ['Analyst'],
    permissions: ['analytics:read', 'analytics:write', 'predictions:read'],
    storeIds: [mine],
  });
  const seen = await allForecasts(seller);
  assert.ok(seen.data.length > 0);
  assert.ok(seen.data.every((f) => f.location_id === mine));
  const other = data.find((f) => f.location_id !== mine);
  if (other) {
    const hidden = await call(
      'GET',
      `/api/v1/analytics/forecasts/${other.product_id}/${other.location_code}`,
      undefined,
      seller,
    );
    assert.equal(hidden.statusCode, 404);
    const predicted = await call(
      'POST',
      '/api/v1/predictions/demand',
      { sku: other.sku, store_id: other.location_code, days_ahead: 7 },
      seller,
    );
    assert.equal(predicted.statusCode, 404);
  }
  assert.equal((await call('POST', '/api/v1/analytics/forecasts/runs', undefined, seller)).statusCode, 403);
});

test(`a run that died after a chunk resumes at its cursor and does not redo what it wrote (${mode})`, async () => {
  const tenant = t.demo.tenantId;
  const ids = (
    await rows<{ id: string }>(`select id from products where tenant_id = '${tenant}' order by id`)
  ).map((r) => r.id);
  const cursor = ids[4] as string;
  // What a crash leaves: the run `running`, five products done, their chunk committed.
  const [run] = await rows<{ id: string }>(
    `insert into analytics_forecast_runs (tenant_id, trigger, status, products_total, products_done, cursor, started_at)
     values ('${tenant}', 'schedule', 'running', ${ids.length}, 5, '${cursor}', now()) returning id`,
  );
  assert.ok(run);
  await createForecastRunner(t.platform, { chunk: 3 }).run(tenant, run.id);
  const [done] = await rows<{ status: string; products_done: number }>(
    `select status, products_done from analytics_forecast_runs where id = '${run.id}'`,
  );
  assert.deepEqual(done, { status: 'completed', products_done: ids.length });
  const written = await rows<{ product_id: string }>(
    `select product_id from analytics_forecasts where tenant_id = '${tenant}' and run_id = '${run.id}'`,
  );
  assert.ok(written.length > 0);
  assert.ok(
    written.every((w) => w.product_id > cursor),
    'only products after the cursor are forecast again',
  );
});

test(`an imported forecast file over the engine's weeks loads and replaces them (${mode})`, async () => {
  const [, f] = (await allForecasts()).data;
  assert.ok(f);
  const week = f.forecast[6] as Point;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/demand-forecasts/import',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    payload: `sku,location,start_date,end_date,quantity\n${f.sku},${f.location_code},${week.start},${week.end},70\n`,
  });
  assert.equal(res.statusCode, 200, res.body);
  const stored = await rows<{ source: string; quantity: string }>(
    `select source, quantity::text from demand_forecasts where tenant_id = '${t.demo.tenantId}'
       and product_id = '${f.product_id}' and location_id = '${f.location_id}' and start_date = '${week.start}'`,
  );
  assert.deepEqual(stored, [{ source: 'import', quantity: '70' }]);
});

test(`a buffer switched to future ADU reads the engine's forecast: the mean daily rate of its horizon (${mode})`, async () => {
  const [buffer] = await rows<{ id: string; product_id: string; location_id: string }>(
    `select b.id, b.product_id, b.location_id from buffers b where b.tenant_id = '${t.demo.tenantId}'
       and not exists (select 1 from demand_forecasts f where f.product_id = b.product_id
         and f.location_id = b.location_id and f.source <> 'analytics')
     order by b.id limit 1`,
  );
  assert.ok(buffer);
  const { data } = await allForecasts();
  const f = data.find((x) => x.product_id === buffer.product_id && x.location_id === buffer.location_id);
  assert.ok(f, 'the buffer has a forecast');
  const horizon = 28;
  const res = await call('PUT', `/api/v1/buffers/${buffer.id}`, {
    adu_method: 'future',
    adu_horizon_days: horizon,
  });
  assert.equal(res.statusCode, 200, res.body);
  // Σ over the 28 days from today of each day's share of its range, ÷ 28; the item has no
  // planner range of its own, so every day is the engine's.
  const dayMs = 86_400_000;
  const today = Date.parse(f.forecast[0]?.start ?? '');
  let total = 0;
  for (const p of f.forecast) {
    const start = Date.parse(p.start);
    const days = (Date.parse(p.end) - start) / dayMs + 1;
    for (let d = 0; d < days; d++) if ((start + d * dayMs - today) / dayMs < horizon) total += p.mean / days;
  }
  const adu = (res.json() as { adu: number }).adu;
  assert.ok(Math.abs(adu - total / horizon) < 1e-3, `ADU ${adu} = ${total / horizon}`);
});
