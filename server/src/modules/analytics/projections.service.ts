import { sql } from 'drizzle-orm';
import { addDays, dayNumber } from '../../platform/dates.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { PageQuery } from '../../platform/http/pagination.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { ordersFacade } from '../orders/index.ts';
import { bufferFacts } from '../planning/index.ts';
import { mean, round4, sd } from './domain/kpis.ts';
import { BAND_Z, dailyForecast, projectStockout } from './domain/stockout.ts';
import { itemKey, locationsOf, productsOf } from './scope.ts';

/** Past days whose consumption gives an unbuffered item its ADU and every item its demand spread. */
export const DEMAND_WINDOW_DAYS = 90;

export type ProjectionQuery = PageQuery & {
  location?: string | undefined;
  category?: string | undefined;
  horizon_days: number;
};

type Demand = 'forecast' | 'buffer_adu' | 'consumption';
type Item = {
  productId: string;
  locationId: string;
  daily: number[];
  adu: number | null;
};

/**
 * Each buffered item, and each item consumed in the last 90 days, walked forward from its free
 * on hand with open supply on its due days and daily demand: planning's forecasts where they
 * exist, else the buffer's ADU, else the item's average daily consumption. The band is
 * ±z·σ·√t (z = 1.645, σ the sd of daily consumption over the 90 days), as forecasts carry no
 * band of their own yet.
 */
export const createProjectionsService = (p: Platform) => ({
  stockouts: (ctx: RequestContext, q: ProjectionQuery) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const t = ctx.tenantId;
      const today = await tenantCalendar.today(tx, t);
      const location = await locationsOf(tx, ctx, q.location);
      const products = await productsOf(tx, t, q.category);
      const scope = { locationIds: location.ids, productIds: products.ids };
      const inScope = (productId: string, locationId: string) =>
        products.facts.has(productId) &&
        (scope.locationIds === null || scope.locationIds.includes(locationId));
      const past = { from: addDays(today, -DEMAND_WINDOW_DAYS), to: addDays(today, -1) };
      const ledger = await inventoryFacade.stockDays(tx, t, { ...past, ...scope });
      const buffers = await bufferFacts.current(tx, t, scope);
      const horizonEnd = addDays(today, q.horizon_days - 1);
      const forecasts = await bufferFacts.forecasts(tx, t, today, horizonEnd, scope);

      const items = new Map<string, Item>();
      const item = (productId: string, locationId: string) => {
        const key = itemKey(productId, locationId);
        let it = items.get(key);
        if (!it) {
          it = { productId, locationId, daily: new Array(DEMAND_WINDOW_DAYS).fill(0), adu: null };
          items.set(key, it);
        }
        return it;
      };
      const start = dayNumber(past.from);
      for (const d of ledger.days) {
        const it = item(d.product_id, d.location_id);
        const i = dayNumber(d.date) - start;
        it.daily[i] = (it.daily[i] ?? 0) + d.shipped - d.returned;
      }
      for (const [key, it] of items) if (!it.daily.some((v) => v > 0)) items.delete(key);
      for (const b of buffers) item(b.product_id, b.location_id).adu = b.adu;

      const keys = [...items.keys()];
      const free = new Map<string, number>();
      for (const f of await inventoryFacade.freeOnHandMany(tx, t, products.ids))
        if (inScope(f.product_id, f.location_id)) free.set(itemKey(f.product_id, f.location_id), f.free);
      const supply = new Map<string, { date: string; qty: number }[]>();
      const addSupply = (key: string, date: string, qty: number) => {
        const list = supply.get(key) ?? [];
        list.push({ date, qty });
        supply.set(key, list);
      };
      for (const s of await ordersFacade.openSupply(tx, t, { productIds: products.ids }))
        addSupply(itemKey(s.productId, s.locationId), s.dueDate, s.quantity);
      for (const s of await inventoryFacade.inTransitMany(tx, t, products.ids))
        addSupply(itemKey(s.product_id, s.location_id), today, s.qty);
      const ranges = new Map<string, { start: string; end: string; qty: number }[]>();
      for (const f of forecasts) {
        const key = itemKey(f.product_id, f.location_id);
        const list = ranges.get(key) ?? [];
        list.push(f);
        ranges.set(key, list);
      }
      const { rows: locations } = await tx.execute<{ id: string; code: string }>(
        sql`select id, code from catalog_locations where tenant_id = ${t}`,
      );
      const codeOf = new Map(locations.map((l) => [l.id, l.code]));

      const rows = keys.flatMap((key) => {
        const it = items.get(key);
        const facts = it && products.facts.get(it.productId);
        if (!it || !facts) return [];
        const forecast = ranges.get(key);
        const source: Demand = forecast ? 'forecast' : it.adu !== null ? 'buffer_adu' : 'consumption';
        const demand =
          source === 'forecast'
            ? dailyForecast(forecast ?? [], today, q.horizon_days)
            : [it.adu ?? mean(it.daily)];
        const sigma = sd(it.daily);
        const onHand = free.get(key) ?? 0;
        const due = (supply.get(key) ?? []).filter((s) => s.date <= horizonEnd);
        const walk = projectStockout({
          today,
          onHand,
          supply: due,
          demand,
          sigma,
          horizonDays: q.horizon_days,
        });
        return [
          {
            product_id: it.productId,
            sku: facts.sku,
            name: facts.name,
            location_id: it.locationId,
            location_code: codeOf.get(it.locationId) ?? '',
            on_hand: round4(onHand),
            open_supply: round4(due.reduce((s, x) => s + x.qty, 0)),
            daily_demand: round4(mean(demand.length > 1 ? demand : [demand[0] ?? 0])),
            demand_sd: round4(sigma),
            demand_source: source,
            stockout_date: walk.date,
            earliest_date: walk.earliest,
            latest_date: walk.latest,
            days_to_stockout: walk.date === null ? null : dayNumber(walk.date) - dayNumber(today),
          },
        ];
      });
      const far = '9999-12-31';
      rows.sort(
        (a, b) =>
          (a.stockout_date ?? far).localeCompare(b.stockout_date ?? far) ||
          (a.earliest_date ?? far).localeCompare(b.earliest_date ?? far) ||
          a.sku.localeCompare(b.sku) ||
          a.location_code.localeCompare(b.location_code),
      );
      const page = rows.slice((q.page - 1) * q.limit, q.page * q.limit);
      return {
        ...pageOf(page, rows.length, q),
        as_of: today,
        horizon_days: q.horizon_days,
        band_z: BAND_Z,
        demand_window_days: DEMAND_WINDOW_DAYS,
      };
    }),
});

export type ProjectionsService = ReturnType<typeof createProjectionsService>;
