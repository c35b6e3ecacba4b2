// Full DDMRP recompute of every buffer (ADU from a year of shipments, DLT, zones, net flow,
// suggestions) through the planning service's daily path, against the floor any recompute must
// pay: one SQL aggregate of the same history per product × location, in the same run and the
// same database. Production mode (PostgreSQL, NATS, Redis) and embedded mode.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createBufferRecalculation } from '../server/src/modules/planning/index.ts';
import { seedScaleBuffers } from '../server/src/scale-seed-planning.ts';
import {
  type BenchApp,
  machine,
  productionReachable,
  round,
  servers,
  startApp,
  table,
  writeResult,
} from './setup.ts';

const DAYS = 365;
const LOCATIONS = 5;

type Row = {
  mode: BenchApp['mode'];
  buffers: number;
  products: number;
  locations: number;
  /** Shipments and returns inside the ADU window: what both the floor and the recompute read. */
  history_rows: number;
  seed_s: number;
  seed_s_per_1000_buffers: number;
  floor_groups: number;
  floor_ms: number;
  recompute_ms: number;
  buffers_per_s: number;
  recompute_over_floor: number;
  open_suggestions: number;
  priorities: { red: number; yellow: number; green: number };
  /** Buffers whose ADU differs from the floor's sum ÷ days (rounded as the engine rounds). */
  adu_mismatches: number;
};

/** The floor: the bare aggregate of the window's consumption, as the tenant, warm (second run). */
const floor = async (app: BenchApp) => {
  const once = () =>
    app.flujo.platform.uow.forTenant(app.tenantId, async (tx) => {
      await tx.execute(sql`set local statement_timeout = 0`);
      const t0 = performance.now();
      const { rows } = await tx.execute(sql`
        select product_id, location_id, sum(-quantity) as qty
        from stock_movements
        where tenant_id = ${app.tenantId} and kind in ('shipment', 'return')
          and created_at >= now()::date - ${DAYS}::int and created_at < now()::date
        group by product_id, location_id`);
      return { ms: performance.now() - t0, groups: rows.length };
    });
  await once();
  return once();
};

const measure = async (mode: Row['mode'], wanted: number): Promise<Row> => {
  const locations = Math.min(LOCATIONS, wanted);
  const products = Math.ceil(wanted / locations);
  const app = await startApp({ mode });
  try {
    const p = app.flujo.platform;
    let shown = 0;
    const seeded = await seedScaleBuffers(p, {
      tenantId: app.tenantId,
      products,
      locations,
      days: DAYS,
      onHistoryProgress: (done, total) => {
        if (total < 20_000 || (done - shown < total / 10 && done < total)) return;
        shown = done;
        console.log(`  ${mode}: history and buffers ${done} / ${total}`);
      },
    });
    console.log(
      `${mode}: seeded ${products} × ${locations} in ${(seeded.ms / 1000).toFixed(1)} s ` +
        `(stock ${(seeded.stockMs / 1000).toFixed(1)} s, history and buffers ${(seeded.historyMs / 1000).toFixed(1)} s): ` +
        `${seeded.buffers} buffers, ${seeded.shipments} shipments, ${seeded.receipts} receipts`,
    );

    const f = await floor(app);

    const recalc = createBufferRecalculation(p);
    const { rows: marks } = await p.database.pool.query<{ at: string }>(
      'select clock_timestamp()::text as at',
    );
    const mark = marks[0]?.at ?? '';
    const t0 = performance.now();
    await recalc.recalculateAll();
    const recomputeMs = performance.now() - t0;

    // Not timed: that every buffer was recomputed now, and what it came to.
    const check = await p.uow.forTenant(app.tenantId, async (tx) => {
      await tx.execute(sql`set local statement_timeout = 0`);
      const { rows } = await tx.execute<{
        buffers: number;
        calculated: number;
        red: number;
        yellow: number;
        green: number;
        open_suggestions: number;
        history_rows: number;
        adu_mismatches: number;
      }>(sql`
        with window_ as (
          select product_id, location_id, sum(-quantity) as qty, count(*) as n
          from stock_movements
          where tenant_id = ${app.tenantId} and kind in ('shipment', 'return')
            and created_at >= now()::date - ${DAYS}::int and created_at < now()::date
          group by product_id, location_id)
        select count(*)::int as buffers,
          count(*) filter (where b.calculated_at >= ${mark}::timestamptz and b.adu is not null
            and b.dlt is not null and b.red is not null and b.yellow is not null and b.green is not null
            and b.top_of_green is not null and b.net_flow is not null and b.planning_priority is not null)::int
            as calculated,
          count(*) filter (where b.planning_priority = 'red')::int as red,
          count(*) filter (where b.planning_priority = 'yellow')::int as yellow,
          count(*) filter (where b.planning_priority = 'green')::int as green,
          (select count(*)::int from replenishment_suggestions s
            where s.tenant_id = ${app.tenantId} and s.status = 'OPEN') as open_suggestions,
          coalesce(sum(w.n), 0)::int as history_rows,
          count(*) filter (where abs(b.adu - round(coalesce(w.qty, 0) / ${DAYS}::int, 4)) > 0.0001)::int
            as adu_mismatches
        from buffers b
        left join window_ w on w.product_id = b.product_id and w.location_id = b.location_id
        where b.tenant_id = ${app.tenantId}`);
      const r = rows[0];
      if (!r) throw new Error('no check row');
      return r;
    });
    if (check.calculated !== check.buffers)
      throw new Error(
        `${mode}: ${check.buffers - check.calculated} of ${check.buffers} buffers were not recomputed`,
      );
    if (check.adu_mismatches > 0)
      console.log(`${mode}: warning, ${check.adu_mismatches} buffers have an ADU other than the history's`);

    return {
      mode,
      buffers: check.buffers,
      products,
      locations,
      history_rows: check.history_rows,
      seed_s: round(seeded.ms / 1000, 1),
      seed_s_per_1000_buffers: round(seeded.ms / check.buffers, 2),
      floor_groups: f.groups,
      floor_ms: round(f.ms, 1),
      recompute_ms: round(recomputeMs, 1),
      buffers_per_s: Math.round(check.buffers / (recomputeMs / 1000)),
      recompute_over_floor: round(recomputeMs / f.ms, 1),
      open_suggestions: check.open_suggestions,
      priorities: { red: check.red, yellow: check.yellow, green: check.green },
      adu_mismatches: check.adu_mismatches,
    };
  } finally {
    await app.close();
  }
};

export const run = async (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      buffers: { type: 'string', default: '100000' },
      'embedded-buffers': { type: 'string', default: '10000' },
      'skip-production': { type: 'boolean', default: false },
      'skip-embedded': { type: 'boolean', default: false },
    },
  });
  const rows: Row[] = [];
  if (!values['skip-production']) {
    if (await productionReachable()) rows.push(await measure('production', Number(values.buffers)));
    else console.log(`\nproduction mode skipped: ${Object.values(servers).join(', ')} not all reachable`);
  }
  if (!values['skip-embedded']) rows.push(await measure('embedded', Number(values['embedded-buffers'])));
  if (rows.length === 0) return;

  console.log(
    `\nFull recompute of every buffer (ADU past ${DAYS} days, DLT, zones, net flow, suggestions) ` +
      `against the bare SQL aggregate of the same history (warm), same database\n`,
  );
  table(
    ['mode', 'buffers', 'history rows', 'floor ms', 'recompute ms', 'buffers/s', 'recompute ÷ floor'],
    rows.map((r) => [
      r.mode,
      r.buffers,
      r.history_rows,
      r.floor_ms,
      r.recompute_ms,
      r.buffers_per_s,
      r.recompute_over_floor,
    ]),
  );
  console.log('');
  for (const r of rows)
    console.log(
      `${r.mode}: ${r.open_suggestions} open suggestions; priorities red ${r.priorities.red}, ` +
        `yellow ${r.priorities.yellow}, green ${r.priorities.green}; seeding ${r.seed_s} s ` +
        `(${r.seed_s_per_1000_buffers} s per 1,000 buffers)`,
    );
  writeResult('ddmrp', { ...machine(), history_days: DAYS, rows });
};
