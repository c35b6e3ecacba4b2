import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BomLine, decimal, requirements, shortages, shortOnly, withinTolerance } from './production.ts';

const line = (component_id: string, quantity: string, scrap_pct = '0'): BomLine => ({
  component_id,
  quantity,
  scrap_pct,
});

test('requirements: per unit × quantity, grossed up by scrap', () => {
  const cases: { bom: BomLine[]; qty: number; want: number[] }[] = [
    { bom: [line('a', '2')], qty: 10, want: [20] },
    { bom: [line('a', '2', '5')], qty: 10, want: [21] },
    { bom: [line('a', '0.5', '10'), line('b', '3')], qty: 4, want: [2.2, 12] },
    { bom: [line('a', '0.1', '0')], qty: 3, want: [0.3] },
    { bom: [line('a', '1.5', '12.5')], qty: 0, want: [0] },
    { bom: [line('a', '1', '100')], qty: 7, want: [14] },
  ];
  for (const c of cases) {
    assert.deepEqual(
      requirements(c.bom, c.qty).map((r) => r.required),
      c.want,
      JSON.stringify(c),
    );
  }
});

test('requirements keep the snapshot line for the response', () => {
  const [r] = requirements([line('a', '2', '5')], 1);
  assert.deepEqual(r, { product_id: 'a', per_unit: '2', scrap_pct: '5', required: 2.1 });
});

test('shortages: required against free stock, never negative', () => {
  const reqs = requirements([line('a', '2', '5'), line('b', '1'), line('c', '1')], 10);
  const free = new Map([
    ['a', 20],
    ['b', 15],
    ['c', -3],
  ]);
  const cases = shortages(reqs, free).map((s) => [s.product_id, s.required, s.available, s.short]);
  assert.deepEqual(cases, [
    ['a', 21, 20, 1],
    ['b', 10, 15, 0],
    // Negative stock (a location that allows it) counts as none free.
    ['c', 10, -3, 10],
  ]);
});

test('shortages: a component with no balance row has nothing free', () => {
  const [s] = shortages(requirements([line('x', '1.5')], 2), new Map());
  assert.deepEqual([s?.available, s?.short], [0, 3]);
});

test('shortOnly keeps the components that are short', () => {
  const list = shortages(requirements([line('a', '1'), line('b', '1')], 5), new Map([['a', 5]]));
  assert.deepEqual(
    shortOnly(list).map((s) => s.product_id),
    ['b'],
  );
});

test('decimal: ledger text without float noise or exponents', () => {
  const cases: [number, string][] = [
    [0.1 + 0.2, '0.3'],
    [21, '21'],
    [2.5, '2.5'],
    [1e-7, '0'],
    [0.000001, '0.000001'],
    [1234.5678901, '1234.56789'],
  ];
  for (const [v, want] of cases) assert.equal(decimal(v), want, String(v));
});

test('withinTolerance: received total against ordered plus the tolerance percentage', () => {
  const cases: [number, number, number, boolean][] = [
    [10, 10, 0, true],
    [10.1, 10, 0, false],
    [11, 10, 10, true],
    [11.01, 10, 10, false],
    [0.3, 0.1 + 0.2, 0, true],
  ];
  for (const [q, open, tol, want] of cases)
    assert.equal(withinTolerance(q, open, tol), want, `${q}/${open}/${tol}`);
});
