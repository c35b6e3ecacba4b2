import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { catalogFacade } from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { ordersFacade, type PlannedOrder } from '../orders/index.ts';
import type { Calculated } from './calculation.types.ts';
import { addDays } from './domain/dates.ts';
import { LIMITS } from './domain/limits.ts';
import { splitByMaxBatch } from './domain/replenishment.ts';
import { planningEvents } from './events.ts';

export type OrderRequest = {
  bufferId: string;
  productId: string;
  locationId: string;
  sourceLocationId: string | null;
  dlt: number;
  quantity: number;
  maxBatch: number | null;
};
export type Ordered = { bufferId: string; quantity: number; supplyOrderIds: string[] };

/**
 * Supply orders for approved (or auto-procured) quantities through the orders module, one per
 * batch: a transfer for a distributed buffer, production when the product has a BOM here, else
 * a purchase from the preferred supplier; due after the buffer's DLT. Each is on order in net
 * flow from this transaction on.
 */
export const placeOrders = async (
  tx: Tx,
  emit: Emit,
  tenantId: string,
  requests: (OrderRequest | Calculated)[],
  createdBy: string | null,
  origin: 'approved' | 'auto',
): Promise<Ordered[]> => {
  const out: Ordered[] = [];
  for (const raw of requests) {
    const r: OrderRequest =
      'result' in raw
        ? {
            bufferId: raw.row.b.id,
            productId: raw.row.b.productId,
            locationId: raw.row.b.locationId,
            sourceLocationId: raw.row.b.sourceLocationId,
            dlt: raw.result.dlt,
            quantity: raw.result.recommended_qty,
            maxBatch: raw.input.max_batch,
          }
        : raw;
    const tree = r.sourceLocationId
      ? []
      : await catalogFacade.supplyTree(tx, tenantId, r.productId, r.locationId);
    const self = tree.find((t) => t.id === r.productId);
    const kind: PlannedOrder['kind'] = r.sourceLocationId
      ? 'transfer'
      : self?.manufactured
        ? 'production'
        : 'purchase';
    const dueDate = addDays(await tenantCalendar.today(tx, tenantId), Math.ceil(r.dlt));
    const ids = await ordersFacade.createPlanned(
      tx,
      emit,
      tenantId,
      createdBy,
      splitByMaxBatch(r.quantity, r.maxBatch, LIMITS.step).map(
        (q): PlannedOrder => ({
          kind,
          productId: r.productId,
          locationId: r.locationId,
          sourceLocationId: r.sourceLocationId,
          supplierId: kind === 'purchase' ? (self?.preferredSupplierId ?? null) : null,
          quantity: String(q),
          // The orders module prices a purchase from its supplier item.
          unitPriceMinor: null,
          dueDate,
          bufferId: r.bufferId,
          origin,
        }),
      ),
    );
    out.push({ bufferId: r.bufferId, quantity: r.quantity, supplyOrderIds: ids });
  }
  return out;
};

const RANK = { green: 0, yellow: 1, red: 2 } as const;

/**
 * Keeps each buffer's one open suggestion in step with its calculation: raised or updated
 * while the engine recommends a quantity, closed when it no longer does, approved when
 * auto-procured. A suggestion rejected today stays quiet unless the buffer gets worse.
 */
export const syncSuggestions = async (
  tx: Tx,
  tenantId: string,
  done: Calculated[],
  ordered: Ordered[],
  emit: Emit,
) => {
  if (done.length === 0) return;
  const ids = done.map((c) => c.row.b.id);
  const byId = new Map(done.map((c) => [c.row.b.id, c]));
  const auto = new Map(ordered.map((o) => [o.bufferId, o]));
  if (auto.size > 0) {
    const rows = [...auto.values()].map((o) => {
      const c = byId.get(o.bufferId);
      return {
        buffer_id: o.bufferId,
        quantity: o.quantity,
        priority: c?.result.planning_priority ?? 'red',
        nfp: c?.result.net_flow_position ?? 0,
        nfp_pct: c?.result.net_flow_percent ?? null,
        tog: c?.result.zones.top_of_green ?? 0,
        order_id: o.supplyOrderIds[0] ?? null,
      };
    });
    // An open suggestion the buffer had is the one auto-procurement fulfilled.
    await tx.execute(sql`
      update replenishment_suggestions s set status = 'APPROVED', supply_order_id = x.order_id,
        quantity = x.quantity, suggested_quantity = x.quantity, closed_at = now(), updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(buffer_id uuid, quantity numeric, order_id uuid)
      where s.buffer_id = x.buffer_id and s.status = 'OPEN'`);
    await tx.execute(sql`
      insert into replenishment_suggestions
        (tenant_id, buffer_id, status, quantity, suggested_quantity, planning_priority, net_flow_position, net_flow_percent, top_of_green, supply_order_id, closed_at)
      select ${tenantId}, x.buffer_id, 'APPROVED', x.quantity, x.quantity, x.priority, x.nfp, x.nfp_pct, x.tog, x.order_id, now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(buffer_id uuid, quantity numeric, priority text, nfp numeric, nfp_pct numeric, tog numeric, order_id uuid)
      where not exists (select 1 from replenishment_suggestions s where s.buffer_id = x.buffer_id and s.supply_order_id = x.order_id)`);
  }
  const { rows: muted } = await tx.execute<{ buffer_id: string; priority: 'red' | 'yellow' | 'green' }>(sql`
    select distinct on (buffer_id) buffer_id, planning_priority as priority from replenishment_suggestions
    where tenant_id = ${tenantId} and buffer_id = any(${sql.param(ids)}::uuid[]) and status = 'REJECTED'
      and closed_at >= date_trunc('day', now())
    order by buffer_id, closed_at desc`);
  const quiet = new Map(muted.map((m) => [m.buffer_id, m.priority]));
  const raise = done.filter((c) => {
    if (c.result.recommended_qty <= 0) return false;
    const m = quiet.get(c.row.b.id);
    return !m || RANK[c.result.planning_priority] > RANK[m];
  });
  const raised = new Set(raise.map((c) => c.row.b.id));
  const closing = ids.filter((id) => !raised.has(id));
  if (closing.length > 0)
    await tx.execute(sql`
      update replenishment_suggestions set status = 'CLOSED', closed_at = now(), updated_at = now()
      where tenant_id = ${tenantId} and buffer_id = any(${sql.param(closing)}::uuid[]) and status = 'OPEN'`);
  if (raise.length === 0) return;
  const values = raise.map((c) => ({
    buffer_id: c.row.b.id,
    quantity: c.result.recommended_qty,
    priority: c.result.planning_priority,
    nfp: c.result.net_flow_position,
    nfp_pct: c.result.net_flow_percent,
    tog: c.result.zones.top_of_green,
    batches: c.result.order_batches,
  }));
  const { rows } = await tx.execute<{ id: string; buffer_id: string; fresh: boolean }>(sql`
    insert into replenishment_suggestions
      (tenant_id, buffer_id, quantity, suggested_quantity, planning_priority, net_flow_position, net_flow_percent, top_of_green, batches)
    select ${tenantId}, x.buffer_id, x.quantity, x.quantity, x.priority, x.nfp, x.nfp_pct, x.tog, x.batches
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as x(
      buffer_id uuid, quantity numeric, priority text, nfp numeric, nfp_pct numeric, tog numeric, batches jsonb)
    on conflict (buffer_id) where status = 'OPEN' do update set
      quantity = excluded.quantity, suggested_quantity = excluded.suggested_quantity, planning_priority = excluded.planning_priority,
      net_flow_position = excluded.net_flow_position, net_flow_percent = excluded.net_flow_percent,
      top_of_green = excluded.top_of_green, batches = excluded.batches, updated_at = now()
    returning id, buffer_id, (xmax = 0) as fresh`);
  for (const r of rows) {
    if (!r.fresh) continue;
    const c = byId.get(r.buffer_id);
    if (!c) continue;
    emit(
      planningEvents.replenishmentSuggested.create({
        tenantId,
        aggregateId: r.id,
        payload: {
          buffer_id: r.buffer_id,
          quantity: c.result.recommended_qty,
          planning_priority: c.result.planning_priority,
        },
      }),
    );
  }
};
