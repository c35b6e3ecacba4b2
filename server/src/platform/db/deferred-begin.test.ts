import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { DeferredBeginPool } from './deferred-begin.ts';

/** A pool of one fake connection that records what reaches the wire. */
const fakePool = (o: { statementTimeoutMs?: number } = {}) => {
  const sent: unknown[][] = [];
  const client = {
    query: async (...args: unknown[]) => {
      sent.push(args);
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
      const statements = text.split(';').filter((s) => s.trim());
      const results = statements.map((s) => ({
        command: s.trim().split(' ')[0]?.toUpperCase(),
        rows: [s.trim()],
      }));
      return results.length > 1 ? results : results[0];
    },
    release: () => {},
  };
  const pool = { connect: async () => client, query: client.query } as unknown as pg.Pool;
  return { pool: new DeferredBeginPool(pool, o), sent };
};

class Cursor {
  text = 'select 1';
}

test('BEGIN travels with a first statement that has no parameters, and nothing else changes', async () => {
  const cases: { name: string; first: unknown[]; wire: unknown[][]; answer: unknown }[] = [
    {
      name: 'plain text',
      first: ["select set_config('app.tenant_id', 'x', true)"],
      wire: [["begin; select set_config('app.tenant_id', 'x', true)"]],
      answer: { command: 'SELECT', rows: ["select set_config('app.tenant_id', 'x', true)"] },
    },
    {
      name: 'a config object without values',
      first: [{ text: 'select 1', rowMode: 'array' }, []],
      wire: [[{ text: 'begin; select 1', rowMode: 'array' }]],
      answer: { command: 'SELECT', rows: ['select 1'] },
    },
    {
      name: 'parameters as the second argument',
      first: [{ text: 'select $1' }, [1]],
      wire: [['begin'], [{ text: 'select $1' }, [1]]],
      answer: { command: 'SELECT', rows: ['select $1'] },
    },
    {
      name: 'parameters in the config',
      first: [{ text: 'select $1', values: [1] }],
      wire: [['begin'], [{ text: 'select $1', values: [1] }]],
      answer: { command: 'SELECT', rows: ['select $1'] },
    },
    {
      name: 'a named (prepared) statement',
      first: [{ text: 'select 1', name: 'p1' }],
      wire: [['begin'], [{ text: 'select 1', name: 'p1' }]],
      answer: { command: 'SELECT', rows: ['select 1'] },
    },
  ];
  for (const c of cases) {
    const { pool, sent } = fakePool();
    const conn = await pool.connect();
    const began = await conn.query('begin');
    assert.equal(began.command, 'BEGIN', c.name);
    assert.equal(sent.length, 0, `${c.name}: BEGIN is held`);
    const answer = await (conn.query as (...a: unknown[]) => Promise<unknown>)(...c.first);
    assert.deepEqual(sent, c.wire, c.name);
    assert.deepEqual(answer, c.answer, `${c.name}: the caller gets its own statement's result`);
    await conn.query('commit');
    assert.deepEqual(sent.at(-1), ['commit'], `${c.name}: later statements go as they are`);
  }
});

test('a driver query object or a callback gets BEGIN on its own first', async () => {
  const { pool, sent } = fakePool();
  const conn = await pool.connect();
  await conn.query('begin');
  const cursor = new Cursor();
  await (conn.query as (...a: unknown[]) => Promise<unknown>)(cursor);
  assert.deepEqual(sent, [['begin'], [cursor]]);

  const other = fakePool();
  const c2 = await other.pool.connect();
  const done = () => {};
  await (c2.query as (...a: unknown[]) => Promise<unknown>)('begin', done);
  assert.deepEqual(other.sent, [['begin', done]], 'a BEGIN with a callback is not held');
});

test('a transaction that does nothing still begins and ends on the wire, in order', async () => {
  const { pool, sent } = fakePool();
  const conn = await pool.connect();
  await conn.query('begin');
  await conn.query('rollback');
  assert.deepEqual(sent, [['begin; rollback']]);
  await conn.query('select 2');
  assert.deepEqual(sent.at(-1), ['select 2'], 'after the transaction nothing is held');
});

test('the statement timeout is set locally with BEGIN, in the same message, never for the session', async () => {
  const { pool, sent } = fakePool({ statementTimeoutMs: 30_000 });
  const conn = await pool.connect();
  await conn.query('begin');
  const answer = await conn.query("select set_config('app.tenant_id', 'x', true)");
  assert.deepEqual(sent, [
    ["begin; set local statement_timeout = 30000; select set_config('app.tenant_id', 'x', true)"],
  ]);
  assert.deepEqual(answer, { command: 'SELECT', rows: ["select set_config('app.tenant_id', 'x', true)"] });
  await conn.query('commit');

  const other = fakePool({ statementTimeoutMs: 30_000 });
  const c2 = await other.pool.connect();
  await c2.query('begin');
  await (c2.query as (...a: unknown[]) => Promise<unknown>)({ text: 'select $1', values: [1] });
  assert.deepEqual(other.sent, [
    ['begin; set local statement_timeout = 30000'],
    [{ text: 'select $1', values: [1] }],
  ]);
  await other.pool.query('select 3');
  assert.deepEqual(other.sent.at(-1), ['select 3'], 'a statement outside a transaction goes as it is');
});
