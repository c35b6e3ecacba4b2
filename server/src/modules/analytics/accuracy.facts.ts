import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import { addDays } from '../../platform/dates.ts';
import type { Executor } from '../../platform/db/client.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { addMonths, type ItemMonth, naiveScale, SCALE_MONTHS } from './domain/accuracy.ts';
import { analyticsForecastMonths } from './schema.ts';
import { itemKey } from './scope.ts';

export type AccuracyRow = ItemMonth & {
  productId: string;
  locationId: string;
  method: string;
  demandClass: string;
};

type Scope = { locationIds: string[] | null; productIds: string[] | null };

/**
 * Every stored month forecast of the items in scope for the months [first, last] (first days),
 * beside the month's actual demand (inventory's daily demand, the history the engine reads,
 * summed over the month by `monthlyDemand`) and the RMSSE scale from the item's 13 months before it.
 */
export const accuracyRows = async (
  tx: Executor,
  tenantId: string,
  first: string,
  last: string,
  scope: Scope,
): Promise<AccuracyRow[]> => {
  const m = analyticsForecastMonths;
  const forecasts = await tx
    .select()
    .from(m)
    .where(
      and(
        eq(m.tenantId, tenantId),
        gte(m.month, first),
        lte(m.month, last),
        scope.locationIds ? inArray(m.locationId, scope.locationIds) : undefined,
        scope.productIds ? inArray(m.productId, scope.productIds) : undefined,
      ),
    );
  if (forecasts.length === 0) return [];
  const productIds = [...new Set(forecasts.map((f) => f.productId))];
  const wanted = new Set(forecasts.map((f) => itemKey(f.productId, f.locationId)));
  const sums = await inventoryFacade.monthlyDemand(
    tx,
    tenantId,
    addMonths(first, -SCALE_MONTHS),
    addDays(addMonths(last, 1), -1),
    productIds,
  );
  const monthly = new Map<string, Map<string, number>>();
  for (const d of sums) {
    const key = itemKey(d.product_id, d.location_id);
    if (!wanted.has(key)) continue;
    const byMonth = monthly.get(key) ?? new Map<string, number>();
    byMonth.set(d.month, d.qty);
    monthly.set(key, byMonth);
  }
  return forecasts.map((f) => {
    const key = itemKey(f.productId, f.locationId);
    const months = monthly.get(key);
    const history = Array.from(
      { length: SCALE_MONTHS },
      (_, i) => months?.get(addMonths(f.month, i - SCALE_MONTHS)) ?? 0,
    );
    return {
      item: key,
      productId: f.productId,
      locationId: f.locationId,
      month: f.month,
      forecast: f.quantity,
      actual: months?.get(f.month) ?? 0,
      scale: naiveScale(history),
      method: f.method,
      demandClass: f.demandClass,
    };
  });
};
