import { addDays } from '../../platform/dates.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { ordersFacade } from '../orders/index.ts';
import { bufferFacts } from '../planning/index.ts';
import { accuracyRows } from './accuracy.facts.ts';
import { accuracyOf, accuracyValue, kpiAccuracyMonths } from './domain/accuracy.ts';
import {
  averageOnHandTarget,
  daysBetween,
  daysOfSupply,
  fillRate,
  inventoryTurns,
  lostSales,
  mean,
  onHandPath,
  onHandStatus,
  round4,
  shares,
  stockoutDays,
  zoneOf,
} from './domain/kpis.ts';
import { itemKey, locationsOf, productsOf, windowOf } from './scope.ts';

export type KpiQuery = {
  from?: string | undefined;
  to?: string | undefined;
  location?: string | undefined;
  category?: string | undefined;
  ship_within_days: number;
};

const ZONES = ['red', 'yellow', 'green', 'over'] as const;
const STATUSES = ['too_little', 'right', 'too_much'] as const;

type Item = {
  productId: string;
  opening: number;
  closings: { date: string; balance: number }[];
  shipped: number;
  returned: number;
};

/**
 * The KPI page, computed live from the ledger, customer orders and planning's buffers over a
 * window of days (docs/ARCHITECTURE.md, analytics, has the definitions). Value is at each
 * product's standard cost; a product without one counts at zero and is reported.
 */
export const kpisIn = async (tx: Tx, ctx: RequestContext, q: KpiQuery) => {
  const t = ctx.tenantId;
  const today = await tenantCalendar.today(tx, t);
  const { from, to, days } = windowOf(q, today, 30);
  const location = await locationsOf(tx, ctx, q.location);
  const products = await productsOf(tx, t, q.category);
  const scope = { locationIds: location.ids, productIds: products.ids };
  const ledger = await inventoryFacade.stockDays(tx, t, { from, to, ...scope });
  const buffers = await bufferFacts.current(tx, t, scope);
  const history = await bufferFacts.history(tx, t, from, to, scope);
  const orderLines = await ordersFacade.customerServiceLines(tx, t, {
    from: addDays(from, -q.ship_within_days),
    to,
    ...scope,
  });

  const judged = kpiAccuracyMonths(from, to, today);
  const accuracy = accuracyOf(await accuracyRows(tx, t, judged.first, judged.last, scope));

  const items = new Map<string, Item>();
  const item = (productId: string, locationId: string) => {
    const key = itemKey(productId, locationId);
    let it = items.get(key);
    if (!it) {
      it = { productId, opening: 0, closings: [], shipped: 0, returned: 0 };
      items.set(key, it);
    }
    return it;
  };
  for (const o of ledger.opening) item(o.product_id, o.location_id).opening = o.balance;
  for (const d of ledger.days) {
    const it = item(d.product_id, d.location_id);
    it.closings.push({ date: d.date, balance: d.closing });
    it.shipped += d.shipped;
    it.returned += d.returned;
  }
  const bufferOf = new Map(buffers.map((b) => [itemKey(b.product_id, b.location_id), b]));
  for (const b of buffers) item(b.product_id, b.location_id);

  const dates = daysBetween(from, to);
  const value = new Array<number>(dates.length).fill(0);
  const stockedOut = new Array<number>(dates.length).fill(0);
  let cogs = 0;
  let outDays = 0;
  let outItems = 0;
  let counted = 0;
  let lostQty = 0;
  let lostValue = 0;
  let withoutCost = 0;
  let heldValue = 0;
  let targetValue = 0;
  const targets = new Map<string, number[]>();
  for (const h of history) {
    if (h.red === null || h.green === null) continue;
    const key = itemKey(h.product_id, h.location_id);
    const list = targets.get(key) ?? [];
    list.push(averageOnHandTarget(h.red, h.green));
    targets.set(key, list);
  }
  for (const [key, it] of items) {
    const facts = products.facts.get(it.productId);
    if (!facts) continue;
    const cost = facts.cost ?? 0;
    if (facts.cost === null) withoutCost += 1;
    const path = onHandPath(it.opening, it.closings, from, to);
    path.forEach((v, i) => {
      value[i] = (value[i] ?? 0) + Math.max(0, v) * cost;
    });
    const consumed = it.shipped - it.returned;
    cogs += consumed * cost;
    const buffer = bufferOf.get(key);
    if (buffer || it.shipped > 0) {
      counted += 1;
      const out = stockoutDays(path);
      path.forEach((v, i) => {
        if (v <= 0) stockedOut[i] = (stockedOut[i] ?? 0) + 1;
      });
      outDays += out;
      if (out > 0) outItems += 1;
      const lost = lostSales(out, buffer?.adu ?? Math.max(0, consumed) / days);
      lostQty += lost;
      lostValue += lost * cost;
    }
    if (buffer && buffer.red !== null && buffer.green !== null) {
      heldValue += mean(path.map((v) => Math.max(0, v))) * cost;
      const target = targets.get(key);
      targetValue += (target?.length ? mean(target) : averageOnHandTarget(buffer.red, buffer.green)) * cost;
    }
  }
  const averageValue = mean(value);
  const endingValue = value[value.length - 1] ?? 0;
  const startValue = value[0] ?? 0;

  const due = orderLines
    .map((l) => ({
      quantity: l.quantity,
      due: addDays(l.ordered_on, q.ship_within_days),
      shipped: l.shipped_on,
    }))
    .filter((l) => l.due >= from && l.due <= to);
  const service = fillRate(due, today);

  const byDay = new Map<string, typeof history>();
  for (const h of history) {
    const list = byDay.get(h.date) ?? [];
    list.push(h);
    byDay.set(h.date, list);
  }
  const health = [...byDay].map(([date, rows]) => {
    const sized = rows.flatMap((r) =>
      r.top_of_red === null || r.top_of_yellow === null || r.top_of_green === null
        ? []
        : [
            {
              ...r,
              tops: { topOfRed: r.top_of_red, topOfYellow: r.top_of_yellow, topOfGreen: r.top_of_green },
            },
          ],
    );
    return {
      date,
      buffers: sized.length,
      zones: shares(
        ZONES,
        sized.flatMap((r) => (r.net_flow === null ? [] : [zoneOf(r.net_flow, r.tops)])),
      ),
      on_hand: shares(
        STATUSES,
        sized.flatMap((r) => (r.on_hand === null ? [] : [onHandStatus(r.on_hand, r.tops)])),
      ),
    };
  });

  return {
    from,
    to,
    days,
    location: location.code,
    category: q.category ?? null,
    items: items.size,
    items_without_cost: withoutCost,
    fill_rate: {
      value: service.fill_rate,
      on_time_quantity: service.on_time_quantity,
      demanded_quantity: service.demanded_quantity,
      ship_within_days: q.ship_within_days,
    },
    service_level: {
      value: service.service_level,
      on_time_lines: service.on_time_lines,
      lines: service.lines,
    },
    turns: {
      value: inventoryTurns({ cogs, averageInventoryValue: averageValue, days }),
      cogs: round4(cogs),
      average_inventory_value: round4(averageValue),
      days,
    },
    days_of_supply: {
      value: daysOfSupply({ endingValue, cogs, days }),
      ending_inventory_value: round4(endingValue),
      average_daily_cogs: round4(cogs / days),
    },
    stockouts: {
      item_days: outDays,
      items_stocked_out: outItems,
      items_counted: counted,
      lost_sales_quantity: round4(lostQty),
      lost_sales_value: round4(lostValue),
      series: dates.map((date, i) => ({ date, value: stockedOut[i] ?? 0 })),
    },
    buffer_health: { latest: health[health.length - 1] ?? null, series: health },
    average_on_hand: {
      value: round4(heldValue),
      target_value: round4(targetValue),
      ratio: targetValue > 0 ? round4(heldValue / targetValue) : null,
    },
    inventory_value: {
      value: round4(endingValue),
      start_value: round4(startValue),
      change: round4(endingValue - startValue),
      series: dates.map((date, i) => ({ date, value: round4(value[i] ?? 0) })),
    },
    forecast_accuracy: {
      value: accuracyValue(accuracy.wape),
      from_month: judged.first.slice(0, 7),
      to_month: judged.last.slice(0, 7),
      ...accuracy,
    },
  };
};

export const createKpisService = (p: Platform) => ({
  kpis: (ctx: RequestContext, q: KpiQuery) => p.uow.forTenant(ctx.tenantId, (tx) => kpisIn(tx, ctx, q)),
});

export type KpiResult = Awaited<ReturnType<typeof kpisIn>>;
export type KpisService = ReturnType<typeof createKpisService>;
