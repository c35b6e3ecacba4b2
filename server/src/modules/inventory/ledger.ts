import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { trimDecimal as trim } from '../../platform/decimal.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import { inventoryEvents } from './events.ts';
import { type MovementKind, stockBalances, stockMovements } from './schema.ts';

export { trim };

export type Item = { productId: string; locationId: string };
/** The one global order in which every path locks balance rows, so two transactions never deadlock. */
export const byItem = (a: Item, b: Item) =>
  (a.productId + a.locationId).localeCompare(b.productId + b.locationId);

/**
 * The `released` and `freed` parts of a statement whose CTE `locked` holds the locked balance
 * rows (product_id, location_id): the item's expired, unreleased holds are released, and
 * `freed.q` is what they held. The lines join the locked row, so they are written only once
 * its lock is held; a line another transaction released meanwhile is re-checked and skipped.
 */
export const releaseLockedHolds = sql`
    released as (
      update reservation_lines l set released_at = now()
      from reservations r, locked k
      where r.id = l.reservation_id and l.product_id = k.product_id and l.location_id = k.location_id
        and l.released_at is null and l.expires_at <= now() and r.status = 'PENDING'
      returning l.quantity),
    freed as (select coalesce(sum(quantity), 0) as q from released)`;

/**
 * In one statement: locks the balance row, releases its expired, unreleased holds, and takes
 * what they held off reserved. The lines are updated only after the lock is held (they join the
 * locked row), and a line another transaction released meanwhile is re-checked and skipped.
 * Answers how many rows it locked: 0 when the balance row does not exist yet.
 */
const lockAndRelease = async (tx: Tx, item: Item) => {
  const { rows } = await tx.execute<{ locked: number }>(sql`
    with locked as (
      select product_id, location_id from stock_balances
      where product_id = ${item.productId} and location_id = ${item.locationId}
      for update),
    ${releaseLockedHolds},
    taken as (
      update stock_balances b set reserved = b.reserved - f.q, version = b.version + 1
      from freed f, locked k
      where b.product_id = k.product_id and b.location_id = k.location_id and f.q <> 0
      returning 1)
    select (select count(*) from locked)::int as locked, (select count(*) from taken)::int as taken`);
  return rows[0]?.locked ?? 0;
};

/**
 * Locks one balance row (creating it at zero) and hands back to it the quantity of expired,
 * unreleased reservations. Every path that changes a balance goes through this lock, items in
 * `byItem` order, so none double-counts, none deadlocks, and no expired hold blocks stock.
 * One statement when the row exists; a new item's row is made first.
 */
export const lockItem = async (tx: Tx, tenantId: string, item: Item) => {
  if ((await lockAndRelease(tx, item)) > 0) return;
  await tx
    .insert(stockBalances)
    .values({ tenantId, productId: item.productId, locationId: item.locationId })
    .onConflictDoNothing();
  await lockAndRelease(tx, item);
};

/** Columns of item keys for `unnest`, in the order given. */
const itemArrays = (items: Item[]) => ({
  products: sql.param(items.map((i) => i.productId)),
  locations: sql.param(items.map((i) => i.locationId)),
});

/**
 * `lockItem` for many items in four statements, however many there are: the rows are made,
 * locked in the order given (which must be `byItem` order; the lock follows the sort), and
 * handed back their expired holds.
 */
export const lockItems = async (tx: Tx, tenantId: string, items: Item[]) => {
  if (items.length === 0) return;
  const { products, locations } = itemArrays(items);
  await tx.execute(sql`
    insert into stock_balances (tenant_id, product_id, location_id)
    select ${tenantId}::uuid, u.p, u.l from unnest(${products}::uuid[], ${locations}::uuid[]) u(p, l)
    on conflict do nothing`);
  await tx.execute(sql`
    select 1 from stock_balances b
    join unnest(${products}::uuid[], ${locations}::uuid[]) with ordinality u(p, l, n)
      on b.product_id = u.p and b.location_id = u.l
    order by u.n
    for update of b`);
  await tx.execute(sql`
    with released as (
      update reservation_lines l set released_at = now()
      from reservations r, unnest(${products}::uuid[], ${locations}::uuid[]) u(p, l)
      where r.id = l.reservation_id and l.product_id = u.p and l.location_id = u.l
        and l.released_at is null and l.expires_at <= now() and r.status = 'PENDING'
      returning l.product_id, l.location_id, l.quantity),
    freed as (
      select product_id, location_id, sum(quantity) as q from released group by product_id, location_id)
    update stock_balances b set reserved = b.reserved - f.q, version = b.version + 1
    from freed f
    where b.product_id = f.product_id and b.location_id = f.location_id and f.q <> 0`);
};

export type Movement = {
  productId: string;
  locationId: string;
  locationCode: string;
  allowNegative: boolean;
  /** Signed change of on hand. */
  quantity: string;
  kind: MovementKind;
  reason?: string | null | undefined;
  reference?: { type: string; id: string } | undefined;
  expectedVersion?: number | undefined;
  /** Set when the caller already holds the balance row lock (it locked several items in order). */
  locked?: boolean;
};

export type PostedMovement = {
  movement_id: string;
  product_id: string;
  location_id: string;
  location_code: string;
  quantity_change: string;
  on_hand: string;
  reserved: string;
  available: string;
  version: number;
  kind: MovementKind;
};

/**
 * Posts one movement and moves its balance in the caller's transaction with one conditional
 * UPDATE: the row changes only if the version matches (when given) and available stock stays
 * at or above zero (unless the location allows negative stock).
 */
export const postMovement = async (
  tx: Tx,
  ctx: RequestContext,
  m: Movement,
  emit: (e: EventEnvelope) => void,
): Promise<PostedMovement> => {
  if (!m.locked) await lockItem(tx, ctx.tenantId, m);
  const where = and(
    eq(stockBalances.productId, m.productId),
    eq(stockBalances.locationId, m.locationId),
    eq(stockBalances.tenantId, ctx.tenantId),
    m.expectedVersion === undefined ? undefined : eq(stockBalances.version, m.expectedVersion),
    m.allowNegative
      ? undefined
      : sql`${stockBalances.onHand} + ${m.quantity}::numeric >= ${stockBalances.reserved}`,
  );
  const [b] = await tx
    .update(stockBalances)
    .set({
      onHand: sql`${stockBalances.onHand} + ${m.quantity}::numeric`,
      version: sql`${stockBalances.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(where)
    .returning({
      onHand: stockBalances.onHand,
      reserved: stockBalances.reserved,
      version: stockBalances.version,
      // Balances are computed in SQL, never in floating point (ARCHITECTURE.md §3).
      available: sql<string>`(${stockBalances.onHand} - ${stockBalances.reserved})::text`,
      // Crossing the minimum downwards (seed 003/004 low-stock alert), decided in SQL too.
      crossedMin: sql<boolean>`${stockBalances.minQty} is not null and ${stockBalances.onHand} - ${stockBalances.reserved} < ${stockBalances.minQty} and ${stockBalances.onHand} - ${stockBalances.reserved} - ${m.quantity}::numeric >= ${stockBalances.minQty}`,
      minQty: stockBalances.minQty,
    });
  if (!b) {
    const [now] = await tx
      .select({
        version: stockBalances.version,
        available: sql<string>`(${stockBalances.onHand} - ${stockBalances.reserved})::text`,
      })
      .from(stockBalances)
      .where(and(eq(stockBalances.productId, m.productId), eq(stockBalances.locationId, m.locationId)));
    const available = trim(now?.available ?? '0');
    if (m.expectedVersion !== undefined && now && now.version !== m.expectedVersion) {
      throw new DomainError('inventory.version_conflict', {
        detail: `Expected version ${m.expectedVersion}, the stock is at version ${now.version}.`,
        meta: { current_version: now.version },
      });
    }
    throw new DomainError('inventory.insufficient_stock', {
      detail: `Only ${available} available at ${m.locationCode}; the change was ${trim(m.quantity)}.`,
      meta: { product_id: m.productId, store_id: m.locationCode, available },
    });
  }
  const [row] = await tx
    .insert(stockMovements)
    .values({
      tenantId: ctx.tenantId,
      productId: m.productId,
      locationId: m.locationId,
      kind: m.kind,
      quantity: m.quantity,
      balanceAfter: b.onHand,
      balanceVersion: b.version,
      reason: m.reason ?? null,
      referenceType: m.reference?.type ?? null,
      referenceId: m.reference?.id ?? null,
      userId: ctx.userId,
    })
    .returning({ id: stockMovements.id });
  const out: PostedMovement = {
    movement_id: row?.id ?? '',
    product_id: m.productId,
    location_id: m.locationId,
    location_code: m.locationCode,
    quantity_change: trim(m.quantity),
    on_hand: trim(b.onHand),
    reserved: trim(b.reserved),
    available: trim(b.available),
    version: b.version,
    kind: m.kind,
  };
  const { movement_id: _id, ...payload } = out;
  emit(
    inventoryEvents.stockUpdated.create({
      tenantId: ctx.tenantId,
      aggregateId: `${m.productId}:${m.locationId}`,
      payload,
    }),
  );
  if (b.crossedMin) {
    emit(
      inventoryEvents.stockLow.create({
        tenantId: ctx.tenantId,
        aggregateId: `${m.productId}:${m.locationId}`,
        payload: {
          product_id: m.productId,
          location_id: m.locationId,
          location_code: m.locationCode,
          available: out.available,
          min_qty: trim(b.minQty ?? '0'),
        },
      }),
    );
  }
  return out;
};
