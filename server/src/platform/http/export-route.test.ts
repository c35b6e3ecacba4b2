import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportLang, pagesOf } from './export-route.ts';

const langs: [string | undefined, 'es' | 'en' | undefined, 'es' | 'en'][] = [
  [undefined, undefined, 'es'],
  ['en-US,en;q=0.9', undefined, 'en'],
  ['fr-FR,fr;q=0.9,en;q=0.8,es;q=0.7', undefined, 'en'],
  ['en;q=0.5,es-MX;q=0.8', undefined, 'es'],
  ['de-DE', undefined, 'es'],
  ['en;q=0', undefined, 'es'],
  ['en-GB', 'es', 'es'],
];
for (const [accept, lang, expected] of langs)
  test(`headings for ?lang=${lang ?? ''} and Accept-Language "${accept ?? ''}" are ${expected}`, () => {
    assert.equal(exportLang(lang, accept), expected);
  });

const source = (n: number) => {
  const asked: number[] = [];
  const fetch = async (page: number, limit: number) => {
    asked.push(page);
    const from = (page - 1) * limit;
    return { data: Array.from({ length: Math.max(0, Math.min(limit, n - from)) }, (_v, i) => from + i) };
  };
  return { asked, fetch };
};
const all = async (it: AsyncIterable<number>) => {
  const out: number[] = [];
  for await (const x of it) out.push(x);
  return out;
};

test('pages are read in order until a short page', async () => {
  const s = source(25);
  assert.deepEqual(
    await all(pagesOf(s.fetch, { size: 10 })),
    Array.from({ length: 25 }, (_v, i) => i),
  );
  assert.deepEqual(s.asked, [1, 2, 3]);
});

test('an exact multiple of the page size ends on the empty page after it', async () => {
  const s = source(20);
  assert.equal((await all(pagesOf(s.fetch, { size: 10 }))).length, 20);
  assert.deepEqual(s.asked, [1, 2, 3]);
});

test('the row bound stops a runaway list without reading further pages', async () => {
  const s = source(1000);
  assert.equal((await all(pagesOf(s.fetch, { size: 10, max: 35 }))).length, 35);
  assert.deepEqual(s.asked, [1, 2, 3, 4]);
});
