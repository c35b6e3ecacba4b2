import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closesLoop, deepestChain, judgeLines, MAX_BOM_LEVELS } from './bom-graph.ts';

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

/** Lines as a spreadsheet lists them: parent>component. */
const lines = (...l: string[]) =>
  l.map((x) => {
    const [productId, componentId] = x.split('>') as [string, string];
    return { productId, componentId };
  });
const judged: [string, Map<string, string[]>, ReturnType<typeof lines>, (string | null)[]][] = [
  ['new lines that loop nowhere', new Map(graph), lines('chair>leg', 'chair>seat'), [null, null]],
  ['a line whose component is made of the parent', new Map(graph), lines('board>table'), ['loop']],
  ['a loop made of two rows of one file', new Map(), lines('a>b', 'b>a'), [null, 'loop']],
  [
    'a row after a refused one is judged without it',
    new Map(),
    lines('a>b', 'b>a', 'c>a'),
    [null, 'loop', null],
  ],
  ['a line already stored changes nothing', new Map(graph), lines('table>top'), [null]],
  [
    'a line making the chain one too deep',
    chain(MAX_BOM_LEVELS),
    lines(`top>p${MAX_BOM_LEVELS - 1}`),
    ['too_deep'],
  ],
  ['the chain at exactly the limit', chain(MAX_BOM_LEVELS - 1), lines(`top>p${MAX_BOM_LEVELS - 2}`), [null]],
];
for (const [name, madeOf, input, expected] of judged) {
  test(`judging lines: ${name}`, () => {
    const copy = new Map([...madeOf].map(([k, v]) => [k, [...v]]));
    assert.deepEqual(judgeLines(input, copy), expected);
  });
}

test('an accepted line joins the graph for the next judgement; a refused one does not', () => {
  const madeOf = new Map<string, string[]>();
  judgeLines(lines('a>b', 'b>a'), madeOf);
  assert.deepEqual([...madeOf], [['a', ['b']]]);
});
