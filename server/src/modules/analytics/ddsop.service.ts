import { sql } from 'drizzle-orm';
import { addDays } from '../../platform/dates.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { bufferFacts, bufferProjectionFacts, bufferZones, factorsFor } from '../planning/index.ts';
import { type BufferWeek, loadBy, type Range, weekAdu, weekStarts, weekTotals } from './domain/ddsop.ts';
import { round4 } from './domain/kpis.ts';
import { itemKey, locationsOf, productsOf } from './scope.ts';

export type DdsopQuery = {
  weeks: number;
  location?: string | undefined;
  category?: string | undefined;
  group_by: 'week';
};

/** Planning sizes zones to the unit's default step; the projection does the same. */
const ROUNDING = 0.01;
const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * DDS&OP: every calculated buffer re-sized for each of the next weeks with planning's own zone
 * formulas, from a projected ADU (planning's demand forecasts, the engine's included, with the
 * buffer's current base ADU on days no forecast covers) and the planned adjustments in force at
 * the week's start; summed per week as average on-hand target (red + green ÷ 2) in units and
 * at cost, and as weekly load (ADU × 7) on preferred suppliers and on manufactured items.
 */
export const createDdsopService = (p: Platform) => ({
  ddsop: (ctx: RequestContext, q: DdsopQuery) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const t = ctx.tenantId;
      const today = await tenantCalendar.today(tx, t);
      const weeks = weekStarts(today, q.weeks);
      const end = addDays(today, 7 * q.weeks - 1);
      const location = await locationsOf(tx, ctx, q.location);
      const products = await productsOf(tx, t, q.category);
      const scope = { locationIds: location.ids, productIds: products.ids };
      const buffers = await bufferProjectionFacts.buffers(tx, t, scope);
      const adjustments = await bufferProjectionFacts.adjustments(tx, t, today, end);
      const ranges = new Map<string, Range[]>();
      for (const f of await bufferFacts.forecasts(tx, t, today, end, scope)) {
        const key = itemKey(f.product_id, f.location_id);
        const list = ranges.get(key) ?? [];
        list.push(f);
        ranges.set(key, list);
      }
      const productIds = [...new Set(buffers.map((b) => b.product_id))];
      const graph = productIds.length ? await catalogFacade.planningGraph(tx, t, productIds) : null;
      const supplierOf = new Map(graph?.products.map((g) => [g.id, g.preferredSupplierId]) ?? []);

      const perWeek = weeks.map((week) =>
        buffers.flatMap((b): BufferWeek[] => {
          const facts = products.facts.get(b.product_id);
          if (!facts) return [];
          const applied = b.applied_factors;
          // The stored ADU and DLT carry the factors in force when they were calculated: undo them.
          const base = (b.adu - b.propagated_adu) / (applied?.demand || 1);
          const dlt = b.dlt / (applied?.lead_time || 1);
          const f = factorsFor(
            { buffer_id: b.id, product_category: b.category, location_id: b.location_id },
            adjustments,
            week,
          );
          const adu = round4(
            weekAdu(ranges.get(itemKey(b.product_id, b.location_id)) ?? [], week, base) * f.demand_factor +
              b.propagated_adu,
          );
          const allOverrides =
            b.overrides.red !== null && b.overrides.yellow !== null && b.overrides.green !== null;
          const z = bufferZones({
            adu,
            sizingDays: round2(dlt * f.lead_time_factor) + b.extra_lead_time_days,
            method: b.replenish_method === 'override' && !allOverrides ? 'replenish' : b.replenish_method,
            leadTimeFactor: b.lead_time_factor,
            variabilityFactor: b.variability_factor,
            orderCycleDays: b.order_cycle_days,
            moq: 0,
            overrides: b.overrides,
            zoneFactors: f.zone_factors,
            rounding: ROUNDING,
          });
          return [
            {
              adu,
              red: z.red,
              yellow: z.yellow,
              green: z.green,
              cost: facts.cost,
              kind: b.item_type,
              source: b.item_type === 'purchased' ? (supplierOf.get(b.product_id) ?? null) : b.product_id,
            },
          ];
        }),
      );

      const { rows: suppliers } = await tx.execute<{ id: string; name: string }>(
        sql`select id, name from catalog_suppliers where tenant_id = ${t}`,
      );
      const supplierName = new Map(suppliers.map((s) => [s.id, s.name]));
      const byTotal = (a: { total: number }, b: { total: number }) => b.total - a.total;
      return {
        as_of: today,
        weeks: q.weeks,
        group_by: q.group_by,
        location: location.code,
        category: q.category ?? null,
        space: null,
        totals: weeks.map((week, i) => ({
          week,
          end: addDays(week, 6),
          ...weekTotals(perWeek[i] ?? []),
          space: null,
        })),
        suppliers: loadBy(perWeek, 'purchased')
          .sort(byTotal)
          .map((l) => ({
            supplier_id: l.source,
            name: l.source === null ? null : (supplierName.get(l.source) ?? null),
            weekly: l.weekly,
            total: l.total,
          })),
        manufactured: loadBy(perWeek, 'manufactured')
          .sort(byTotal)
          .map((l) => {
            const facts = l.source === null ? undefined : products.facts.get(l.source);
            return {
              product_id: l.source ?? '',
              sku: facts?.sku ?? '',
              name: facts?.name ?? '',
              weekly: l.weekly,
              total: l.total,
            };
          }),
      };
    }),
});

export type DdsopService = ReturnType<typeof createDdsopService>;
