import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { catalogFacade } from '../catalog/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { ordersFacade } from '../orders/index.ts';
import { adjustmentsInForce } from './adjustments.service.ts';
import { excludedConsumption } from './adu-exclusions.service.ts';
import type { BufferRow } from './calculation.types.ts';
import { type Adjustment, factorsFor } from './domain/adjustments.ts';
import { type AduSettings, baseAdu, futureHorizonOf } from './domain/adu.ts';
import type { DltSettings } from './domain/bom-dlt.ts';
import { addDays } from './domain/dates.ts';
import { componentsAt, itemKey, subtreeOf } from './domain/graph.ts';
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
export const key = itemKey;
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

const pastHorizon = (b: Pick<BufferRow['b'], 'aduHorizonDays'>) => b.aduHorizonDays;

/** What a tenant context needs of each buffer: which history and forecasts its ADU reads. */
export type AduSource = {
  b: Pick<BufferRow['b'], 'aduMethod' | 'aduHorizonDays' | 'aduFutureHorizonDays'>;
};

/** A stored buffer's ADU and DLT settings as the domain reads them: numbers, not decimal strings. */
export const settingsOf = (b: BufferRow['b']): AduSettings & DltSettings => ({
  ...b,
  aduFixed: num(b.aduFixed),
  aduPastWeight: Number(b.aduPastWeight),
  dltDays: num(b.dltDays),
});

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
  rows: AduSource[],
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
    const longest = Math.max(...futures.map((r) => futureHorizonOf(r.b)));
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
    const extra = baseAdu(ctx, tree, settingsOf(b)) * (f.demand_factor - 1);
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
