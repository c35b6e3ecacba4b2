import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closesLoop } from './bom-graph.ts';

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
