import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nelderMead } from './optimize.ts';

type Case = {
  name: string;
  f: (x: Float64Array) => number;
  x0: number[];
  lower: number[];
  upper: number[];
  at: number[];
  tol: number;
};

const sq = (v: number) => v * v;
const cases: Case[] = [
  {
    name: 'an interior quadratic bowl',
    f: (x) => sq(x[0]! - 0.3) + 4 * sq(x[1]! + 1.5),
    x0: [0, 0],
    lower: [-5, -5],
    upper: [5, 5],
    at: [0.3, -1.5],
    tol: 1e-4,
  },
  {
    name: 'a bowl whose centre lies outside the box (minimum on the bound)',
    f: (x) => sq(x[0]! - 2) + sq(x[1]! - 0.5),
    x0: [0.5, 0.5],
    lower: [0, 0],
    upper: [1, 1],
    at: [1, 0.5],
    tol: 1e-4,
  },
  {
    name: 'the Rosenbrock valley',
    f: (x) => 100 * sq(x[1]! - sq(x[0]!)) + sq(1 - x[0]!),
    x0: [-1.2, 1],
    lower: [-2, -2],
    upper: [2, 2],
    at: [1, 1],
    tol: 1e-3,
  },
  {
    name: 'a one-dimensional function with an infeasible region',
    f: (x) => (x[0]! < 0.1 ? Number.NaN : sq(Math.log(x[0]!) - Math.log(0.25))),
    x0: [0.9],
    lower: [0],
    upper: [1],
    at: [0.25],
    tol: 1e-4,
  },
  {
    name: 'four coordinates at once',
    f: (x) => sq(x[0]! - 0.1) + sq(x[1]! - 0.2) + sq(x[2]! - 0.3) + sq(x[3]! - 0.9),
    x0: [0.5, 0.5, 0.5, 0.5],
    lower: [0, 0, 0, 0.8],
    upper: [1, 1, 1, 0.98],
    at: [0.1, 0.2, 0.3, 0.9],
    tol: 1e-3,
  },
];

for (const c of cases) {
  test(`Nelder–Mead finds the minimum of ${c.name}`, () => {
    const r = nelderMead(c.f, c.x0, c.lower, c.upper, { maxEvals: 5000, reltol: 1e-14 });
    c.at.forEach((v, i) => {
      assert.ok(Math.abs(r.x[i]! - v) < c.tol, `x[${i}] = ${r.x[i]} expected ${v}`);
    });
  });
}

test('Nelder–Mead stops at the evaluation cap and still returns the best point seen', () => {
  let calls = 0;
  const r = nelderMead(
    (x) => {
      calls++;
      return 100 * sq(x[1]! - sq(x[0]!)) + sq(1 - x[0]!);
    },
    [-1.2, 1],
    [-2, -2],
    [2, 2],
    { maxEvals: 30, reltol: 0 },
  );
  assert.ok(calls <= 32, `evaluated ${calls} times`);
  assert.equal(r.converged, false);
  assert.ok(r.f <= 100 * sq(1 - 1.44) + sq(2.2));
});

test('Nelder–Mead is deterministic', () => {
  const f = (x: Float64Array) => Math.sin(3 * x[0]!) + sq(x[1]! - 0.2);
  const a = nelderMead(f, [0.4, 0.4], [0, 0], [1, 1]);
  const b = nelderMead(f, [0.4, 0.4], [0, 0], [1, 1]);
  assert.deepEqual(a, b);
});
