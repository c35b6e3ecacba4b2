import { type RequestContext, visibleInStoreScope } from '../domain/context.ts';
import { contextOf, type EventEnvelope } from './envelope.ts';

/** Contexts whose events are about stores (analytics: tenant-wide figures no Seller reads whole). */
const STORE_BOUND = new Set(['inventory', 'orders', 'analytics']);
const ID_FIELDS = ['location_id', 'from_location_id', 'to_location_id'] as const;

/** The location ids an event is about, or null when it names none (catalog, identity). */
export const locationsOf = (e: EventEnvelope): string[] | null => {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const ids: string[] = [];
  for (const k of ID_FIELDS) if (typeof p[k] === 'string') ids.push(p[k]);
  if (Array.isArray(p.location_ids)) ids.push(...p.location_ids.filter((x) => typeof x === 'string'));
  // Customer orders name their store by id under `store_id` (inventory's `store_id` is a code).
  if (e.type.startsWith('orders.customer.') && typeof p.store_id === 'string') ids.push(p.store_id);
  return ids.length ? ids : null;
};

/**
 * Whether a live event is for this caller's stores: a store-scoped caller (a Seller) gets the
 * stock and order events of their stores, and tenant-wide events such as the catalog's. A
 * stock or order event that names no store is held back from them rather than guessed at.
 */
export const eventInStoreScope = (ctx: RequestContext, e: EventEnvelope) => {
  if (ctx.storeIds === null) return true;
  const ids = locationsOf(e);
  if (ids === null) return !STORE_BOUND.has(contextOf(e.type));
  return visibleInStoreScope(ctx, ids);
};
