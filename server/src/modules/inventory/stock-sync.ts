import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { inventoryEvents } from './events.ts';
import { byItem, lockItems, trim } from './ledger.ts';
import { stockMovements } from './schema.ts';

/** What a stock file or an ERP says one item holds. */
export type OnHandTarget = {
  productId: string;
  locationId: string;
  locationCode: string;
  /** Decimal text, zero or more. */
  onHand: string;
  /** Low-stock minimum and maximum; undefined keeps what Flujo has. */
  min?: string | null | undefined;
  max?: string | null | undefined;
};

type Reference = { type: string; id: string; reason: string };
type Counted = { t: OnHandTarget; i: number };

const itemKey = (t: OnHandTarget) => `${t.productId}|${t.locationId}`;

/** Text columns for `unnest`; null stays null. */
const column = (rows: Counted[], pick: (t: OnHandTarget) => string | null | undefined) =>
  sql.param(rows.map((r) => pick(r.t) ?? null));

/**
 * Moves every counted item with a difference by it, in three statements: the balances (each
 * already fits: the caller checked under the lock), their `count_correction` movements, and an
 * event per item as a single movement would send.
 */
const correct = async (tx: Tx, ctx: RequestContext, emit: Emit, rows: Counted[], ref: Reference) => {
  const moved = await tx.execute<{
    product_id: string;
    location_id: string;
    quantity: string;
    on_hand: string;
    reserved: string;
    available: string;
    version: number;
    crossed_min: boolean;
    min_qty: string | null;
  }>(sql`
    with u as (
      select u.p, u.l, u.target::numeric - b.on_hand as q
      from unnest(${column(rows, (t) => t.productId)}::uuid[], ${column(rows, (t) => t.locationId)}::uuid[],
                  ${column(rows, (t) => t.onHand)}::text[]) u(p, l, target)
      join stock_balances b on b.product_id = u.p and b.location_id = u.l and b.tenant_id = ${ctx.tenantId}::uuid)
    update stock_balances b
    set on_hand = b.on_hand + u.q, version = b.version + 1, updated_at = now()
    from u
    where b.product_id = u.p and b.location_id = u.l and b.tenant_id = ${ctx.tenantId}::uuid
      and u.q <> 0 and b.on_hand + u.q >= b.reserved
    returning b.product_id, b.location_id, u.q::text as quantity, b.on_hand::text as on_hand,
      b.reserved::text as reserved, (b.on_hand - b.reserved)::text as available, b.version,
      (b.min_qty is not null and b.on_hand - b.reserved < b.min_qty
        and b.on_hand - b.reserved - u.q >= b.min_qty) as crossed_min,
      b.min_qty::text as min_qty`);
  if (moved.rows.length === 0) return 0;
  const codes = new Map(rows.map((r) => [itemKey(r.t), r.t.locationCode]));
  for (let i = 0; i < moved.rows.length; i += 1000)
    await tx.insert(stockMovements).values(
      moved.rows.slice(i, i + 1000).map((m) => ({
        tenantId: ctx.tenantId,
        productId: m.product_id,
        locationId: m.location_id,
        kind: 'count_correction' as const,
        quantity: m.quantity,
        balanceAfter: m.on_hand,
        balanceVersion: m.version,
        reason: ref.reason,
        referenceType: ref.type,
        referenceId: ref.id,
        userId: ctx.userId,
      })),
    );
  for (const m of moved.rows) {
    const aggregateId = `${m.product_id}:${m.location_id}`;
    const location_code = codes.get(`${m.product_id}|${m.location_id}`) ?? '';
    emit(
      inventoryEvents.stockUpdated.create({
        tenantId: ctx.tenantId,
        aggregateId,
        payload: {
          product_id: m.product_id,
          location_id: m.location_id,
          location_code,
          quantity_change: trim(m.quantity),
          on_hand: trim(m.on_hand),
          reserved: trim(m.reserved),
          available: trim(m.available),
          version: m.version,
          kind: 'count_correction',
        },
      }),
    );
    if (m.crossed_min)
      emit(
        inventoryEvents.stockLow.create({
          tenantId: ctx.tenantId,
          aggregateId,
          payload: {
            product_id: m.product_id,
            location_id: m.location_id,
            location_code,
            available: trim(m.available),
            min_qty: trim(m.min_qty ?? '0'),
          },
        }),
      );
  }
  return moved.rows.length;
};

/**
 * Brings on hand to what an outside source counted, as a physical count would: one
 * `count_correction` per item that differs, so every balance still equals its ledger. The items
 * are locked together in the one global order, and the work is a handful of statements per
 * call, not per item: a sync counts every article × warehouse on every run. An item whose count
 * is below what is reserved is refused (its index is returned), not written: release the holds
 * first, as with a count. When an item is counted twice, the last count stands.
 */
export const setOnHand = async (
  tx: Tx,
  ctx: RequestContext,
  emit: Emit,
  targets: OnHandTarget[],
  reference: Reference,
) => {
  const last = new Map<string, Counted>();
  targets.forEach((t, i) => {
    last.set(itemKey(t), { t, i });
  });
  const order = [...last.values()].sort((a, b) => byItem(a.t, b.t));
  await lockItems(
    tx,
    ctx.tenantId,
    order.map((o) => o.t),
  );
  const fits = await tx.execute<{ n: number; fits: boolean }>(sql`
    select u.n::int as n, u.target::numeric >= b.reserved as fits
    from unnest(${column(order, (t) => t.productId)}::uuid[], ${column(order, (t) => t.locationId)}::uuid[],
                ${column(order, (t) => t.onHand)}::text[]) with ordinality u(p, l, target, n)
    join stock_balances b on b.product_id = u.p and b.location_id = u.l and b.tenant_id = ${ctx.tenantId}::uuid`);
  const fitting = new Set(fits.rows.filter((r) => r.fits).map((r) => Number(r.n) - 1));
  const refused = order.flatMap((o, n) => (fitting.has(n) ? [] : [o.i])).sort((a, b) => a - b);
  const counted = order.filter((_, n) => fitting.has(n));
  const corrected = await correct(tx, ctx, emit, counted, reference);
  const limits = counted.filter((o) => o.t.min !== undefined || o.t.max !== undefined);
  if (limits.length > 0)
    await tx.execute(sql`
      update stock_balances b
      set min_qty = case when u.set_min then u.min::numeric else b.min_qty end,
          max_qty = case when u.set_max then u.max::numeric else b.max_qty end
      from unnest(${column(limits, (t) => t.productId)}::uuid[], ${column(limits, (t) => t.locationId)}::uuid[],
                  ${sql.param(limits.map((o) => o.t.min !== undefined))}::boolean[], ${column(limits, (t) => t.min)}::text[],
                  ${sql.param(limits.map((o) => o.t.max !== undefined))}::boolean[], ${column(limits, (t) => t.max)}::text[])
        u(p, l, set_min, min, set_max, max)
      where b.product_id = u.p and b.location_id = u.l and b.tenant_id = ${ctx.tenantId}::uuid`);
  return { corrected, refused };
};
