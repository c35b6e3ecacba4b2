// The nightly forecast at scale: the scale seed's buffers (products × 5 locations, each with a
// year of backdated shipments), then one forecast run of the tenant as the nightly job runs it,
// end to end. Two baselines from the same run and database: the bare read of the same demand
// history (the runner's own query, in the runner's chunks) and the engine alone on the same
// weekly series, so the run reads as a ratio and the engine's share of it can be seen.
import { sql } from 'drizzle-orm';
import {
  createForecastRunner,
  createForecastsService,
  FORECAST_HORIZON,
  type ForecastInput,
  forecastAll,
} from '../server/src/modules/analytics/index.ts';
import { tenantCalendar } from '../server/src/modules/identity/index.ts';
import { inventoryFacade } from '../server/src/modules/inventory/index.ts';
import { addDays, dayNumber } from '../server/src/platform/dates.ts';
import { seedScaleBuffers } from '../server/src/scale-seed-planning.ts';
import { type BenchApp, machine, productionReachable, round, startApp, table, writeResult } from './setup.ts';

const LOCATIONS = 5;
/** As the runner: 104 weekly buckets read, a 52-week season only with two years of them. */
const HISTORY_WEEKS = 104;
const SEASON = 52;
const CHUNK = 500;

/** The Monday of `day`'s ISO week (1970-01-01, day 0, was a Thursday). */
const monday = (day: string) => {
  const n = dayNumber(day);
  return addDays(day, -((((n + 3) % 7) + 7) % 7));
};

type Chunk = { last: string; days: Awaited<ReturnType<typeof inventoryFacade.dailyDemand>> };

/**
 * The floor: every product's daily demand over the runner's window, read with the runner's own
 * query in the runner's chunks of products, as the tenant; returns the weekly series it reads.
 */
const floor = async (app: BenchApp, today: string) => {
  const p = app.flujo.platform;
  const until = monday(today);
  const from = addDays(until, -7 * HISTORY_WEEKS);
  const t0 = performance.now();
  const weeks = new Map<string, number[]>();
  let cursor: string | null = null;
  let rows = 0;
  for (;;) {
    const after: string | null = cursor;
    const chunk = await p.uow.forTenant(app.tenantId, async (tx): Promise<Chunk | null> => {
      const { rows: ids } = await tx.execute<{ id: string }>(sql`
        select id from products where tenant_id = ${app.tenantId}
          ${after ? sql`and id > ${after}` : sql``} order by id limit ${CHUNK}`);
      if (ids.length === 0) return null;
      const days = await inventoryFacade.dailyDemand(
        tx,
        app.tenantId,
        from,
        addDays(until, -1),
        ids.map((r) => r.id),
      );
      return { last: ids[ids.length - 1]!.id, days };
    });
    if (!chunk) break;
    rows += chunk.days.length;
    for (const d of chunk.days) {
      const key = `${d.product_id}|${d.location_id}`;
      const w = weeks.get(key) ?? new Array<number>(HISTORY_WEEKS).fill(0);
      weeks.set(key, w);
      const k = Math.floor((dayNumber(d.day) - dayNumber(from)) / 7);
      w[k] = (w[k] ?? 0) + d.qty;
    }
    cursor = chunk.last;
  }
  const ms = performance.now() - t0;
  // Weeks before an item first sold are not history (the runner's bucketing drops them too).
  const series = [...weeks.values()].map((w) =>
    w.slice(
      Math.max(
        0,
        w.findIndex((v) => v > 0),
      ),
    ),
  );
  return { ms, rows, series };
};

/** The engine alone on the runner's inputs: `auto`, 13 weeks, bands at 80 and 95. */
const engineAlone = (series: number[][]) => {
  const inputs: ForecastInput[] = series.map((values, i) => ({
    id: String(i),
    values: values.length > 0 ? values : [0],
    seasonLength: values.length >= 2 * SEASON ? SEASON : 1,
    horizon: FORECAST_HORIZON,
    levels: [80, 95],
    method: 'auto',
  }));
  const t0 = performance.now();
  forecastAll(inputs);
  return performance.now() - t0;
};

export const runNightly = async (o: {
  buffers: number;
  days: number;
  mode?: BenchApp['mode'];
  /** The app's DB_STATEMENT_TIMEOUT_MS (0 = none); unset keeps the app's default. */
  statementTimeoutMs?: number;
}) => {
  const mode = o.mode ?? ((await productionReachable()) ? 'production' : 'embedded');
  const locations = Math.min(LOCATIONS, o.buffers);
  const products = Math.ceil(o.buffers / locations);
  const load = { start: machine().load_average_1m, seeded: 0, end: 0 };
  const app = await startApp({
    mode,
    ...(o.statementTimeoutMs === undefined
      ? {}
      : { env: { DB_STATEMENT_TIMEOUT_MS: String(o.statementTimeoutMs) } }),
  });
  try {
    const p = app.flujo.platform;
    let shown = 0;
    const seeded = await seedScaleBuffers(p, {
      tenantId: app.tenantId,
      products,
      locations,
      days: o.days,
      onHistoryProgress: (done, total) => {
        if (total < 20_000 || (done - shown < total / 10 && done < total)) return;
        shown = done;
        console.log(`  ${mode}: history and buffers ${done} / ${total}`);
      },
    });
    load.seeded = machine().load_average_1m;
    console.log(
      `${mode}: seeded ${products} × ${locations} in ${(seeded.ms / 1000).toFixed(1)} s: ` +
        `${seeded.buffers} buffers, ${seeded.shipments} shipments`,
    );
    const today = await tenantCalendar.today(p.database.db, app.tenantId);

    // Twice, the second timed: the run after it reads a warm cache too.
    await floor(app, today);
    const f = await floor(app, today);
    const engineMs = engineAlone(f.series);

    const runId = await createForecastsService(p).queue(app.tenantId, 'schedule', null);
    const t0 = performance.now();
    await createForecastRunner(p).run(app.tenantId, runId);
    const runMs = performance.now() - t0;
    load.end = machine().load_average_1m;

    // Not timed: that the run finished, forecast every buffer, and what it chose.
    const check = await p.uow.forTenant(app.tenantId, async (tx) => {
      const { rows: runs } = await tx.execute<{
        status: string;
        items: number;
        failed: number;
        error: string | null;
      }>(sql`
        select status, items_forecast as items, items_failed as failed, error
        from analytics_forecast_runs where id = ${runId}`);
      const { rows: methods } = await tx.execute<{ method: string; n: number }>(sql`
        select method, count(*)::int as n from analytics_forecasts
        where tenant_id = ${app.tenantId} and run_id = ${runId} group by 1 order by 2 desc`);
      return { run: runs[0], methods: Object.fromEntries(methods.map((m) => [m.method, m.n])) };
    });
    if (!check.run) throw new Error('the forecast run row is gone');
    // A failed run is reported, not thrown: how far it got and why is the finding.
    const error =
      check.run.error === null ? null : check.run.error.replace(/\nparams:[\s\S]*?(:[^:]*)$/, '$1');
    if (check.run.status !== 'completed')
      console.log(
        `\nwarning: the forecast run ended ${check.run.status} after ${Math.round(runMs)} ms: ${error}`,
      );
    else if (check.run.items !== f.series.length)
      console.log(`warning: the run forecast ${check.run.items} items, the floor read ${f.series.length}`);

    const items = check.run.items;
    const row = {
      mode,
      status: check.run.status,
      error,
      buffers: seeded.buffers,
      products,
      locations,
      history_days: o.days,
      history_rows_read: f.rows,
      items_forecast: items,
      items_failed: check.run.failed,
      seed_s: round(seeded.ms / 1000, 1),
      floor_ms: round(f.ms, 1),
      engine_ms: round(engineMs, 1),
      run_ms: round(runMs, 1),
      items_per_s: Math.round(items / (runMs / 1000)),
      engine_items_per_s: Math.round(f.series.length / (engineMs / 1000)),
      run_over_floor: round(runMs / f.ms, 2),
      engine_share_of_run: round(engineMs / runMs, 3),
      methods: check.methods,
    };
    console.log(
      `\nNightly forecast run (weekly buckets, auto, h = ${FORECAST_HORIZON}) of every buffer, against the ` +
        `bare read of the same history in the same chunks (warm) and the engine alone on the same series\n`,
    );
    table(
      [
        'mode',
        'status',
        'items',
        'floor ms',
        'engine ms',
        'run ms',
        'items/s',
        'run ÷ floor',
        'engine share',
      ],
      [
        [
          row.mode,
          row.status,
          row.items_forecast,
          row.floor_ms,
          row.engine_ms,
          row.run_ms,
          row.items_per_s,
          row.run_over_floor,
          `${Math.round(row.engine_share_of_run * 100)}%`,
        ],
      ],
    );
    console.log(
      `\nload average (1 min): ${load.start} at start, ${load.seeded} after seeding, ${load.end} at end`,
    );
    writeResult('forecast-nightly', {
      ...machine(),
      load_average: load,
      statement_timeout_ms: o.statementTimeoutMs ?? 'default',
      row,
    });
  } finally {
    await app.close();
  }
};
