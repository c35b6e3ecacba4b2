import { type Column, inArray, or, type SQL } from 'drizzle-orm';
import type { RequestContext } from '../domain/context.ts';

/**
 * The rows a caller's store scope reaches, as a filter: for a store-scoped caller (a Seller),
 * rows where any of `columns` is one of their stores (none when they have no store); for
 * everyone else, no filter.
 */
export const storeScopeFilter = (
  ctx: Pick<RequestContext, 'storeIds'>,
  ...columns: Column[]
): SQL | undefined => {
  const stores = ctx.storeIds;
  return stores === null ? undefined : or(...columns.map((c) => inArray(c, stores)));
};
