import { and, asc, between, eq, inArray, isNull, sql } from 'drizzle-orm';
import { addDays, todayUtc } from '../../platform/dates.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantCalendar } from '../identity/index.ts';
import { catalogProducts as products } from '../catalog/index.ts';
import { addMonths } from './domain/accuracy.ts';
import { analyticsEvents } from './events.ts';
import { type KpiResult, kpisIn } from './kpis.service.ts';
import { kpiSnapshots } from './schema.ts';
import { locationsOf, windowOf } from './scope.ts';

export const SNAPSHOT_KPIS = [
  'fill_rate',
  'service_level',
  'turns',
  'days_of_supply',
  'stockouts',
  'buffer_health',
  'average_on_hand',
  'inventory_value',
  'forecast_accuracy',
] as const;
export type SnapshotKpi = (typeof SNAPSHOT_KPIS)[number];

/** The service promise the snapshot's fill rate is measured against (the KPI page's default). */
const SHIP_WITHIN_DAYS = 2;

/** One day's KPIs as rows: each KPI's headline value and the figures behind it (daily series left out). */
export const snapshotRows = (k: KpiResult): { kpi: SnapshotKpi; value: number | null; inputs: object }[] => {
  const { series: _s, ...stockouts } = k.stockouts;
  const { series: _v, ...inventory } = k.inventory_value;
  const latest = k.buffer_health.latest;
  return [
    { kpi: 'fill_rate', value: k.fill_rate.value, inputs: k.fill_rate },
    { kpi: 'service_level', value: k.service_level.value, inputs: k.service_level },
    { kpi: 'turns', value: k.turns.value, inputs: k.turns },
    { kpi: 'days_of_supply', value: k.days_of_supply.value, inputs: k.days_of_supply },
    { kpi: 'stockouts', value: k.stockouts.item_days, inputs: stockouts },
    // The share of buffers in red: what the cockpit's health badge shows.
    { kpi: 'buffer_health', value: latest ? latest.zones.red : null, inputs: latest ?? {} },
    { kpi: 'average_on_hand', value: k.average_on_hand.ratio, inputs: k.average_on_hand },
    { kpi: 'inventory_value', value: k.inventory_value.value, inputs: inventory },
    { kpi: 'forecast_accuracy', value: k.forecast_accuracy.value, inputs: k.forecast_accuracy },
  ];
};

export type HistoryQuery = {
  from?: string | undefined;
  to?: string | undefined;
  kpi?: SnapshotKpi | undefined;
  location?: string | undefined;
};

/**
 * Daily KPI snapshots: the nightly job stores each tenant's KPIs for yesterday (its own
 * calendar) as the tenant-wide rows, upserted so a rerun replaces them, and announces them.
 */
export const createKpiSnapshots = (p: Platform) => {
  /**
   * Makes sure last month, this month and next have their partitions: yesterday in any time
   * zone lies in one of the first two, and next month's is ready before it begins.
   */
  const ensurePartitions = async (today: string) => {
    const month = `${today.slice(0, 7)}-01`;
    for (const m of [addMonths(month, -1), month, addMonths(month, 1)])
      await p.database.db.execute(sql`select flujo_kpi_snapshot_partition(${m}::date)`);
  };

  /** Writes one tenant's KPIs for `date` (default yesterday in its time zone). */
  const write = (tenantId: string, date?: string) =>
    p.uow.forTenant(tenantId, async (tx, emit) => {
      const day = date ?? addDays(await tenantCalendar.today(tx, tenantId), -1);
      // The job acts for the whole organisation: no store scope, no user.
      const system: RequestContext = {
        tenantId,
        userId: tenantId,
        kind: 'client',
        roles: [],
        permissions: [],
        storeIds: null,
      };
      const k = await kpisIn(tx, system, { from: day, to: day, ship_within_days: SHIP_WITHIN_DAYS });
      const rows = snapshotRows(k);
      await tx
        .insert(kpiSnapshots)
        .values(rows.map((r) => ({ tenantId, date: day, locationId: null, ...r, inputs: { ...r.inputs } })))
        .onConflictDoUpdate({
          target: [kpiSnapshots.tenantId, kpiSnapshots.date, kpiSnapshots.locationId, kpiSnapshots.kpi],
          set: { value: sql`excluded.value`, inputs: sql`excluded.inputs`, writtenAt: sql`now()` },
        });
      emit(
        analyticsEvents.kpisUpdated.create({
          tenantId,
          aggregateId: tenantId,
          payload: { date: day, kpis: Object.fromEntries(rows.map((r) => [r.kpi, r.value])) },
        }),
      );
      return day;
    });

  return {
    ensurePartitions,
    write,
    /** The nightly run: every tenant with products, one transaction each. */
    writeAll: async () => {
      const tenants = await p.database.db.selectDistinct({ tenantId: products.tenantId }).from(products);
      await ensurePartitions(todayUtc());
      for (const { tenantId } of tenants) {
        try {
          await write(tenantId);
        } catch (err) {
          p.log.error({ err, tenantId }, 'KPI snapshot failed');
        }
      }
    },
    /** Stored snapshots, oldest first: tenant-wide rows, or one location's. */
    history: (ctx: RequestContext, q: HistoryQuery) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const today = await tenantCalendar.today(tx, ctx.tenantId);
        const { from, to } = windowOf(q, today, 30);
        const location = await locationsOf(tx, ctx, q.location);
        const s = kpiSnapshots;
        const where = and(
          eq(s.tenantId, ctx.tenantId),
          between(s.date, from, to),
          q.kpi ? eq(s.kpi, q.kpi) : undefined,
          // A store-scoped caller reads their stores' rows only, never the organisation's.
          location.ids === null ? isNull(s.locationId) : inArray(s.locationId, location.ids),
        );
        const rows = await tx
          .select({ date: s.date, location_id: s.locationId, kpi: s.kpi, value: s.value, inputs: s.inputs })
          .from(s)
          .where(where)
          .orderBy(asc(s.date), asc(s.kpi));
        return { from, to, location: location.code, kpi: q.kpi ?? null, data: rows };
      }),
  };
};

export type KpiSnapshots = ReturnType<typeof createKpiSnapshots>;
