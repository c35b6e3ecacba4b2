import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { catalogFacade } from '../catalog/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import type { Calculated } from './calculation.ts';
import { leadTimeAlert, materialSync, type RaisedAlert } from './domain/alerts.ts';
import { addDays } from './domain/dates.ts';
import { planningEvents } from './events.ts';
import { bufferProfiles, buffers, supplyOrders } from './schema.ts';

type Keyed = RaisedAlert & {
  key: string;
  buffer_id: string | null;
  product_id: string;
  location_id: string;
  supply_order_id: string | null;
};

/**
 * Upserts the alerts raised (one open per key) and resolves the open ones of the same scope
 * that were not raised again; a newly opened alert is announced.
 */
const sync = async (
  tx: Tx,
  tenantId: string,
  raised: Keyed[],
  stillOpen: ReturnType<typeof sql>,
  emit: Emit,
) => {
  const keys = raised.map((a) => a.key);
  await tx.execute(sql`
    update planning_alerts set status = 'RESOLVED', resolved_at = now(), updated_at = now()
    where tenant_id = ${tenantId} and status = 'OPEN' and ${stillOpen} and key <> all(${sql.param(keys)}::text[])`);
  if (raised.length === 0) return;
  const { rows } = await tx.execute<{ id: string; key: string; fresh: boolean }>(sql`
    insert into planning_alerts (tenant_id, key, kind, severity, buffer_id, product_id, location_id, supply_order_id, message, details)
    select ${tenantId}, x.key, x.kind, x.severity, x.buffer_id, x.product_id, x.location_id, x.supply_order_id, x.message, x.details
    from jsonb_to_recordset(${JSON.stringify(raised)}::jsonb) as x(
      key text, kind text, severity text, buffer_id uuid, product_id uuid, location_id uuid,
      supply_order_id uuid, message text, details jsonb)
    on conflict (tenant_id, key) where status = 'OPEN' do update set
      severity = excluded.severity, message = excluded.message, details = excluded.details, updated_at = now()
    returning id, key, (xmax = 0) as fresh`);
  const byKey = new Map(raised.map((a) => [a.key, a]));
  for (const r of rows) {
    const a = byKey.get(r.key);
    if (!r.fresh || !a) continue;
    emit(
      planningEvents.alertRaised.create({
        tenantId,
        aggregateId: r.id,
        payload: {
          kind: a.kind,
          severity: a.severity,
          buffer_id: a.buffer_id,
          product_id: a.product_id,
          location_id: a.location_id,
          message: a.message,
        },
      }),
    );
  }
};

const BUFFER_KINDS = ['on_hand', 'projected_on_hand', 'spike_horizon'];

/** The buffer alerts of a calculated set: raised, updated, or resolved when the condition passed. */
export const syncBufferAlerts = async (tx: Tx, tenantId: string, done: Calculated[], emit: Emit) => {
  if (done.length === 0) return;
  const raised = done.flatMap((c) =>
    c.alerts.map(
      (a): Keyed => ({
        ...a,
        key: `${a.kind}:${c.row.b.id}`,
        buffer_id: c.row.b.id,
        product_id: c.row.b.productId,
        location_id: c.row.b.locationId,
        supply_order_id: null,
      }),
    ),
  );
  const ids = done.map((c) => c.row.b.id);
  await sync(
    tx,
    tenantId,
    raised,
    sql`buffer_id = any(${sql.param(ids)}::uuid[]) and kind = any(${sql.param(BUFFER_KINDS)}::text[])`,
    emit,
  );
};

/**
 * Material synchronization over the tenant's planned production: each draft production order,
 * earliest due first, draws on the free stock and earlier-due supply of its non-buffered
 * components at its location; a component that cannot cover it raises an alert.
 */
export const syncMaterialAlerts = async (tx: Tx, tenantId: string, emit: Emit) => {
  const orders = await tx
    .select()
    .from(supplyOrders)
    .where(
      and(
        eq(supplyOrders.tenantId, tenantId),
        eq(supplyOrders.status, 'DRAFT'),
        eq(supplyOrders.kind, 'production'),
      ),
    )
    .orderBy(supplyOrders.dueDate, supplyOrders.createdAt);
  const open = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from planning_alerts where tenant_id = ${tenantId} and status = 'OPEN' and kind = 'material_sync'`,
  );
  if (orders.length === 0 && (open.rows[0]?.n ?? 0) === 0) return;
  // Only the planned products, their BOMs and their components: this runs on stock events too.
  const parents = [...new Set(orders.map((o) => o.productId))];
  const lines = parents.length ? (await catalogFacade.planningGraph(tx, tenantId, parents)).bomLines : [];
  const involved = [...new Set([...parents, ...lines.map((l) => l.componentId)])];
  const graph = await catalogFacade.planningGraph(tx, tenantId, involved);
  const products = new Map(graph.products.map((p) => [p.id, p]));
  const componentsOf = (productId: string, locationId: string) => {
    const all = lines.filter((l) => l.productId === productId);
    const own = all.filter((l) => l.locationId === locationId);
    return own.length ? own : all.filter((l) => l.locationId === null);
  };
  const needed = [
    ...new Set(orders.flatMap((o) => componentsOf(o.productId, o.locationId).map((l) => l.componentId))),
  ];
  const free = needed.length ? await inventoryFacade.freeOnHandMany(tx, tenantId, needed) : [];
  const left = new Map(free.map((f) => [`${f.product_id}|${f.location_id}`, f.free]));
  const supply = needed.length
    ? await tx
        .select({
          productId: supplyOrders.productId,
          locationId: supplyOrders.locationId,
          due: supplyOrders.dueDate,
          qty: supplyOrders.quantity,
        })
        .from(supplyOrders)
        .where(
          and(
            eq(supplyOrders.tenantId, tenantId),
            eq(supplyOrders.status, 'DRAFT'),
            sql`${supplyOrders.productId} = any(${sql.param(needed)}::uuid[])`,
          ),
        )
    : [];
  const raised: Keyed[] = [];
  for (const o of orders) {
    const parent = products.get(o.productId);
    // Components must be there when production starts: the due date less the making time.
    const start = addDays(o.dueDate, -(parent?.ownLeadTimeDays ?? 0));
    for (const l of componentsOf(o.productId, o.locationId)) {
      const c = products.get(l.componentId);
      if (!c || c.buffered) continue;
      const k = `${l.componentId}|${o.locationId}`;
      const incoming = supply
        .filter((s) => s.productId === l.componentId && s.locationId === o.locationId && s.due <= start)
        .reduce((sum, s) => sum + Number(s.qty), 0);
      const required = Number(o.quantity) * l.quantity;
      const available = Math.max(0, (left.get(k) ?? 0) + incoming);
      left.set(k, (left.get(k) ?? 0) - required);
      const alert = materialSync({
        orderDue: o.dueDate,
        required,
        available,
        componentSku: c.sku,
        parentSku: parent?.sku ?? '',
      });
      if (alert)
        raised.push({
          ...alert,
          key: `material_sync:${o.id}:${l.componentId}`,
          buffer_id: o.bufferId,
          product_id: l.componentId,
          location_id: o.locationId,
          supply_order_id: o.id,
        });
    }
  }
  await sync(tx, tenantId, raised, sql`kind = 'material_sync'`, emit);
};

/**
 * Lead-time alerts on long-lead supply: draft purchase and production orders of buffers whose
 * profile is of the long lead-time class, in the last part of their lead time or late.
 */
export const syncLeadTimeAlerts = async (tx: Tx, tenantId: string, emit: Emit) => {
  const today = new Date().toISOString().slice(0, 10);
  const orders = await tx
    .select({
      o: supplyOrders,
      sku: sql<string>`(select sku from products where id = ${supplyOrders.productId})`,
    })
    .from(supplyOrders)
    .innerJoin(buffers, eq(buffers.id, supplyOrders.bufferId))
    .innerJoin(bufferProfiles, eq(bufferProfiles.id, buffers.profileId))
    .where(
      and(
        eq(supplyOrders.tenantId, tenantId),
        eq(supplyOrders.status, 'DRAFT'),
        sql`${supplyOrders.kind} in ('purchase', 'production')`,
        eq(bufferProfiles.leadTimeClass, 'long'),
      ),
    );
  const raised: Keyed[] = [];
  for (const { o, sku } of orders) {
    const placed = new Date(o.createdAt).toISOString().slice(0, 10);
    const alert = leadTimeAlert({ placed, due: o.dueDate, today, sku });
    if (alert)
      raised.push({
        ...alert,
        key: `lead_time:${o.id}`,
        buffer_id: o.bufferId,
        product_id: o.productId,
        location_id: o.locationId,
        supply_order_id: o.id,
      });
  }
  await sync(tx, tenantId, raised, sql`kind = 'lead_time'`, emit);
};

/** The alerts on planned supply: material synchronisation and lead-time alerts. */
export const syncSupplyAlerts = async (tx: Tx, tenantId: string, emit: Emit) => {
  await syncMaterialAlerts(tx, tenantId, emit);
  await syncLeadTimeAlerts(tx, tenantId, emit);
};
