import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from './classify.ts';
import type { DemandClass } from './types.ts';

const CASES: [name: string, y: number[], cls: DemandClass, adi: number | null, cv2: number | null][] = [
  ['steady sizes every period are smooth', [5, 5, 5, 5], 'smooth', 1, 0],
  ['varying sizes every period are erratic', [1, 10, 1, 10], 'erratic', 1, 20.25 / 30.25],
  [
    'steady sizes every other period are intermittent',
    [0, 4, 0, 4, 0, 5],
    'intermittent',
    2,
    0.2222222 / 18.7777778,
  ],
  ['varying sizes every third period are lumpy', [0, 1, 0, 0, 9, 0], 'lumpy', 3, 0.64],
  ['all zeros are intermittent, with no ADI or CV²', [0, 0, 0], 'intermittent', null, null],
  ['one non-zero among zeros is intermittent with CV² 0', [0, 0, 7, 0], 'intermittent', 4, 0],
  ['one value alone is smooth', [7], 'smooth', 1, 0],
  [
    'ADI exactly 1.32 is on the intermittent side',
    [...Array(25).fill(3), ...Array(8).fill(0)],
    'intermittent',
    1.32,
    0,
  ],
  ['CV² exactly 0.49 is on the erratic side', [17, 3], 'erratic', 1, 0.49],
];

for (const [name, y, cls, adi, cv2] of CASES) {
  test(name, () => {
    const d = classify(y);
    assert.equal(d.class, cls);
    if (adi === null) assert.equal(d.adi, null);
    else assert.ok(Math.abs(d.adi! - adi) < 1e-9);
    if (cv2 === null) assert.equal(d.cv2, null);
    else assert.ok(Math.abs(d.cv2! - cv2) < 1e-6, `cv2 ${d.cv2}`);
  });
}
