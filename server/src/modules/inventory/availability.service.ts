import { sql } from 'drizzle-orm';
import { readThrough } from '../../platform/cache/cache-aside.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { inventoryEvents } from './events.ts';
import { trim } from './ledger.ts';

type Row = {
  code: string;
  name: string;
  available: string;
  reserved: string;
  next_expiry: string | null;
  total: string;
};

export type Availability = {
  product_id: string;
  product_name: string;
  total_available: string;
  stores: { store_id: string; store_name: string; available: string; reserved: string }[];
};

/**
 * One product's balances at every store. Flat in the number of holds: the balance's reserved
 * figure is the answer, less only the holds that expired and nobody has released yet (an index
 * range of exactly those, which the next lock of the item or the expiry job releases); the next
 * expiry is one index probe.
 */
export const availabilitySql = (tenantId: string, productId: string) => sql`
  select l.code, l.name,
    (b.on_hand - b.reserved + x.expired)::text as available,
    (b.reserved - x.expired)::text as reserved,
    n.next_expiry::text as next_expiry,
    (sum(b.on_hand - b.reserved + x.expired) over ())::text as total
  from stock_balances b
  join catalog_locations l on l.id = b.location_id
  cross join lateral (
    select coalesce(sum(rl.quantity), 0) as expired
    from reservation_lines rl join reservations r on r.id = rl.reservation_id
    where rl.product_id = b.product_id and rl.location_id = b.location_id
      and rl.released_at is null and rl.expires_at <= now() and r.status = 'PENDING') x
  cross join lateral (
    select min(rl.expires_at) as next_expiry
    from reservation_lines rl
    where rl.product_id = b.product_id and rl.location_id = b.location_id
      and rl.released_at is null and rl.expires_at > now()) n
  where b.product_id = ${productId} and b.tenant_id = ${tenantId}
  order by l.code`;

/**
 * Seed 001 flow 1: availability of a product in every store, read from the balances (so its
 * cost does not grow with the holds). Expired holds not yet released are discounted at read
 * time, so the answer is right before the expiry job runs. Cached (cache-aside) for 30 s,
 * or until the next hold expires if sooner; stock and reservation events drop the entry, in the
 * writing process before the write answers (so a client reads its own write) and in every
 * other process when the event arrives.
 */
export const createAvailabilityService = (p: Platform) => {
  const key = (tenantId: string, productId: string) => `avail:${tenantId}:${productId}`;
  const tenantWide = (e: EventEnvelope) => ({ prefix: `avail:${e.tenantId}:` });
  p.invalidateOn('inventory.stock.*', (e) => {
    const stock = inventoryEvents.stockUpdated.read(e) ?? inventoryEvents.stockLow.read(e);
    return stock ? { keys: [key(e.tenantId ?? '', stock.payload.product_id)] } : tenantWide(e);
  });
  p.invalidateOn('inventory.reservation.*', (e) => {
    // The four reservation events share one payload shape.
    const ids = inventoryEvents.reservationCreated.payload.safeParse(e.payload).data?.product_ids;
    return ids ? { keys: ids.map((id) => key(e.tenantId ?? '', id)) } : tenantWide(e);
  });

  // On the read connections: a reservation waiting on the hot item's row lock holds a pool
  // connection, and a fill queued behind dozens of those would wait as long as they do.
  const compute = (ctx: RequestContext, productId: string) =>
    p.reads.forTenant(ctx.tenantId, async (tx) => {
      const product = await catalogFacade.product(tx, ctx.tenantId, productId);
      const { rows } = await tx.execute<Row>(availabilitySql(ctx.tenantId, productId));
      const nextExpiry = rows
        .map((r) => r.next_expiry)
        .filter((v): v is string => v !== null)
        .sort()[0];
      const value: Availability = {
        product_id: product.id,
        product_name: product.name,
        total_available: trim(rows[0]?.total ?? '0'),
        stores: rows.map((r) => ({
          store_id: r.code,
          store_name: r.name,
          available: trim(r.available),
          reserved: trim(r.reserved),
        })),
      };
      const ttl = nextExpiry
        ? Math.min(30, Math.max(1, Math.floor((new Date(nextExpiry).getTime() - Date.now()) / 1000)))
        : 30;
      return { value, ttl };
    });

  return {
    get: (ctx: RequestContext, productId: string): Promise<Availability> =>
      readThrough(p.cache, key(ctx.tenantId, productId), () => compute(ctx, productId)),
  };
};

export type AvailabilityService = ReturnType<typeof createAvailabilityService>;
