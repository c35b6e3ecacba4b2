import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'libpg-query';
import type { AiView } from './ai-views.ts';
import {
  type GuardOptions,
  guardSql,
  limitedSql,
  SQL_MAX_LENGTH,
  type SqlRule,
  sqlFromAnswer,
} from './sql-guard.ts';

const column = (name: string, sensitive = false) => ({ name, type: 'text', description: name, sensitive });
const views: AiView[] = [
  {
    name: 'ai_products',
    description: 'Products',
    permission: 'product:read',
    columns: [column('sku'), column('name'), column('category'), column('cost', true), column('price', true)],
  },
  {
    name: 'ai_inventory',
    description: 'Stock by location',
    permission: 'inventory:read',
    columns: ['sku', 'location_code', 'on_hand', 'reserved', 'available'].map((c) => column(c)),
  },
  {
    name: 'ai_orders',
    description: 'Sales orders',
    permission: 'order:read',
    columns: [column('order_number'), column('status'), column('total', true), column('customer_name', true)],
  },
];
const everything: GuardOptions = { views, permissions: ['*:*'], allowSensitive: false };

const accepted: [string, string, string[], string[]][] = [
  [
    'a join with a group by',
    'select p.category, sum(i.on_hand) from ai_products p join ai_inventory i on i.sku = p.sku group by p.category',
    ['ai_inventory', 'ai_products'],
    ['sum'],
  ],
  [
    'a window function',
    'select sku, rank() over (partition by location_code order by on_hand desc) from ai_inventory',
    ['ai_inventory'],
    ['rank'],
  ],
  [
    'CTEs reading views and each other',
    'with s as (select sku, available from ai_inventory), t as (select sku from s where available < 0) select count(*) from t',
    ['ai_inventory'],
    ['count'],
  ],
  [
    'a union',
    "select sku from ai_inventory union all select order_number from ai_orders where status = 'open'",
    ['ai_inventory', 'ai_orders'],
    [],
  ],
  [
    'subqueries in the select list, from and where',
    'select (select count(*) from ai_orders), s.sku from (select sku from ai_products) s where s.sku in (select sku from ai_inventory)',
    ['ai_inventory', 'ai_orders', 'ai_products'],
    ['count'],
  ],
  [
    'casts to numeric and date',
    "select on_hand::numeric(12, 2), '2024-01-01'::date, cast(reserved as integer) from ai_inventory",
    ['ai_inventory'],
    [],
  ],
  [
    'coalesce, nullif, greatest and case',
    "select coalesce(nullif(available, 0), greatest(on_hand, 1)), case when available < 0 then 'short' else 'ok' end from ai_inventory",
    ['ai_inventory'],
    [],
  ],
  [
    'an order with a limit',
    'select sku, lower(location_code) from ai_inventory order by on_hand desc limit 10',
    ['ai_inventory'],
    ['lower'],
  ],
  [
    'dates and the clock',
    "select date_trunc('month', now()), extract(year from current_date), interval '7 days'",
    [],
    ['date_trunc', 'extract', 'now'],
  ],
  [
    'a lateral subquery over an outer view',
    'select i.sku, o.n from ai_inventory i, lateral (select count(*) as n from ai_orders where status = i.sku) o',
    ['ai_inventory', 'ai_orders'],
    ['count'],
  ],
];

for (const [name, sql, read, called] of accepted) {
  test(`accepts ${name}, naming the views read and functions called`, async () => {
    assert.deepEqual(await guardSql(sql, everything), { ok: true, sql, views: read, functions: called });
  });
}

const refused: [string, string, SqlRule][] = [
  ['a blank query', ' \n\t ', 'empty'],
  ['a query over the length limit', `select ${'1 + '.repeat(SQL_MAX_LENGTH / 4)}1`, 'too_long'],
  ['a typo', 'selec sku from ai_inventory', 'syntax'],
  ['two statements', 'select 1; select 2', 'not_one_statement'],
  ['only a comment', '-- nothing here', 'not_one_statement'],
  ['a delete', 'delete from ai_inventory', 'not_select'],
  ['a select into', 'select sku into t from ai_inventory', 'select_into'],
  ['a lock in a union arm', 'select 1 union (select 1 from ai_inventory for share)', 'locking_clause'],
  [
    'an insert in a with',
    'with x as (insert into t values (1) returning 1) select 1 from x',
    'data_modifying_cte',
  ],
  ['a recursive with', 'with recursive r as (select 1) select * from r', 'recursive_cte'],
  ['a base table', 'select * from users', 'relation_not_allowed'],
  [
    'a CTE used before it is defined',
    'with a as (select * from b), b as (select 1) select * from a',
    'relation_not_allowed',
  ],
  ['a function', 'select pg_sleep(1)', 'function_not_allowed'],
  [
    'a function in a typmod',
    'select sku::"varchar"(pg_backend_pid()) from ai_inventory',
    'function_not_allowed',
  ],
  ['a cast to regclass', "select 'pg_class'::regclass", 'type_not_allowed'],
  ['a type from another schema', 'select 1::public.int4', 'type_not_allowed'],
  ['a parameter', 'select $1', 'parameter'],
  ['a sensitive column', 'select cost from ai_products', 'sensitive_column'],
];

for (const [name, sql, rule] of refused) {
  test(`refuses ${name} as ${rule}`, async () => {
    const result = await guardSql(sql, everything);
    assert.equal(result.ok ? 'accepted' : result.rule, rule);
  });
}

const details: [string, string, RegExp][] = [
  ['a function', 'select pg_sleep(1)', /^function pg_sleep is not allowed$/],
  ['a relation', 'select * from pg_authid', /^relation pg_authid is not one of the assistant's views$/],
  ['a parse error', 'selec 1', /syntax error at or near "selec"/],
  ['a statement', 'truncate users', /^TRUNCATE statements may not run/],
];

for (const [name, sql, detail] of details) {
  test(`names what was refused when refusing ${name}`, async () => {
    const result = await guardSql(sql, everything);
    assert.match(result.ok ? '' : result.detail, detail);
  });
}

test('a graver fault is reported before a lesser one in the same query', async () => {
  const result = await guardSql('select pg_sleep(1) from users for update', everything);
  assert.equal(result.ok ? 'accepted' : result.rule, 'locking_clause');
});

const permissions: [string, string[], string, SqlRule | 'ok'][] = [
  ['the exact permission', ['inventory:read'], 'select sku from ai_inventory', 'ok'],
  ['a resource wildcard', ['inventory:*'], 'select sku from ai_inventory', 'ok'],
  ['an action wildcard', ['*:read'], 'select sku from ai_orders join ai_inventory on true', 'ok'],
  ['another resource only', ['inventory:read'], 'select order_number from ai_orders', 'view_not_permitted'],
  ['another action only', ['inventory:write'], 'select sku from ai_inventory', 'view_not_permitted'],
  ['no permission', [], 'select 1 where exists (select 1 from ai_inventory)', 'view_not_permitted'],
  ['no permission, reading no view', [], 'select 1', 'ok'],
];

for (const [name, granted, sql, expected] of permissions) {
  test(`a caller with ${name} gets ${expected}`, async () => {
    const result = await guardSql(sql, { ...everything, permissions: granted });
    assert.equal(result.ok ? 'ok' : result.rule, expected);
  });
}

const sensitive: [string, string][] = [
  ['a sensitive column by name', 'select sku, price from ai_products'],
  ['a sensitive column in a filter', "select order_number from ai_orders where customer_name like 'A%'"],
  ['a star over a view with sensitive columns', 'select * from ai_orders'],
  ['an alias star', 'select o.* from ai_orders o'],
  ['a whole-row reference', 'select length(o::text) from ai_orders o'],
  ['a whole-row field access', 'select (o).total from ai_orders o'],
  ['a star in a CTE', 'with x as (select * from ai_products) select sku from x'],
];

for (const [name, sql] of sensitive) {
  test(`${name} is refused without the sensitive grant and accepted with it`, async () => {
    const without = await guardSql(sql, everything);
    const granted = await guardSql(sql, { ...everything, allowSensitive: true });
    assert.deepEqual([without.ok || without.rule, granted.ok], ['sensitive_column', true]);
  });
}

const notSensitive: [string, string][] = [
  ['a star over a view without sensitive columns', 'select * from ai_inventory'],
  ['a star over a CTE of safe columns', 'with x as (select sku, name from ai_products) select * from x'],
  [
    'a star inside exists',
    'select sku from ai_inventory i where exists (select * from ai_products p where p.sku = i.sku)',
  ],
  ['a qualified safe column', 'select p.sku, p.name from ai_products p'],
];

for (const [name, sql] of notSensitive) {
  test(`${name} is accepted without the sensitive grant`, async () => {
    const result = await guardSql(sql, everything);
    assert.equal(result.ok, true, result.ok ? '' : result.detail);
  });
}

const trimmed: [string, string, string][] = [
  ['surrounding whitespace', '  select 1 \n', 'select 1'],
  ['a trailing semicolon', 'select 1;', 'select 1'],
  ['a comment after the semicolon', 'select 1; -- done', 'select 1'],
  ['text beyond ASCII before the semicolon', "select 'almacén' ; ", "select 'almacén'"],
  ['a trailing comment without semicolon', 'select 1 -- done', 'select 1 -- done'],
];

for (const [name, sql, expected] of trimmed) {
  test(`the accepted statement drops ${name}`, async () => {
    const result = await guardSql(sql, everything);
    assert.equal(result.ok ? result.sql : result.detail, expected);
  });
}

test('limitedSql keeps a trailing line comment from swallowing the wrapper', async () => {
  const result = await guardSql('select sku from ai_inventory -- the stock', everything);
  assert.ok(result.ok);
  const stmts = (await parse(limitedSql(result.sql, 50))).stmts;
  assert.equal(stmts.length, 1);
  assert.equal(stmts[0].stmt.SelectStmt.limitCount.A_Const.ival.ival, 50);
});

for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 60]) {
  test(`limitedSql refuses a limit of ${bad}`, () => {
    assert.throws(() => limitedSql('select 1', bad), RangeError);
  });
}

const answers: [string, string, string | undefined][] = [
  ['a sql block', 'Here:\n```sql\nselect 1\n```\nDone.', 'select 1'],
  ['an upper-case tag', '```SQL\nselect 2;\n```', 'select 2;'],
  ['the first of two sql blocks', '```sql\nselect 1\n```\n```sql\nselect 2\n```', 'select 1'],
  ['a sql block after a bare one', '```\nnot this\n```\n```sql\nselect 3\n```', 'select 3'],
  ['a bare block when no sql block exists', 'Try:\n```\nselect 4\n```', 'select 4'],
  ['a json block followed by prose', '```json\n{"a": 1}\n```\nno sql here ```', undefined],
  ['no block at all', 'select 5', undefined],
  ['an empty sql block', '```sql\n```', undefined],
];

for (const [name, text, expected] of answers) {
  test(`sqlFromAnswer with ${name}`, () => {
    assert.equal(sqlFromAnswer(text), expected);
  });
}
