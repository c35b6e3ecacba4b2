import { sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { dailyDemandSql, forgetDemand, hasDemandIn, recordDemand } from './demand-history.ts';
import { byItem, lockItem, type Movement, type PostedMovement, postMovement } from './ledger.ts';
import { cancelIn, confirmIn, extendIn, reserveIn, statusIn } from './reservations.service.ts';
import { CONSUMPTION_KINDS, type MovementKind } from './schema.ts';
import { stockDays } from './stock-days.ts';
import { setOnHand } from './stock-sync.ts';
import { closeTransferIn, createTransferIn, transfersByReference } from './transfers.service.ts';

type Dated = { date: string; qty: number };

/**
 * Movements by id; with `days`, only those whose day lies in [from, to], counted exactly as
 * `consumptionTotals` counts them, so the two can be netted against each other.
 */
const movementsByIds = async (
  tx: Executor,
  tenantId: string,
  ids: string[],
  days?: { from: string; to: string },
) => {
  if (ids.length === 0) return [];
  const { rows } = await tx.execute<{
    id: string;
    product_id: string;
    location_id: string;
    kind: MovementKind;
    quantity: string;
    created_at: string;
  }>(sql`
    select m.id, m.product_id, m.location_id, m.kind, m.quantity::text as quantity,
      to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at
    from stock_movements m
    where m.tenant_id = ${tenantId} and m.id = any(${sql.param(ids)}::uuid[])
      ${days ? sql`and m.created_at >= ${days.from}::date and m.created_at < ${days.to}::date + 1` : sql``}`);
  return rows.map((r) => ({
    id: r.id,
    product_id: r.product_id,
    location_id: r.location_id,
    kind: r.kind,
    quantity: Number(r.quantity),
    created_at: r.created_at,
  }));
};

/**
 * Posts several movements in the caller's transaction, balance rows locked in the one global
 * item order first: all or none (a short line rolls the caller's transaction back).
 */
const postMovements = async (
  tx: Tx,
  ctx: RequestContext,
  emit: Emit,
  movements: Omit<Movement, 'locked'>[],
): Promise<PostedMovement[]> => {
  for (const m of [...movements].sort(byItem)) await lockItem(tx, ctx.tenantId, m);
  const out: PostedMovement[] = [];
  for (const m of movements) out.push(await postMovement(tx, ctx, { ...m, locked: true }, emit));
  return out;
};

/** What other modules may read and do with stock (planning's net flow and ADU; orders' saga and receipts). */
export const inventoryFacade = {
  /** Reservations in the caller's transaction (the order saga's first step and its compensation). */
  reserve: reserveIn,
  confirmReservation: confirmIn,
  cancelReservation: cancelIn,
  extendReservation: extendIn,
  reservationStatus: statusIn,
  postMovements,
  /** Sales history from outside the ledger (ADR 0009): feeds ADU, never moves stock. */
  recordDemand,
  forgetDemand,
  /** On hand as a stock file or an ERP counted it, booked as count corrections. */
  setOnHand,
  /** Transfers in the caller's transaction (transfer orders ship and receive through these). */
  createTransfer: createTransferIn,
  closeTransfer: closeTransferIn,
  transfersByReference,

  /**
   * Consumption per day out of a location and the locations under it: shipments net of
   * returns. Transfers (internal moves), scrap and count corrections are not usage.
   */
  consumptionByDay: async (
    tx: Executor,
    tenantId: string,
    productId: string,
    locationId: string,
    from: string,
    to: string,
    /** Movements a planner excluded from demand (planning's ADU exclusions). */
    skip: string[] = [],
  ) => {
    const tree = sql`
      with recursive tree(id) as (
        select ${locationId}::uuid
        union select l.id from catalog_locations l join tree t on l.parent_id = t.id where l.tenant_id = ${tenantId})`;
    const { rows } = (await hasDemandIn(tx, tenantId, from, to))
      ? await tx.execute<{ date: string; qty: string }>(sql`
          ${tree}, ${dailyDemandSql(tenantId, from, to, { product: productId, locations: sql`select id from tree` }, skip)}
          select to_char(day, 'YYYY-MM-DD') as date, sum(qty)::text as qty from daily group by 1`)
      : await tx.execute<{ date: string; qty: string }>(sql`
          ${tree}
          select to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD') as date, (-sum(m.quantity))::text as qty
          from stock_movements m
          where m.tenant_id = ${tenantId} and m.product_id = ${productId} and m.location_id in (select id from tree)
            and m.kind = any(${sql.param([...CONSUMPTION_KINDS])}::text[])
            and m.created_at >= ${from}::date and m.created_at < ${to}::date + 1
            ${skip.length ? sql`and m.id <> all(${sql.param(skip)}::uuid[])` : sql``}
          group by 1`);
    return rows.map((r): Dated => ({ date: r.date, qty: Math.max(0, Number(r.qty)) }));
  },

  /**
   * Set-based reads for recomputing many buffers at once. `productIds` null reads the whole
   * tenant. Quantities are per product × location as stored (no roll-up of sub-locations).
   */
  consumptionTotals: async (
    tx: Executor,
    tenantId: string,
    from: string,
    to: string,
    productIds: string[] | null,
  ) => {
    const { rows } = (await hasDemandIn(tx, tenantId, from, to))
      ? await tx.execute<{ product_id: string; location_id: string; qty: string }>(sql`
          with ${dailyDemandSql(tenantId, from, to, { products: productIds })}
          select product_id, location_id, sum(qty)::text as qty from daily group by 1, 2`)
      : await tx.execute<{ product_id: string; location_id: string; qty: string }>(sql`
          select m.product_id, m.location_id, (-sum(m.quantity))::text as qty
          from stock_movements m
          where m.tenant_id = ${tenantId} and m.kind = any(${sql.param([...CONSUMPTION_KINDS])}::text[])
            and m.created_at >= ${from}::date and m.created_at < ${to}::date + 1
            ${productIds ? sql`and m.product_id = any(${sql.param(productIds)}::uuid[])` : sql``}
          group by 1, 2`);
    return rows.map((r) => ({ product_id: r.product_id, location_id: r.location_id, qty: Number(r.qty) }));
  },

  /**
   * Demand per product × location × day in [from, to] (days without demand left out), read as
   * ADU reads it: the ledger's consumption on days it has any, else the recorded sales history
   * (ADR 0009). The forecasting engine's history; `productIds` null reads the whole tenant.
   */
  dailyDemand: async (
    tx: Executor,
    tenantId: string,
    from: string,
    to: string,
    productIds: string[] | null,
  ) => {
    const { rows } = (await hasDemandIn(tx, tenantId, from, to))
      ? await tx.execute<{ product_id: string; location_id: string; day: string; qty: string }>(sql`
          with ${dailyDemandSql(tenantId, from, to, { products: productIds })}
          select product_id, location_id, to_char(day, 'YYYY-MM-DD') as day, qty::text as qty
          from daily where qty <> 0 order by 1, 2, 3`)
      : await tx.execute<{ product_id: string; location_id: string; day: string; qty: string }>(sql`
          select m.product_id, m.location_id, to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
            (-sum(m.quantity))::text as qty
          from stock_movements m
          where m.tenant_id = ${tenantId} and m.kind = any(${sql.param([...CONSUMPTION_KINDS])}::text[])
            and m.created_at >= ${from}::date and m.created_at < ${to}::date + 1
            ${productIds ? sql`and m.product_id = any(${sql.param(productIds)}::uuid[])` : sql``}
          group by 1, 2, 3 having sum(m.quantity) <> 0 order by 1, 2, 3`);
    // A day of net returns is no negative demand.
    return rows.map((r) => ({ ...r, qty: Math.max(0, Number(r.qty)) }));
  },

  /**
   * `dailyDemand` summed per calendar month (`month` its first day), each day's net returns
   * counted as 0 as there: analytics judges month forecasts against it without moving every day.
   */
  monthlyDemand: async (
    tx: Executor,
    tenantId: string,
    from: string,
    to: string,
    productIds: string[] | null,
  ) => {
    const daily = (await hasDemandIn(tx, tenantId, from, to))
      ? sql`with ${dailyDemandSql(tenantId, from, to, { products: productIds })}
          select product_id, location_id, day, qty from daily`
      : sql`select m.product_id, m.location_id, (m.created_at at time zone 'UTC')::date as day, -sum(m.quantity) as qty
          from stock_movements m
          where m.tenant_id = ${tenantId} and m.kind = any(${sql.param([...CONSUMPTION_KINDS])}::text[])
            and m.created_at >= ${from}::date and m.created_at < ${to}::date + 1
            ${productIds ? sql`and m.product_id = any(${sql.param(productIds)}::uuid[])` : sql``}
          group by 1, 2, 3`;
    const { rows } = await tx.execute<{
      product_id: string;
      location_id: string;
      month: string;
      qty: string;
    }>(sql`
      select d.product_id, d.location_id, to_char(date_trunc('month', d.day), 'YYYY-MM-DD') as month,
        sum(greatest(d.qty, 0))::text as qty
      from (${daily}) d
      group by 1, 2, 3 having sum(greatest(d.qty, 0)) > 0`);
    return rows.map((r) => ({ ...r, qty: Number(r.qty) }));
  },

  /** One movement of the tenant, or null (planning checks a movement before leaving it out of ADU). */
  movement: async (tx: Executor, tenantId: string, id: string) => {
    const [m] = await movementsByIds(tx, tenantId, [id]);
    return m ?? null;
  },

  movementsByIds,

  /** The ledger day by day over a window: opening balances, closing balances, shipped and returned (analytics). */
  stockDays,

  /** On hand not held by a live reservation, per product × location. */
  freeOnHandMany: async (tx: Executor, tenantId: string, productIds: string[] | null) => {
    const { rows } = await tx.execute<{ product_id: string; location_id: string; free: string }>(sql`
      select b.product_id, b.location_id, (b.on_hand - b.reserved + coalesce(x.expired, 0))::text as free
      from stock_balances b
      left join (
        select l.product_id, l.location_id, sum(l.quantity) as expired from reservation_lines l
        where l.tenant_id = ${tenantId} and l.released_at is null and l.expires_at <= now()
          ${productIds ? sql`and l.product_id = any(${sql.param(productIds)}::uuid[])` : sql``}
        group by 1, 2) x on x.product_id = b.product_id and x.location_id = b.location_id
      where b.tenant_id = ${tenantId}
        ${productIds ? sql`and b.product_id = any(${sql.param(productIds)}::uuid[])` : sql``}`);
    return rows.map((r) => ({ product_id: r.product_id, location_id: r.location_id, free: Number(r.free) }));
  },

  /** Transfers in transit, per product × destination, as supply due now. */
  inTransitMany: async (tx: Executor, tenantId: string, productIds: string[] | null) => {
    const { rows } = await tx.execute<{
      product_id: string;
      location_id: string;
      date: string;
      qty: string;
    }>(sql`
      select product_id, to_location_id as location_id,
        to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as date, quantity::text as qty
      from stock_transfers
      where tenant_id = ${tenantId} and status = 'IN_TRANSIT'
        ${productIds ? sql`and product_id = any(${sql.param(productIds)}::uuid[])` : sql``}`);
    return rows.map((r) => ({
      product_id: r.product_id,
      location_id: r.location_id,
      date: r.date,
      qty: Number(r.qty),
    }));
  },

  /** One item's stock movements in flight and held: transfers in transit to it, live holds on it. */
  openPositions: async (tx: Executor, tenantId: string, productId: string, locationId: string) => {
    const { rows: transit } = await tx.execute<{
      id: string;
      qty: string;
      created_at: string;
      from_code: string;
    }>(sql`
      select t.id, t.quantity::text as qty, t.created_at::text as created_at, l.code as from_code
      from stock_transfers t join catalog_locations l on l.id = t.from_location_id
      where t.tenant_id = ${tenantId} and t.product_id = ${productId} and t.to_location_id = ${locationId}
        and t.status = 'IN_TRANSIT'
      order by t.created_at`);
    const { rows: holds } = await tx.execute<{
      id: string;
      qty: string;
      expires_at: string;
      customer_id: string | null;
    }>(sql`
      select r.id, l.quantity::text as qty, l.expires_at::text as expires_at, r.customer_id
      from reservation_lines l join reservations r on r.id = l.reservation_id
      where l.tenant_id = ${tenantId} and l.product_id = ${productId} and l.location_id = ${locationId}
        and l.released_at is null and l.expires_at > now()
      order by l.expires_at`);
    return {
      inTransit: transit.map((t) => ({
        id: t.id,
        quantity: Number(t.qty),
        since: new Date(t.created_at).toISOString(),
        from_location_code: t.from_code,
      })),
      holds: holds.map((h) => ({
        reservation_id: h.id,
        quantity: Number(h.qty),
        expires_at: new Date(h.expires_at).toISOString(),
        customer_id: h.customer_id,
      })),
    };
  },

  /**
   * Each day's closing on hand per product × location, up to and including `to`, for the days
   * that had a movement (the balance holds between them): the last movement of the day by
   * version, as stored (no roll-up of sub-locations).
   */
  closingBalancesByDay: async (tx: Executor, tenantId: string, productIds: string[], to: string) => {
    const { rows } = await tx.execute<{
      product_id: string;
      location_id: string;
      date: string;
      balance: string;
    }>(sql`
      select distinct on (product_id, location_id, date) product_id, location_id, date, balance
      from (
        select m.product_id, m.location_id, to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD') as date,
          m.balance_after::text as balance, m.balance_version
        from stock_movements m
        where m.tenant_id = ${tenantId} and m.product_id = any(${sql.param(productIds)}::uuid[])
          and m.created_at < ${to}::date + 1) x
      order by product_id, location_id, date, balance_version desc`);
    return rows.map((r) => ({
      product_id: r.product_id,
      location_id: r.location_id,
      date: r.date,
      balance: Number(r.balance),
    }));
  },
};
