import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { addDays } from '../../platform/dates.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import { addMonths } from './domain/accuracy.ts';
import { createKpiSnapshots, SNAPSHOT_KPIS } from './kpi-snapshots.service.ts';

let t: TestApp;
let h: Record<string, string>;
const today = new Date().toISOString().slice(0, 10);
const day = addDays(today, -1);
const id = { P: '', MAD: '' };
const events: EventEnvelope[] = [];

const call = (url: string, headers = h) => t.app.inject({ method: 'GET', url, headers });
const ok = async (url: string, payload: object) => {
  const r = await t.app.inject({
    method: 'POST',
    url,
    headers: { ...h, 'idempotency-key': crypto.randomUUID() },
    payload,
  });
  assert.ok(r.statusCode < 300, `${url}: ${r.statusCode} ${r.body}`);
  return r.json() as { id: string };
};
const history = async (query = '', headers = h) => {
  const r = await call(`/api/v1/analytics/kpis/history?from=${day}&to=${day}${query}`, headers);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};
/** A receipt booked at noon of `day`. */
const receive = async (quantity: number) => {
  const reason = `fixture:${crypto.randomUUID()}`;
  await ok('/api/v1/stock/movements', {
    kind: 'receipt',
    product_id: id.P,
    store_id: 'MAD-001',
    quantity,
    reason,
  });
  await t.platform.database.db.execute(
    sql`update stock_movements set created_at = ${day}::date + interval '12 hours' where reason = ${reason}`,
  );
};

before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  t.platform.onEvent((e) => {
    if (e.type === 'analytics.kpis.updated') events.push(e);
  });
  id.MAD = (await ok('/api/v1/locations', { code: 'MAD-001', name: 'Madrid', type: 'store' })).id;
  id.P = (await ok('/api/v1/products', { sku: 'SNAP', name: 'Snap', cost: '3' })).id;
});

after(() => t.close());

test(`the job stores yesterday's KPIs as the KPI page computes them, once per day (${mode})`, async () => {
  const snapshots = createKpiSnapshots(t.platform);
  await receive(10);
  assert.equal(await snapshots.write(t.demo.tenantId), day, "yesterday in the organisation's calendar");
  const first = await history();
  assert.deepEqual(first.data.map((r: { kpi: string }) => r.kpi).sort(), [...SNAPSHOT_KPIS].sort());
  const live = await call(`/api/v1/analytics/kpis?from=${day}&to=${day}`);
  const value = (h: { data: { kpi: string; value: number | null }[] }) =>
    h.data.find((r) => r.kpi === 'inventory_value')?.value;
  assert.equal(value(first), live.json().inventory_value.value);
  // 10 more units at cost 3: a rerun replaces the day's rows rather than adding to them.
  await receive(10);
  await snapshots.write(t.demo.tenantId);
  const again = await history();
  assert.equal(again.data.length, SNAPSHOT_KPIS.length);
  assert.equal(value(again), (value(first) ?? 0) + 30);
  const one = await history('&kpi=inventory_value');
  assert.deepEqual(
    one.data.map((r: { date: string; location_id: string | null }) => [r.date, r.location_id]),
    [[day, null]],
  );
  assert.equal(one.data[0].inputs.start_value, value(again));
});

test(`each write announces the day's tenant-wide KPIs (${mode})`, async () => {
  const e = await eventually(
    () => events.find((x) => (x.payload as { date: string }).date === day && x.tenantId === t.demo.tenantId),
    'analytics.kpis.updated',
  );
  const kpis = (e.payload as { kpis: Record<string, number | null> }).kpis;
  assert.deepEqual(Object.keys(kpis).sort(), [...SNAPSHOT_KPIS].sort());
});

test(`months are partitions with row-level security; the job adds next month's (${mode})`, async () => {
  const db = t.platform.database.db;
  const partitions = async () =>
    (
      await db.execute<{ name: string; rls: boolean }>(sql`
        select c.relname as name, c.relrowsecurity as rls from pg_inherits i
        join pg_class c on c.oid = i.inhrelid where i.inhparent = 'kpi_snapshots'::regclass order by 1`)
    ).rows;
  const before = await partitions();
  // The past 24 months, this one and the next 3.
  assert.ok(before.length >= 28, `${before.length} partitions`);
  assert.ok(before.every((p) => p.rls));
  const current = `${today.slice(0, 7)}-01`;
  const far = addMonths(current, 5);
  const name = `kpi_snapshots_${far.slice(0, 7).replace('-', '_')}`;
  assert.ok(!before.some((p) => p.name === name));
  const snapshots = createKpiSnapshots(t.platform);
  // As the job would run four months from now: its next month is five months away.
  await snapshots.ensurePartitions(addMonths(current, 4));
  await snapshots.ensurePartitions(addMonths(current, 4));
  const after = await partitions();
  assert.ok(after.some((p) => p.name === name && p.rls));
  assert.equal(after.length, before.length + 2, 'months four and five; once each');
});

test(`a store-scoped user never reads the organisation's rows; bad input is a 400 (${mode})`, async () => {
  const seller = {
    authorization: `Bearer ${await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['analytics:read'],
      storeIds: [id.MAD],
    })}`,
  };
  assert.deepEqual((await history('', seller)).data, []);
  const other = await t.app.inject({
    method: 'GET',
    url: `/api/v1/analytics/kpis/history?location=${crypto.randomUUID()}`,
    headers: seller,
  });
  assert.ok([403, 404].includes(other.statusCode), other.body);
  for (const q of ['kpi=margin', 'from=2025-02-30', `from=${today}&to=${day}`]) {
    const r = await call(`/api/v1/analytics/kpis/history?${q}`);
    assert.equal(r.statusCode, 400, `${q}: ${r.body}`);
  }
});
