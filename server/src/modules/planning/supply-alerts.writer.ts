import { and, eq, inArray, sql } from 'drizzle-orm';
import { todayIn } from '../../platform/dates.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { catalogFacade, catalogProducts as products } from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { type OpenSupply, ordersFacade } from '../orders/index.ts';
import { type Keyed, syncAlerts } from './alerts.writer.ts';
import { lateSupply, leadTimeAlert, materialSync } from './domain/alerts.ts';
import { addDays } from './domain/dates.ts';
import { roundTo } from './domain/rounding.ts';
import { bufferProfiles, buffers } from './schema.ts';

const uniq = <T>(xs: T[]) => [...new Set(xs)];

const skusOf = async (tx: Tx, tenantId: string, ids: string[]) => {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: products.id, sku: products.sku })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), inArray(products.id, ids)));
  return new Map(rows.map((r) => [r.id, r.sku]));
};

/**
 * The buffer each supply line is for: the one that raised it, else the buffer of its product at
 * its location (supply ordered by hand), with its profile's lead-time class.
 */
const buffersOf = async (tx: Tx, tenantId: string, lines: OpenSupply[]) => {
  const ids = uniq(lines.map((l) => l.productId));
  const rows = ids.length
    ? await tx
        .select({
          id: buffers.id,
          productId: buffers.productId,
          locationId: buffers.locationId,
          leadTimeClass: bufferProfiles.leadTimeClass,
        })
        .from(buffers)
        .innerJoin(bufferProfiles, eq(bufferProfiles.id, buffers.profileId))
        .where(and(eq(buffers.tenantId, tenantId), inArray(buffers.productId, ids)))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byItem = new Map(rows.map((r) => [`${r.productId}|${r.locationId}`, r]));
  return (l: OpenSupply) =>
    (l.bufferId ? byId.get(l.bufferId) : undefined) ?? byItem.get(`${l.productId}|${l.locationId}`) ?? null;
};

/** One entry per order and product (an order may carry a product on several lines). */
const perOrderProduct = (lines: OpenSupply[]) => {
  const m = new Map<string, OpenSupply>();
  for (const l of lines) {
    const k = `${l.orderId}:${l.productId}`;
    const seen = m.get(k);
    m.set(k, seen ? { ...seen, quantity: seen.quantity + l.quantity } : l);
  }
  return m;
};

/**
 * Material synchronization over the tenant's planned production: each open production order
 * whose components are not issued yet, earliest due first, draws on the free stock and the
 * earlier-due supply of its non-buffered components at its location (by the order's BOM
 * snapshot, else the BOM in force); a component that cannot cover it raises an alert.
 */
export const syncMaterialAlerts = async (tx: Tx, tenantId: string, emit: Emit) => {
  const lines = await ordersFacade.unissuedProduction(tx, tenantId);
  const open = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from planning_alerts where tenant_id = ${tenantId} and status = 'OPEN' and kind = 'material_sync'`,
  );
  if (lines.length === 0 && (open.rows[0]?.n ?? 0) === 0) return;
  // Only the planned products, their BOMs and their components: this runs on stock events too.
  const parents = uniq(lines.map((o) => o.productId));
  const bom = parents.length ? (await catalogFacade.planningGraph(tx, tenantId, parents)).bomLines : [];
  const componentsOf = (o: (typeof lines)[number]) => {
    if (o.bomSnapshot)
      return o.bomSnapshot.map((c) => ({
        componentId: c.component_id,
        perUnit: Number(c.quantity) * (1 + Number(c.scrap_pct) / 100),
      }));
    const all = bom.filter((l) => l.productId === o.productId);
    const own = all.filter((l) => l.locationId === o.locationId);
    return (own.length ? own : all.filter((l) => l.locationId === null)).map((l) => ({
      componentId: l.componentId,
      perUnit: l.quantity,
    }));
  };
  // What each order needs of each component, over all its lines, in due order.
  type Need = { o: (typeof lines)[number]; parents: string[]; need: Map<string, number> };
  const orders = new Map<string, Need>();
  const needed = new Set<string>();
  for (const o of lines) {
    const entry: Need = orders.get(o.orderId) ?? { o, parents: [], need: new Map() };
    entry.parents.push(o.productId);
    for (const c of componentsOf(o)) {
      const need = (entry.need.get(c.componentId) ?? 0) + o.quantity * c.perUnit;
      entry.need.set(c.componentId, roundTo(need, 0.0001));
      needed.add(c.componentId);
    }
    orders.set(o.orderId, entry);
  }
  const graph = await catalogFacade.planningGraph(tx, tenantId, uniq([...parents, ...needed]));
  const info = new Map(graph.products.map((p) => [p.id, p]));
  const ids = [...needed];
  const free = ids.length ? await inventoryFacade.freeOnHandMany(tx, tenantId, ids) : [];
  const left = new Map(free.map((f) => [`${f.product_id}|${f.location_id}`, f.free]));
  const supply = ids.length ? await ordersFacade.openSupply(tx, tenantId, { productIds: ids }) : [];
  const raised: Keyed[] = [];
  for (const { o, parents: made, need } of orders.values()) {
    // Components must be there when production starts: the due date less the longest making time.
    const making = Math.max(0, ...made.map((id) => info.get(id)?.ownLeadTimeDays ?? 0));
    const start = addDays(o.dueDate, -making);
    for (const [componentId, required] of need) {
      const c = info.get(componentId);
      if (!c || c.buffered) continue;
      const k = `${componentId}|${o.locationId}`;
      const incoming = supply
        .filter((s) => s.productId === componentId && s.locationId === o.locationId && s.dueDate <= start)
        .reduce((sum, s) => sum + s.quantity, 0);
      const available = Math.max(0, (left.get(k) ?? 0) + incoming);
      left.set(k, (left.get(k) ?? 0) - required);
      const alert = materialSync({
        orderDue: o.dueDate,
        required,
        available,
        componentSku: c.sku,
        parentSku: uniq(made.map((id) => info.get(id)?.sku ?? '')).join(', '),
      });
      if (alert)
        raised.push({
          ...alert,
          details: { ...alert.details, order_number: o.number },
          key: `material_sync:${o.orderId}:${componentId}`,
          buffer_id: o.bufferId,
          product_id: componentId,
          location_id: o.locationId,
          supply_order_id: o.orderId,
        });
    }
  }
  await syncAlerts(tx, tenantId, raised, sql`kind = 'material_sync'`, emit);
};

/**
 * Lead-time alerts on long-lead supply: open purchase and production orders for buffers whose
 * profile is of the long lead-time class, in the last part of their lead time or late.
 */
const leadTimeAlerts = (
  asOf: string,
  timeZone: string,
  lines: Map<string, OpenSupply>,
  bufferOf: Awaited<ReturnType<typeof buffersOf>>,
  skus: Map<string, string>,
): Keyed[] => {
  const out: Keyed[] = [];
  for (const o of lines.values()) {
    if (o.kind === 'transfer') continue;
    const b = bufferOf(o);
    if (b?.leadTimeClass !== 'long') continue;
    // Placed on the tenant's calendar, like `asOf`.
    const placed = todayIn(timeZone, new Date(o.createdAt));
    const alert = leadTimeAlert({ placed, due: o.dueDate, today: asOf, sku: skus.get(o.productId) ?? '' });
    if (alert)
      out.push({
        ...alert,
        details: { ...alert.details, order_number: o.number },
        key: `lead_time:${o.orderId}:${o.productId}`,
        buffer_id: b.id,
        product_id: o.productId,
        location_id: o.locationId,
        supply_order_id: o.orderId,
      });
  }
  return out;
};

/** Late supply (seed 000's synchronization alert): every open order line past its due date. */
const lateSupplyAlerts = (
  asOf: string,
  lines: Map<string, OpenSupply>,
  bufferOf: Awaited<ReturnType<typeof buffersOf>>,
  skus: Map<string, string>,
): Keyed[] => {
  const out: Keyed[] = [];
  for (const o of lines.values()) {
    const alert = lateSupply({
      number: o.number,
      kind: o.kind,
      due: o.dueDate,
      today: asOf,
      sku: skus.get(o.productId) ?? '',
      quantity: o.quantity,
    });
    if (alert)
      out.push({
        ...alert,
        key: `late_supply:${o.orderId}:${o.productId}`,
        buffer_id: bufferOf(o)?.id ?? null,
        product_id: o.productId,
        location_id: o.locationId,
        supply_order_id: o.orderId,
      });
  }
  return out;
};

/**
 * The alerts on open supply: material synchronization, lead time and late supply. Supply that
 * was received or cancelled is no longer open, so its alerts resolve.
 */
export const syncSupplyAlerts = async (tx: Tx, tenantId: string, emit: Emit) => {
  await syncMaterialAlerts(tx, tenantId, emit);
  const open = await ordersFacade.openSupply(tx, tenantId);
  const lines = perOrderProduct(open);
  const bufferOf = await buffersOf(tx, tenantId, open);
  const skus = await skusOf(tx, tenantId, uniq(open.map((o) => o.productId)));
  const timeZone = await tenantCalendar.timeZoneOf(tx, tenantId);
  const asOf = todayIn(timeZone);
  await syncAlerts(
    tx,
    tenantId,
    leadTimeAlerts(asOf, timeZone, lines, bufferOf, skus),
    sql`kind = 'lead_time'`,
    emit,
  );
  await syncAlerts(
    tx,
    tenantId,
    lateSupplyAlerts(asOf, lines, bufferOf, skus),
    sql`kind = 'late_supply'`,
    emit,
  );
};
