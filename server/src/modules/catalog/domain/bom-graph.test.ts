import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closesLoop, deepestChain, MAX_BOM_LEVELS } from './bom-graph.ts';

const graph = new Map([
  ['table', ['top', 'leg']],
  ['top', ['board']],
  ['leg', ['board', 'screw']],
]);
const cases: [string, string[], boolean][] = [
  ['chair', ['leg', 'seat'], false],
  ['board', ['table'], true],
  ['screw', ['leg'], true],
  ['top', ['top'], true],
  ['kit', [], false],
  ['table', ['top', 'leg', 'glue'], false],
];
for (const [product, components, expected] of cases) {
  test(`making ${product} from ${components.join('+') || 'nothing'} ${expected ? 'closes' : 'does not close'} a loop`, () => {
    assert.equal(closesLoop(product, components, graph), expected);
  });
}

/** A chain p0 ← p1 ← … ← p(n-1): each product made of the one before. */
const chain = (n: number) => new Map(Array.from({ length: n - 1 }, (_, i) => [`p${i + 1}`, [`p${i}`]]));

const levels: [string, string, string[], ReadonlyMap<string, readonly string[]>, number][] = [
  ['a product made of nothing', 'kit', [], graph, 1],
  ['a new top over the table', 'set', ['table'], graph, 4],
  ['a component made of a whole subtree', 'board', ['screw'], graph, 4],
  ['the 100th product on a chain', 'p99', ['p98'], chain(99), 100],
  ['a product inserted mid-chain reaches both ends', 'p50', ['p49'], chain(100), 100],
];
for (const [name, product, components, madeOf, expected] of levels) {
  test(`levels through ${name}: ${expected}`, () => {
    assert.equal(deepestChain(product, components, madeOf), expected);
  });
}

test(`a chain deeper than ${MAX_BOM_LEVELS} products is reported past the limit without walking it all`, () => {
  assert.ok(deepestChain('p100', ['p99'], chain(100)) > MAX_BOM_LEVELS);
  // A long chain stored before the limit existed is still answered, not a stack overflow.
  assert.ok(deepestChain('top', ['p19999'], chain(20_000)) > MAX_BOM_LEVELS);
});
