import { sql } from 'drizzle-orm';
import { addDays } from '../../platform/dates.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { PageQuery } from '../../platform/http/pagination.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { bufferFacts } from '../planning/index.ts';
import { accuracyRows } from './accuracy.facts.ts';
import { addMonths, monthsBetween } from './domain/accuracy.ts';
import { mean, round4 } from './domain/kpis.ts';
import { deviation, flagged, severity } from './domain/variance.ts';
import { itemKey, locationsOf, productsOf, windowOf } from './scope.ts';

export type VarianceQuery = PageQuery & {
  from?: string | undefined;
  to?: string | undefined;
  location?: string | undefined;
  category?: string | undefined;
  threshold: number;
};

/**
 * The window's days, by default the last three complete months (so the engine's month
 * forecasts have whole months to be judged on), and the complete months lying wholly in it.
 */
export const varianceWindow = (q: { from?: string | undefined; to?: string | undefined }, today: string) => {
  const current = `${today.slice(0, 7)}-01`;
  const w = windowOf(
    { to: q.to ?? addDays(current, -1), from: q.from ?? (q.to ? undefined : addMonths(current, -3)) },
    today,
    90,
  );
  const first = w.from.slice(8) === '01' ? w.from : addMonths(`${w.from.slice(0, 7)}-01`, 1);
  const end = addDays(w.to, 1);
  const last = addMonths(`${end.slice(0, 7)}-01`, -1);
  const months = first <= last && addMonths(last, 1) <= current ? monthsBetween(first, last) : [];
  return { ...w, months };
};

/**
 * Per calculated buffer: the ADU it was sized with over the window (the mean of its daily
 * history, else its current ADU) against actual average daily demand, flagged beyond the
 * threshold, worst first; and the engine's month forecasts against the same months' demand.
 */
export const createVarianceService = (p: Platform) => ({
  variance: (ctx: RequestContext, q: VarianceQuery) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const t = ctx.tenantId;
      const today = await tenantCalendar.today(tx, t);
      const { from, to, days, months } = varianceWindow(q, today);
      const location = await locationsOf(tx, ctx, q.location);
      const products = await productsOf(tx, t, q.category);
      const scope = { locationIds: location.ids, productIds: products.ids };
      const buffers = await bufferFacts.current(tx, t, scope);
      const history = await bufferFacts.history(tx, t, from, to, scope);
      const productIds = [...new Set(buffers.map((b) => b.product_id))];
      const demand = new Map<string, number>();
      if (productIds.length)
        for (const d of await inventoryFacade.dailyDemand(tx, t, from, to, productIds)) {
          const key = itemKey(d.product_id, d.location_id);
          demand.set(key, (demand.get(key) ?? 0) + d.qty);
        }
      const aduSeen = new Map<string, number[]>();
      for (const h of history) {
        if (h.adu === null) continue;
        const list = aduSeen.get(h.buffer_id) ?? [];
        list.push(h.adu);
        aduSeen.set(h.buffer_id, list);
      }
      const monthly = new Map<string, { forecast: number; actual: number; n: number }>();
      const first = months[0];
      const last = months[months.length - 1];
      if (first && last)
        for (const r of await accuracyRows(tx, t, first, last, scope)) {
          const m = monthly.get(r.item) ?? { forecast: 0, actual: 0, n: 0 };
          m.forecast += r.forecast;
          m.actual += r.actual;
          m.n += 1;
          monthly.set(r.item, m);
        }
      const { rows: locations } = await tx.execute<{ id: string; code: string }>(
        sql`select id, code from catalog_locations where tenant_id = ${t}`,
      );
      const codeOf = new Map(locations.map((l) => [l.id, l.code]));

      const rows = buffers.flatMap((b) => {
        const facts = products.facts.get(b.product_id);
        if (!facts) return [];
        const key = itemKey(b.product_id, b.location_id);
        const seen = aduSeen.get(b.id);
        const adu = seen?.length ? mean(seen) : b.adu;
        const actual = (demand.get(key) ?? 0) / days;
        const m = monthly.get(key);
        return [
          {
            buffer_id: b.id,
            product_id: b.product_id,
            sku: facts.sku,
            name: facts.name,
            location_id: b.location_id,
            location_code: codeOf.get(b.location_id) ?? '',
            adu: adu === null ? null : round4(adu),
            adu_source: (seen?.length ? 'history' : 'current') as 'history' | 'current',
            actual_daily_demand: round4(actual),
            adu_deviation: deviation(adu, actual),
            flagged: flagged(adu, actual, q.threshold),
            forecast_months: m?.n ?? 0,
            forecast: m ? round4(m.forecast) : null,
            forecast_actual: m ? round4(m.actual) : null,
            forecast_deviation: m ? deviation(m.forecast, m.actual) : null,
            severity: severity(adu, actual),
          },
        ];
      });
      rows.sort(
        (a, b) =>
          b.severity - a.severity ||
          a.sku.localeCompare(b.sku) ||
          a.location_code.localeCompare(b.location_code),
      );
      const page = rows.slice((q.page - 1) * q.limit, q.page * q.limit).map(({ severity: _, ...r }) => r);
      return {
        ...pageOf(page, rows.length, q),
        from,
        to,
        days,
        months: months.map((m) => m.slice(0, 7)),
        location: location.code,
        category: q.category ?? null,
        threshold: q.threshold,
        flagged: rows.filter((r) => r.flagged).length,
      };
    }),
});

export type VarianceService = ReturnType<typeof createVarianceService>;
