import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runForecast } from './command.ts';

const ok = { id: 'SKU-1@MAD-001', values: [3, 0, 5, 2, 4, 1, 0, 6], period: 'day', horizon: 3 };
const withSeries = (i: number, patch: Record<string, unknown>) => {
  const series: Record<string, unknown>[] = [ok, ok, ok, ok].map((s) => ({ ...s }));
  series[i] = { ...series[i], ...patch };
  return JSON.stringify({ series });
};

// Each bad input and the start of the one line that must name it.
const BAD: [name: string, text: string, line: RegExp][] = [
  ['not JSON', '{"series": [', /^\(input\): not JSON: /],
  ['no series', '{}', /^series: /],
  ['series not an array', '{"series": 3}', /^series: /],
  ['an unknown top-level field', JSON.stringify({ series: [], extra: 1 }), /^\(input\): Unrecognized key/],
  ['missing values', withSeries(3, { values: undefined }), /^series\[3\]\.values: /],
  ['empty values', withSeries(1, { values: [] }), /^series\[1\]\.values: /],
  ['a negative value', withSeries(2, { values: [1, -1] }), /^series\[2\]\.values\[1\]: /],
  [
    'a non-finite value',
    withSeries(0, { values: [1, 2] }).replace('2]', '1e999]'),
    /^series\[0\]\.values\[1\]: /,
  ],
  ['a value that is not a number', withSeries(0, { values: [1, '2'] }), /^series\[0\]\.values\[1\]: /],
  ['a value past the bound', withSeries(0, { values: [2e9] }), /^series\[0\]\.values\[0\]: /],
  ['too many values', withSeries(0, { values: new Array(10_001).fill(1) }), /^series\[0\]\.values: /],
  ['horizon 0', withSeries(3, { horizon: 0 }), /^series\[3\]\.horizon: /],
  ['a fractional horizon', withSeries(3, { horizon: 1.5 }), /^series\[3\]\.horizon: /],
  ['horizon past 366', withSeries(3, { horizon: 367 }), /^series\[3\]\.horizon: /],
  ['missing horizon', withSeries(3, { horizon: undefined }), /^series\[3\]\.horizon: /],
  ['an unknown method', withSeries(1, { method: 'arima' }), /^series\[1\]\.method: /],
  ['an unknown period', withSeries(1, { period: 'year' }), /^series\[1\]\.period: /],
  ['season length 0', withSeries(2, { season_length: 0 }), /^series\[2\]\.season_length: /],
  ['season length past 366', withSeries(2, { season_length: 400 }), /^series\[2\]\.season_length: /],
  ['level 100', withSeries(0, { levels: [80, 100] }), /^series\[0\]\.levels\[1\]: /],
  ['level 0', withSeries(0, { levels: [0] }), /^series\[0\]\.levels\[0\]: /],
  ['no level', withSeries(0, { levels: [] }), /^series\[0\]\.levels: /],
  ['a repeated level', withSeries(0, { levels: [80, 80] }), /^series\[0\]\.levels: must not repeat/],
  ['an empty id', withSeries(2, { id: '' }), /^series\[2\]\.id: /],
  ['a long id', withSeries(2, { id: 'x'.repeat(201) }), /^series\[2\]\.id: /],
  ['an unknown series field', withSeries(2, { horizen: 3 }), /^series\[2\]: Unrecognized key: "horizen"/],
];

for (const [name, text, line] of BAD) {
  test(`refused: ${name}`, () => {
    const out = runForecast(text);
    assert.equal(out.ok, false);
    if (out.ok) return;
    assert.match(out.error, line);
    assert.ok(!out.error.includes('\n'), 'one line');
  });
}

test('too many series, or too many values in all, names series', () => {
  const many = runForecast(JSON.stringify({ series: new Array(10_001).fill(ok) }));
  assert.ok(!many.ok && /^series: /.test(many.error));
  const big = { ...ok, values: new Array(10_000).fill(1) };
  const heavy = runForecast(JSON.stringify({ series: new Array(1001).fill(big) }));
  assert.ok(
    !heavy.ok && /^series: must hold at most 10000000 values/.test(heavy.error),
    heavy.ok ? '' : heavy.error,
  );
});

test('defaults: season length by period, levels 80 and 95, method auto; results in input order', () => {
  const out = runForecast(
    JSON.stringify({
      series: [
        { ...ok, id: 'b' },
        { ...ok, id: 'a', levels: [50] },
      ],
    }),
  );
  assert.ok(out.ok);
  const { results } = out.json as { results: { id: string; intervals: object; backtest: object }[] };
  assert.deepEqual(
    results.map((r) => [r.id, Object.keys(r.intervals)]),
    [
      ['b', ['80', '95']],
      ['a', ['50']],
    ],
  );
  // Eight daily values with m = 7 leave no origin: the short-series fallback.
  assert.deepEqual(results[0]!.backtest, { rmsse: null, mase: null, mae: null, rmse: null, origins: 0 });
});
