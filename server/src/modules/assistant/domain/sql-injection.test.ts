import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CORPUS_VIEWS, SQL_INJECTION_CORPUS } from '../../../../test/fixtures/sql-injection-corpus.ts';
import { guardSql } from './sql-guard.ts';

// The strictest caller short of no permission at all: every view, no sensitive columns.
const opts = { views: CORPUS_VIEWS, permissions: ['*:*'], allowSensitive: false };

for (const attempt of SQL_INJECTION_CORPUS) {
  const expected = attempt.rule === 'harmless' ? 'is left to the database' : `is refused as ${attempt.rule}`;
  test(`injection corpus: ${attempt.name} ${expected}`, async () => {
    const result = await guardSql(attempt.sql, opts);
    if (attempt.rule === 'harmless') assert.equal(result.ok, true, JSON.stringify(result));
    else assert.deepEqual(result.ok ? result : result.rule, attempt.rule, result.ok ? '' : result.detail);
  });
}

test('the injection corpus names at least 70 attempts, each once', () => {
  const names = SQL_INJECTION_CORPUS.map((a) => a.name);
  assert.ok(names.length >= 70);
  assert.equal(new Set(names).size, names.length);
});
