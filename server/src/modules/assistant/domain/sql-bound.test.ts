import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'libpg-query';
import { type Relations, relationsRead, rowBound } from './sql-bound.ts';

// Counts and columns in the shape of the demo tenant: 71 stock rows, 40 products, 5 stores.
const catalogue: Record<string, { rows: number; columns: string[] }> = {
  ai_inventory: { rows: 71, columns: ['sku', 'location_code', 'on_hand', 'available'] },
  ai_products: { rows: 40, columns: ['sku', 'name', 'category'] },
  ai_locations: { rows: 5, columns: ['location_code', 'name', 'kind'] },
  ai_orders: { rows: 1000, columns: ['order_id', 'location_code', 'status'] },
};
const relations: Relations = {
  rows: (r) => catalogue[r]?.rows ?? Number.NaN,
  columns: (r) => catalogue[r]?.columns,
};

const select = async (sql: string) => {
  const [only] = (await parse(sql)).stmts;
  assert.ok(only, sql);
  return (only.stmt as { SelectStmt: Record<string, unknown> }).SelectStmt;
};
const bound = async (sql: string, rel = relations) => rowBound(await select(sql), rel);

const I = 71;
const P = 40;
const L = 5;
const O = 1000;

const cases: [string, string, number][] = [
  ['one view is its count', 'select * from ai_inventory', I],
  ['no FROM is one row', 'select 1', 1],
  ['a cross join multiplies', 'select * from ai_inventory, ai_products', I * P],
  ['CROSS JOIN multiplies', 'select * from ai_inventory cross join ai_products', I * P],
  [
    'four copies of a 71-row view make 71⁴',
    'select count(*) from ai_inventory a, ai_inventory b, ai_inventory c, ai_inventory d',
    I ** 4,
  ],
  [
    'JOIN … ON an equality links: the larger side',
    'select * from ai_inventory i join ai_products p on p.sku = i.sku',
    I,
  ],
  ['a WHERE equality links', 'select * from ai_inventory a, ai_products b where a.sku = b.sku', I],
  [
    'an equality among the top-level ANDs links',
    "select * from ai_inventory a, ai_products b where b.category = 'x' and a.sku = b.sku::text",
    I,
  ],
  ['ON true does not link', 'select * from ai_inventory a join ai_products b on true', I * P],
  [
    'an inequality does not link',
    'select * from ai_inventory a join ai_products b on a.on_hand > b.sku',
    I * P,
  ],
  [
    'an equality under OR does not link',
    'select * from ai_inventory a, ai_products b where a.sku = b.sku or a.on_hand = 0',
    I * P,
  ],
  [
    'an equality on one side does not link',
    'select * from ai_inventory a, ai_products b where a.sku = a.location_code',
    I * P,
  ],
  ['NATURAL links on the shared columns', 'select * from ai_inventory natural join ai_products', I],
  [
    'NATURAL without shared columns is a cross join',
    'select * from ai_products natural join ai_orders',
    P * O,
  ],
  ['USING links', 'select * from ai_inventory join ai_products using (sku)', I],
  [
    'an unqualified equality links the views that hold the columns',
    'select * from ai_inventory i, ai_locations l where i.location_code = l.location_code and sku = name',
    I,
  ],
  [
    'three views on keys: the largest',
    'select * from ai_inventory i join ai_products p on p.sku = i.sku join ai_locations l on l.location_code = i.location_code',
    I,
  ],
  [
    'a linked pair times an unlinked view',
    'select * from ai_inventory i join ai_products p on p.sku = i.sku, ai_orders o',
    I * O,
  ],
  [
    'a join alias links once its members are linked',
    'select * from (ai_inventory i join ai_products p using (sku)) j join ai_locations l on l.location_code = j.location_code',
    I,
  ],
  [
    'a subquery in FROM is its own bound',
    'select * from (select * from ai_products, ai_locations) s, ai_locations',
    P * L * L,
  ],
  [
    'a subquery joined on a key links',
    'select * from (select sku, sum(on_hand) from ai_inventory group by sku) s join ai_products p on p.sku = s.sku',
    I,
  ],
  ['a CTE read twice multiplies', 'with c as (select * from ai_products) select * from c a, c b', P * P],
  [
    'a CTE’s own product counts',
    'with c as (select 1 from ai_products, ai_orders) select count(*) from c',
    P * O,
  ],
  ['a union adds its arms', 'select sku from ai_inventory union all select sku from ai_products', I + P],
  [
    'a union of cross joins adds them',
    'select 1 from ai_inventory, ai_products union select 1 from ai_orders, ai_locations',
    I * P + O * L,
  ],
  [
    'LIMIT caps what a SELECT gives, not what it reads',
    'select * from (select * from ai_orders limit 3) s, ai_products',
    O,
  ],
  [
    'LIMIT caps the output fed onwards',
    'select * from (select * from ai_products limit 3) s, ai_orders',
    3 * O,
  ],
  [
    'an aggregate without GROUP BY gives one row',
    'select * from (select count(*) from ai_orders) a, ai_products',
    O,
  ],
  [
    'GROUP BY does not shrink the bound',
    'select * from (select sku from ai_inventory group by sku) s, ai_locations',
    I * L,
  ],
  [
    'CUBE aggregates the input once per grouping',
    'select count(*) from ai_orders group by cube (status, location_code)',
    4 * O,
  ],
  [
    'an uncorrelated IN counts once',
    "select * from ai_inventory where sku in (select sku from ai_products where category = 'x')",
    I,
  ],
  [
    'a correlated subquery counts per outer row',
    'select i.sku, (select count(*) from ai_orders o where o.location_code = i.location_code) from ai_inventory i',
    I * O,
  ],
  [
    'an unqualified outer column correlates',
    'select * from ai_products where exists (select 1 from ai_orders where status = name)',
    P * O,
  ],
  [
    'LATERAL is per row of what precedes it',
    'select * from ai_products p, lateral (select * from ai_orders) o',
    P * O,
  ],
  [
    'an equality with a LATERAL item does not link',
    'select * from ai_products p, lateral (select * from ai_orders o where o.status = p.name) o where o.order_id = p.sku',
    P * O,
  ],
];

for (const [name, sql, expected] of cases)
  test(`the row bound: ${name}`, async () => {
    assert.equal(await bound(sql), expected, sql);
  });

test('without known columns an unqualified reference in a subquery counts as correlated', async () => {
  const rel: Relations = { rows: relations.rows };
  const sql = 'select * from ai_products where sku in (select sku from ai_inventory)';
  assert.equal(await bound(sql, rel), P * I);
  assert.equal(await bound(sql), I);
});

test('a table function in FROM has no bound', async () => {
  assert.equal(await bound('select * from generate_series(1, 10)'), Number.POSITIVE_INFINITY);
});

test('the relations read leave CTE names out and come quoted', async () => {
  const read = relationsRead(
    await select('with c as (select * from ai_products) select * from c, public."ai_""odd", ai_products'),
  );
  assert.deepEqual(read, [
    { name: 'ai_products', sql: '"ai_products"' },
    { name: 'public.ai_"odd', sql: '"public"."ai_""odd"' },
  ]);
});
