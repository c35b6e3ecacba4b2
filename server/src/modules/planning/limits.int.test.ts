import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { LIMITS } from './domain/limits.ts';

let t: TestApp;
let planner: { authorization: string };
let viewer: { authorization: string };
const id = { P: '', buffer: '', Q: '', worst: '' };

type Problem = { errors?: { field: string; message: string }[] };

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object | string, headers = planner) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const created = async (url: string, payload: object) => {
  const r = await call('POST', url, payload);
  assert.ok(r.statusCode < 300, r.body);
  return (r.json() as { id: string }).id;
};
/** The slowest answer of the health check, asked every 50 ms until `work` is done. */
const healthWhile = async (work: Promise<unknown>) => {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  let slowest = 0;
  do {
    const start = performance.now();
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    slowest = Math.max(slowest, performance.now() - start);
    assert.equal(health.statusCode, 200, health.body);
    if (!done) await new Promise((resolve) => setTimeout(resolve, 50));
  } while (!done);
  await settled;
  return slowest;
};
const refused = (r: { statusCode: number; body: string }, field: string) => {
  assert.ok(r.statusCode === 400 || r.statusCode === 422, `${r.statusCode} ${r.body}`);
  const fields = ((JSON.parse(r.body) as Problem).errors ?? []).map((e) => e.field);
  assert.ok(
    fields.some((f) => f === field || f.endsWith(`.${field}`)),
    `expected ${field} in ${fields.join(', ')}`,
  );
};

before(async () => {
  t = await buildTestApp();
  const tenantId = t.demo.tenantId;
  planner = {
    authorization: `Bearer ${await t.tokenFor({ tenantId, userId: t.demo.adminUserId, roles: ['Planner'] })}`,
  };
  viewer = {
    authorization: `Bearer ${await t.tokenFor({ tenantId, roles: ['Viewer'], permissions: ['buffer:read'] })}`,
  };
  await created('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' });
  const buffer = async (sku: string, extra: object = {}) => {
    const product = await created('/api/v1/products', { sku, name: sku, lead_time_days: 3 });
    return {
      product,
      buffer: await created('/api/v1/buffers', {
        product_id: product,
        store_id: 'MAD-001',
        adu_method: 'fixed',
        adu_fixed: 4,
        dlt_days: 10,
        ...extra,
      }),
    };
  };
  ({ product: id.P, buffer: id.buffer } = await buffer('LIM-1', { min_batch: 50, max_batch: 100 }));
  ({ product: id.Q, buffer: id.worst } = await buffer('LIM-2'));
});
after(async () => {
  await t?.close();
});

// A failing run must end: a stalled event loop is reported by the runner's timeout, not by a hang.
const guard = { timeout: 60_000 };

test(
  `a lead time of a billion days is refused by name and the server keeps answering (${mode})`,
  guard,
  async () => {
    for (const dlt_days of [1e9, 1e308]) {
      const put = call('PUT', `/api/v1/buffers/${id.buffer}`, { dlt_days });
      assert.ok((await healthWhile(put)) < 1000, 'health answered within a second');
      refused(await put, 'dlt_days');
    }
    const kept = (await call('GET', `/api/v1/buffers/${id.buffer}`)).json() as {
      settings: { dlt_days: number };
    };
    assert.equal(kept.settings.dlt_days, 10, 'a refused change leaves the buffer as it was');
  },
);

test(`zone overrides of 1e15 split by a batch of 1 are refused by name (${mode})`, guard, async () => {
  const put = call('PUT', `/api/v1/buffers/${id.worst}`, {
    red_override: 1e15,
    yellow_override: 1,
    green_override: 1,
    min_batch: 0,
    max_batch: 1,
  });
  assert.ok((await healthWhile(put)) < 1000, 'health answered within a second');
  refused(await put, 'red_override');
});

test(`every number of a buffer's settings has an upper bound (${mode})`, guard, async () => {
  for (const [field, value] of [
    ['adu_fixed', 1e12],
    ['extra_lead_time_days', 1e6],
    ['order_cycle_days', 1e6],
    ['spike_threshold', 1e300],
    ['qty_multiple', 1e12],
    ['qty_multiple', 1e-12],
    ['min_batch', 1e12],
    ['max_batch', 1e12],
    ['storage_capacity', 1e12],
    ['green_override', 1e12],
    ['incoming_safety_factor', 1e6],
  ] as const) {
    refused(await call('PUT', `/api/v1/buffers/${id.worst}`, { [field]: value }), field);
  }
});

test(
  `a maximum batch below the stored minimum batch is refused by name, not a server error (${mode})`,
  guard,
  async () => {
    refused(await call('PUT', `/api/v1/buffers/${id.buffer}`, { max_batch: 10 }), 'max_batch');
    refused(await call('PUT', `/api/v1/buffers/${id.buffer}`, { min_batch: 500 }), 'min_batch');
    const kept = (await call('GET', `/api/v1/buffers/${id.buffer}`)).json() as {
      settings: { min_batch: number; max_batch: number };
    };
    assert.deepEqual([kept.settings.min_batch, kept.settings.max_batch], [50, 100]);
    assert.equal((await call('PUT', `/api/v1/buffers/${id.buffer}`, { max_batch: 60 })).statusCode, 200);
  },
);

test(
  `forecasts, simulations and approvals refuse quantities beyond the limits by name (${mode})`,
  guard,
  async () => {
    refused(
      await call('POST', '/api/v1/demand-forecasts', {
        product_id: id.P,
        store_id: 'MAD-001',
        start_date: '2026-01-01',
        end_date: '2026-01-31',
        quantity: 1e300,
      }),
      'quantity',
    );
    const csv =
      'sku,location,start_date,end_date,quantity\nLIM-1,MAD-001,2026-01-01,2026-01-31,99999999999999999999\n';
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/demand-forecasts/import',
      headers: { ...planner, 'content-type': 'text/csv' },
      payload: csv,
    });
    refused(imported, 'rows[2].quantity');
    for (const [body, field] of [
      [{ initial_on_hand: 1e300 }, 'initial_on_hand'],
      [{ settings: { min_batch: 1e300 } }, 'min_batch'],
      [{ settings: { minimum_order_qty: 1e300 } }, 'minimum_order_qty'],
      [{ settings: { qty_multiple: 1e-300 } }, 'qty_multiple'],
    ] as const)
      refused(await call('POST', `/api/v1/buffers/${id.buffer}/simulate`, body, viewer), field);
  },
);

test(
  `an approval that would split into more orders than allowed is refused by name (${mode})`,
  guard,
  async () => {
    // On hand 0 and a fixed ADU leave the buffer red with an open suggestion; batches of 1.
    const r = await call('PUT', `/api/v1/buffers/${id.worst}`, { min_batch: 0, max_batch: 1 });
    assert.equal(r.statusCode, 200, r.body);
    const list = (await call('GET', '/api/v1/replenishment-suggestions')).json() as {
      data: { id: string; buffer_id: string; batches: number[] | null }[];
    };
    const s = list.data.find((x) => x.buffer_id === id.worst);
    assert.ok(s, 'the buffer has an open suggestion');
    assert.ok((s.batches?.length ?? 1) <= LIMITS.batches, 'the engine caps the batches it proposes');
    const approve = call('POST', `/api/v1/replenishment-suggestions/${s.id}/approve`, { quantity: 1e9 });
    assert.ok((await healthWhile(approve)) < 1000, 'health answered within a second');
    refused(await approve, 'quantity');
  },
);

test(
  `a viewer's simulation of the worst buffer allowed answers in bounded time while health stays quick (${mode})`,
  guard,
  async () => {
    const worst = await call('PUT', `/api/v1/buffers/${id.worst}`, {
      dlt_days: LIMITS.leadTimeDays,
      extra_lead_time_days: LIMITS.leadTimeDays,
      order_cycle_days: LIMITS.leadTimeDays,
      red_override: LIMITS.quantity,
      yellow_override: LIMITS.quantity,
      green_override: LIMITS.quantity,
      qty_multiple: LIMITS.step,
      min_batch: 0,
      max_batch: LIMITS.step,
      spike_horizon_days: 365,
      incoming_safety_factor: LIMITS.incomingSafetyFactor,
    });
    assert.equal(worst.statusCode, 200, worst.body);
    const started = performance.now();
    const sim = call(
      'POST',
      `/api/v1/buffers/${id.worst}/simulate`,
      {
        days: LIMITS.simulationDays,
        initial_on_hand: 0,
        settings: {
          adu_horizon_days: LIMITS.horizonDays,
          dlt_days: LIMITS.leadTimeDays,
          qty_multiple: LIMITS.step,
          min_batch: 0,
          max_batch: LIMITS.step,
        },
      },
      viewer,
    );
    assert.ok((await healthWhile(sim)) < 1000, 'health answered within a second');
    const done = await sim;
    assert.equal(done.statusCode, 200, done.body);
    assert.ok(performance.now() - started < 30_000, 'the simulation finished in bounded time');
    const body = done.json() as { current: { summary: { days: number; orders: number } } };
    assert.equal(body.current.summary.days, LIMITS.simulationDays);
    assert.ok(body.current.summary.orders <= LIMITS.batches * LIMITS.simulationDays);
  },
);
