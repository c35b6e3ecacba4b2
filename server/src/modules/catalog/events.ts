import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';

const Ref = z.object({
  sku: z.string().optional(),
  code: z.string().optional(),
  name: z.string().optional(),
});

export const catalogEvents = {
  productCreated: defineEvent('catalog.product.created', 1, Ref),
  productUpdated: defineEvent('catalog.product.updated', 1, Ref.extend({ fields: z.array(z.string()) })),
  productDeleted: defineEvent('catalog.product.deleted', 1, Ref),
  locationCreated: defineEvent('catalog.location.created', 1, Ref),
  locationUpdated: defineEvent('catalog.location.updated', 1, Ref.extend({ fields: z.array(z.string()) })),
  locationDeleted: defineEvent('catalog.location.deleted', 1, Ref),
  supplierCreated: defineEvent('catalog.supplier.created', 1, Ref),
  supplierUpdated: defineEvent('catalog.supplier.updated', 1, Ref.extend({ fields: z.array(z.string()) })),
  supplierDeleted: defineEvent('catalog.supplier.deleted', 1, Ref),
};
