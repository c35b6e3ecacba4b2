import assert from 'node:assert/strict';
import { test } from 'node:test';
import { offsetOf, PageQuery, pageOf } from './pagination.ts';

const cases: [Record<string, string>, { page: number; limit: number } | 'invalid'][] = [
  [{}, { page: 1, limit: 20 }],
  [
    { page: '3', limit: '50' },
    { page: 3, limit: 50 },
  ],
  [{ limit: '101' }, 'invalid'],
  [{ page: '0' }, 'invalid'],
  [{ page: 'x' }, 'invalid'],
];
for (const [query, expected] of cases) {
  test(`page query ${JSON.stringify(query)} → ${JSON.stringify(expected)}`, () => {
    const r = PageQuery.safeParse(query);
    if (expected === 'invalid') assert.equal(r.success, false);
    else assert.deepEqual(r.data, expected);
  });
}

test('pages count up from the total and the offset skips earlier pages', () => {
  const q = { page: 3, limit: 10 };
  assert.equal(offsetOf(q), 20);
  assert.deepEqual(pageOf(['a'], 21, q).pagination, { page: 3, limit: 10, total: 21, total_pages: 3 });
  assert.equal(pageOf([], 0, q).pagination.total_pages, 0);
});
