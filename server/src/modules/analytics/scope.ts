import { sql } from 'drizzle-orm';
import { addDays, dayNumber } from '../../platform/dates.ts';
import type { Executor } from '../../platform/db/client.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { catalogFacade } from '../catalog/index.ts';

/** Two years and a leap day, as planning's history allows. */
export const MAX_WINDOW_DAYS = 731;

const bad = (field: string, message: string) =>
  new DomainError('platform.validation', { detail: `${field}: ${message}`, errors: [{ field, message }] });

/** The days a request asks for: `to` defaults to the tenant's today, `from` to `defaultDays` before it (both included). */
export const windowOf = (
  q: { from?: string | undefined; to?: string | undefined },
  today: string,
  defaultDays: number,
) => {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, 1 - defaultDays);
  if (from > to) throw bad('query.from', 'must not be after to');
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days > MAX_WINDOW_DAYS) throw bad('query.from', `the range may span at most ${MAX_WINDOW_DAYS} days`);
  return { from, to, days };
};

/**
 * The locations a request reads: the one it names (code or id; another store of a store-scoped
 * caller is a 403, as naming it anywhere else is), else the caller's stores, else all (null).
 */
export const locationsOf = async (
  tx: Executor,
  ctx: RequestContext,
  location: string | undefined,
): Promise<{ ids: string[] | null; code: string | null }> => {
  if (!location) return { ids: ctx.storeIds, code: null };
  const loc = await catalogFacade.location(tx, ctx.tenantId, location, 'query.location');
  assertStoreAccess(ctx, loc.id);
  return { ids: [loc.id], code: loc.code };
};

export type ProductFacts = { sku: string; name: string; cost: number | null; price: number | null };

/** The tenant's products (of one category when named) with what the KPIs price them at. */
export const productsOf = async (tx: Executor, tenantId: string, category: string | undefined) => {
  const { rows } = await tx.execute<{
    id: string;
    sku: string;
    name: string;
    cost: string | null;
    price: string | null;
  }>(sql`
    select id, sku, name, cost::text, price::text from catalog_products
    where tenant_id = ${tenantId} ${category ? sql`and category = ${category}` : sql``}`);
  const facts = new Map<string, ProductFacts>(
    rows.map((r) => [
      r.id,
      {
        sku: r.sku,
        name: r.name,
        cost: r.cost === null ? null : Number(r.cost),
        price: r.price === null ? null : Number(r.price),
      },
    ]),
  );
  return { facts, ids: category ? [...facts.keys()] : null };
};

export const itemKey = (productId: string, locationId: string) => `${productId}|${locationId}`;
