import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { runReadOnly } from './sql-runner.ts';
import { AI_VIEWS } from './views.ts';

// The database's own layers, each tested without the parser in front: what they stop even if a
// statement got past it.
let t: TestApp;
let ctx: RequestContext;

before(async () => {
  t = await buildTestApp({ demoData: true });
  ctx = {
    tenantId: t.demo.tenantId,
    userId: t.demo.adminUserId,
    kind: 'user',
    roles: [],
    permissions: ['*:*'],
    storeIds: null,
  };
});
after(() => t.close());

const refusal = async (statement: string, c = ctx) => {
  try {
    await runReadOnly(t.platform, c, statement, 100);
  } catch (err) {
    assert.ok(err instanceof DomainError, String(err));
    return err;
  }
  assert.fail(`${statement} ran`);
};

test('every view in the catalogue exists with exactly the columns the model is shown', async () => {
  for (const v of AI_VIEWS) {
    const r = await runReadOnly(t.platform, ctx, `select * from ${v.name} limit 0`, 1);
    assert.deepEqual(
      r.columns,
      v.columns.map((c) => c.name),
      v.name,
    );
  }
});

test('the role reads the views and no table', async () => {
  const ok = await runReadOnly(t.platform, ctx, 'select count(*) as n from ai_products', 1);
  assert.ok(Number(ok.rows[0]?.n) > 0);
  for (const table of ['products', 'users', 'refresh_tokens', 'tenants', 'outbox'])
    assert.match((await refusal(`select * from ${table}`)).detail ?? '', /permission denied/);
});

test('the statement runs in a read-only transaction as the query role', async () => {
  const r = await runReadOnly(
    t.platform,
    ctx,
    "select current_setting('transaction_read_only') as ro, current_user as role",
    1,
  );
  assert.deepEqual(r.rows[0], { ro: 'on', role: 'flujo_ai' });
});

test('the views show only the tenant set for the transaction, and only the caller’s stores', async () => {
  const all = await runReadOnly(
    t.platform,
    ctx,
    'select distinct location_code from ai_inventory order by 1',
    1000,
  );
  assert.ok(all.rows.length > 1);
  const nobody = await runReadOnly(
    t.platform,
    { ...ctx, tenantId: crypto.randomUUID() },
    'select count(*) as n from ai_products',
    1,
  );
  assert.equal(Number(nobody.rows[0]?.n), 0);
  const [store] = (
    await t.platform.database.db.execute<{ id: string; code: string }>(
      sql`select l.id, l.code from locations l join stock_balances b on b.location_id = l.id where l.tenant_id = ${ctx.tenantId} limit 1`,
    )
  ).rows;
  assert.ok(store);
  const scoped = await runReadOnly(
    t.platform,
    { ...ctx, storeIds: [store.id] },
    'select distinct location_code from ai_inventory',
    1000,
  );
  assert.deepEqual(
    scoped.rows.map((r) => r.location_code),
    [store.code],
  );
  const none = await runReadOnly(
    t.platform,
    { ...ctx, storeIds: [] },
    'select count(*) as n from ai_inventory',
    1,
  );
  assert.equal(Number(none.rows[0]?.n), 0);
});

test('a huge cross join is refused before it runs, or stopped', async () => {
  // The planner expects one row from each view; the row bound knows 71⁴ (about 25 million).
  const e = await refusal(
    'select count(*) from ai_inventory a, ai_inventory b, ai_inventory c, ai_inventory d',
  );
  assert.equal(e.code, 'ai.sql_refused');
  // The bound or the estimates refuse it up front, or the statement timeout stops it: either way it never runs on.
  assert.ok(['too_costly', 'timeout'].includes(String(e.meta?.rule)), String(e.meta?.rule));
  if (mode === 'embedded') assert.match(e.detail ?? '', /up to \d+ rows, above the limit of 2000000/);
});

test('an ordinary join of two views on their key still runs', async () => {
  const r = await runReadOnly(
    t.platform,
    ctx,
    'select i.sku, p.name from ai_inventory i join ai_products p on p.sku = i.sku',
    1000,
  );
  assert.ok(r.rows.length > 0);
  assert.deepEqual(r.columns, ['sku', 'name']);
});

test('at most the limit comes back, whatever the statement’s own limit', async () => {
  const r = await runReadOnly(t.platform, ctx, 'select sku from ai_products limit 500', 3);
  assert.equal(r.rows.length, 3);
  assert.equal(r.truncated, true);
});

test('a statement running past the timeout is stopped', {
  skip: mode === 'embedded' && 'the embedded database has no statement timeout',
}, async () => {
  const e = await refusal('select count(*) from ai_products a, ai_products b, (select pg_sleep(10)) s');
  assert.equal(e.meta?.rule, 'timeout');
});
