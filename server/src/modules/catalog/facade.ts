import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { locations, products } from './schema.ts';

/** What other modules may read of the catalog (ARCHITECTURE.md §2: reads go through the facade). */
export const catalogFacade = {
  /** A location by its code (seed 001's store_id such as MAD-001) or its id. */
  location: async (tx: Executor, tenantId: string, codeOrId: string, field = 'store_id') => {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(codeOrId);
    const [row] = await tx
      .select({
        id: locations.id,
        code: locations.code,
        name: locations.name,
        type: locations.type,
        allowNegative: locations.allowNegative,
      })
      .from(locations)
      .where(
        and(
          eq(locations.tenantId, tenantId),
          byId ? eq(locations.id, codeOrId) : eq(locations.code, codeOrId),
        ),
      );
    if (!row)
      throw new DomainError('catalog.location_not_found', {
        errors: [{ field, message: 'is not a location here' }],
      });
    return row;
  },
  product: async (tx: Executor, tenantId: string, id: string) => {
    const [row] = await tx
      .select({ id: products.id, sku: products.sku, name: products.name })
      .from(products)
      .where(and(eq(products.tenantId, tenantId), eq(products.id, id)));
    if (!row)
      throw new DomainError('catalog.product_not_found', {
        errors: [{ field: 'product_id', message: 'is not a product here' }],
      });
    return row;
  },
};
