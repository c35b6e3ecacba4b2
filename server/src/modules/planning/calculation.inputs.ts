import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { catalogFacade } from '../catalog/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { ordersFacade } from '../orders/index.ts';
import { adjustmentsInForce } from './adjustments.service.ts';
import { excludedConsumption } from './adu-exclusions.service.ts';
import type { BufferRow } from './calculation.types.ts';
import { type Adjustment, factorsFor } from './domain/adjustments.ts';
import { adu as aduOf } from './domain/adu.ts';
import { decoupledLeadTimes } from './domain/bom-dlt.ts';
import { addDays, dayNumber } from './domain/dates.ts';
import { propagateDemand } from './domain/propagation.ts';
import { buffers, demandForecasts } from './schema.ts';

/**
 * What a calculation reads: the slow-moving context shared by a tenant run (catalog graph,
 * adjustments, past consumption, forecasts, propagated demand) and the positions read in the
 * writing transaction (free stock, transfers in transit, open supply orders).
 */
type Graph = Awaited<ReturnType<typeof catalogFacade.planningGraph>>;
type Dated = { date: string; qty: number };

export const num = (v: string | null) => (v === null ? null : Number(v));
export const key = (productId: string, locationId: string) => `${productId}|${locationId}`;
const group = <T>(rows: T[], k: (r: T) => string) => {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const kk = k(r);
    const list = m.get(kk);
    if (list) list.push(r);
    else m.set(kk, [r]);
  }
  return m;
};

/**
 * What a full calculation reads once per tenant run and shares across its chunks: the catalog
 * graph (lead times, BOMs, the location tree), the adjustments in force, past consumption per
 * horizon and the forecasts. These move daily at most; stock and supply are read per chunk.
 */
export type TenantContext = {
  asOf: string;
  graph: Graph;
  adjustments: Adjustment[];
  /** Consumption per horizon → product|location → quantity (not rolled up). */
  consumption: Map<number, Map<string, number>>;
  forecasts: Map<string, { start: string; end: string; qty: number }[]>;
  /** Extra daily demand pushed down BOMs by parents' demand adjustments: product|location → qty. */
  propagated: Map<string, number>;
};

const pastHorizon = (b: BufferRow['b']) => b.aduHorizonDays;
const futureHorizon = (b: BufferRow['b']) => b.aduFutureHorizonDays ?? b.aduHorizonDays;

/** Consumption per product|location between two days, less the movements planners excluded. */
const pastConsumption = async (
  tx: Tx,
  tenantId: string,
  from: string,
  to: string,
  productIds: string[] | null,
) => {
  const totals = await inventoryFacade.consumptionTotals(tx, tenantId, from, to, productIds);
  const m = new Map(totals.map((t) => [key(t.product_id, t.location_id), t.qty]));
  for (const x of await excludedConsumption(tx, tenantId, from, to, productIds)) {
    const k = key(x.product_id, x.location_id);
    m.set(k, (m.get(k) ?? 0) - x.qty);
  }
  return m;
};

export const loadTenantContext = async (
  tx: Tx,
  tenantId: string,
  asOf: string,
  rows: BufferRow[],
  productIds: string[] | null,
): Promise<TenantContext> => {
  const graph = await catalogFacade.planningGraph(tx, tenantId);
  const adjustments = await adjustmentsInForce(tx, tenantId, asOf);
  const consumption = new Map<number, Map<string, number>>();
  const pastHorizons = new Set(
    rows.filter((r) => r.b.aduMethod === 'past' || r.b.aduMethod === 'blended').map((r) => pastHorizon(r.b)),
  );
  for (const h of pastHorizons)
    consumption.set(h, await pastConsumption(tx, tenantId, addDays(asOf, -h), addDays(asOf, -1), productIds));
  const forecasts = new Map<string, { start: string; end: string; qty: number }[]>();
  const futures = rows.filter((r) => r.b.aduMethod === 'future' || r.b.aduMethod === 'blended');
  if (futures.length > 0) {
    const longest = Math.max(...futures.map((r) => futureHorizon(r.b)));
    const found = await tx
      .select({
        productId: demandForecasts.productId,
        locationId: demandForecasts.locationId,
        start: demandForecasts.startDate,
        end: demandForecasts.endDate,
        qty: demandForecasts.quantity,
      })
      .from(demandForecasts)
      .where(
        and(
          eq(demandForecasts.tenantId, tenantId),
          sql`${demandForecasts.endDate} >= ${asOf}::date`,
          sql`${demandForecasts.startDate} <= ${addDays(asOf, longest)}::date`,
          productIds ? inArray(demandForecasts.productId, productIds) : undefined,
        ),
      );
    for (const [k, list] of group(found, (f) => key(f.productId, f.locationId)))
      forecasts.set(
        k,
        list.map((f) => ({ start: f.start, end: f.end, qty: Number(f.qty) })),
      );
  }
  const ctx: TenantContext = { asOf, graph, adjustments, consumption, forecasts, propagated: new Map() };
  ctx.propagated = await propagation(tx, tenantId, ctx);
  return ctx;
};

/** A location and every location under it (consumption out of a buffer's tree counts). */
export const subtreeOf = (graph: Graph) => {
  const children = group(
    graph.locations.filter((l) => l.parentId),
    (l) => l.parentId ?? '',
  );
  const memo = new Map<string, string[]>();
  return (id: string): string[] => {
    const known = memo.get(id);
    if (known) return known;
    const out: string[] = [];
    const stack = [id];
    while (stack.length) {
      const next = stack.pop() as string;
      if (out.includes(next)) continue;
      out.push(next);
      for (const c of children.get(next) ?? []) stack.push(c.id);
    }
    memo.set(id, out);
    return out;
  };
};

/** A product's components at a location: the location's own BOM before the general one. */
export const componentsAt = (graph: Graph) => {
  const byProduct = group(graph.bomLines, (l) => l.productId);
  return (locationId: string) => (productId: string) => {
    const lines = byProduct.get(productId) ?? [];
    const own = lines.filter((l) => l.locationId === locationId);
    return (own.length ? own : lines.filter((l) => l.locationId === null)).map((l) => ({
      id: l.componentId,
      qty: l.quantity,
    }));
  };
};

/** Base ADU (before adjustments) of one buffer from the loaded history and forecasts. */
export const baseAdu = (ctx: TenantContext, tree: (id: string) => string[], b: BufferRow['b']) => {
  const past = () => {
    const totals = ctx.consumption.get(pastHorizon(b));
    let sum = 0;
    for (const loc of tree(b.locationId)) sum += totals?.get(key(b.productId, loc)) ?? 0;
    return {
      horizon_days: pastHorizon(b),
      history: [{ date: addDays(ctx.asOf, -1), qty: Math.max(0, sum) }],
    };
  };
  const future = () => {
    const h = futureHorizon(b);
    const from = dayNumber(ctx.asOf);
    const to = from + h - 1;
    // Each range's total spreads evenly over its days; only the days inside the window count.
    const forecast: Dated[] = (ctx.forecasts.get(key(b.productId, b.locationId)) ?? []).map((f) => {
      const s = dayNumber(f.start);
      const e = dayNumber(f.end);
      const overlap = Math.max(0, Math.min(e, to) - Math.max(s, from) + 1);
      return { date: ctx.asOf, qty: (f.qty * overlap) / (e - s + 1) };
    });
    return { horizon_days: h, forecast };
  };
  switch (b.aduMethod) {
    case 'fixed':
      return aduOf(ctx.asOf, { method: 'fixed', value: num(b.aduFixed) ?? 0 });
    case 'past':
      return aduOf(ctx.asOf, { method: 'past', ...past() });
    case 'future':
      return aduOf(ctx.asOf, { method: 'future', ...future() });
    case 'blended': {
      const w = Number(b.aduPastWeight);
      return aduOf(ctx.asOf, {
        method: 'blended',
        past: past(),
        future: future(),
        past_weight: w,
        future_weight: 1 - w,
      });
    }
  }
};

/**
 * Demand adjustments on manufactured buffers push their extra demand down the BOM to the
 * buffered components at the same location (DDMRP.md, "Zones").
 */
const propagation = async (tx: Tx, tenantId: string, ctx: TenantContext) => {
  const out = new Map<string, number>();
  const raising = ctx.adjustments.filter((a) => a.demand_factor !== 1);
  if (raising.length === 0) return out;
  const parents = await tx.select({ b: buffers }).from(buffers).where(eq(buffers.tenantId, tenantId));
  const products = new Map(ctx.graph.products.map((p) => [p.id, p]));
  const tree = subtreeOf(ctx.graph);
  const components = componentsAt(ctx.graph);
  for (const { b } of parents) {
    const f = factorsFor(
      {
        buffer_id: b.id,
        product_category: products.get(b.productId)?.category ?? null,
        location_id: b.locationId,
      },
      raising,
      ctx.asOf,
    );
    if (f.demand_factor === 1 || components(b.locationId)(b.productId).length === 0) continue;
    // Past history of adjusted parents may not be loaded (another horizon or product set).
    if (b.aduMethod === 'past' || b.aduMethod === 'blended') {
      if (!ctx.consumption.get(pastHorizon(b))?.has(key(b.productId, b.locationId))) {
        const found = await pastConsumption(
          tx,
          tenantId,
          addDays(ctx.asOf, -pastHorizon(b)),
          addDays(ctx.asOf, -1),
          [b.productId],
        );
        const m = ctx.consumption.get(pastHorizon(b)) ?? new Map<string, number>();
        for (const [k, qty] of found) m.set(k, qty);
        ctx.consumption.set(pastHorizon(b), m);
      }
    }
    const extra = baseAdu(ctx, tree, b) * (f.demand_factor - 1);
    const into = new Map<string, number>();
    propagateDemand(
      b.productId,
      extra,
      components(b.locationId),
      (id) => products.get(id)?.buffered ?? false,
      into,
    );
    for (const [component, qty] of into) {
      const k = key(component, b.locationId);
      out.set(k, (out.get(k) ?? 0) + qty);
    }
  }
  return out;
};

/** DLT per buffer: its own setting, a distributed buffer's source lead time, else down the BOM. */
export const dltOf = (graph: Graph) => {
  const products = new Map(graph.products.map((p) => [p.id, p]));
  const locations = new Map(graph.locations.map((l) => [l.id, l]));
  const components = componentsAt(graph);
  const memo = new Map<string, number>();
  return (b: BufferRow['b']): number => {
    const fixed = num(b.dltDays);
    if (fixed !== null) return fixed;
    if (b.sourceLocationId) return locations.get(b.sourceLocationId)?.leadTimeDays ?? 0;
    const k = key(b.productId, b.locationId);
    const known = memo.get(k);
    if (known !== undefined) return known;
    const at = components(b.locationId);
    const items: {
      id: string;
      type: 'manufactured' | 'purchased';
      lead_time_days: number;
      buffered: boolean;
      components: string[];
    }[] = [];
    const seen = new Set<string>();
    const stack = [b.productId];
    while (stack.length) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      const p = products.get(id);
      const comps = at(id).map((c) => c.id);
      items.push({
        id,
        type: comps.length ? 'manufactured' : 'purchased',
        lead_time_days: comps.length ? (p?.ownLeadTimeDays ?? 0) : (p?.leadTimeDays ?? 0),
        buffered: p?.buffered ?? false,
        components: comps,
      });
      stack.push(...comps);
    }
    const dlt = decoupledLeadTimes({ items })[b.productId] ?? 0;
    memo.set(k, dlt);
    return dlt;
  };
};

/** Stock, supply and what is already being ordered for a set of products, read in the writing transaction. */
export const loadPositions = async (tx: Tx, tenantId: string, productIds: string[]) => {
  const free = await inventoryFacade.freeOnHandMany(tx, tenantId, productIds);
  const transit = await inventoryFacade.inTransitMany(tx, tenantId, productIds);
  // Open supply orders, their remaining quantity; shipped transfers are inventory's in transit.
  const open = await ordersFacade.openSupply(tx, tenantId, { productIds });
  const supply = new Map<string, Dated[]>();
  const add = (k: string, d: Dated) => {
    const list = supply.get(k);
    if (list) list.push(d);
    else supply.set(k, [d]);
  };
  for (const t of transit) add(key(t.product_id, t.location_id), { date: t.date, qty: t.qty });
  // Unshipped transfers will draw on their source: what a new order may take there is what is left.
  const committed = new Map<string, number>();
  for (const o of open) {
    add(key(o.productId, o.locationId), { date: o.dueDate, qty: o.quantity });
    if (o.kind === 'transfer' && o.sourceLocationId) {
      const k = key(o.productId, o.sourceLocationId);
      committed.set(k, (committed.get(k) ?? 0) + o.quantity);
    }
  }
  const freeAt = new Map(free.map((f) => [key(f.product_id, f.location_id), f.free]));
  return {
    free: freeAt,
    /** Free stock at a source location not yet promised to unshipped transfers. */
    sourceAvailable: (productId: string, sourceId: string) =>
      Math.max(
        0,
        (freeAt.get(key(productId, sourceId)) ?? 0) - (committed.get(key(productId, sourceId)) ?? 0),
      ),
    supply,
  };
};
export type Positions = Awaited<ReturnType<typeof loadPositions>>;
