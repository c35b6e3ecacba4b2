import type { Platform } from '../../platform/platform.ts';
import type { Module } from '../module.ts';
import { bomsRoutes } from './boms.routes.ts';
import { createBomsService } from './boms.service.ts';
import { seedCatalogDemo } from './demo.ts';
import { catalogErrors } from './errors.ts';
import { locationsRoutes } from './locations.routes.ts';
import { createLocationsService } from './locations.service.ts';
import { productsRoutes } from './products.routes.ts';
import { createProductsService } from './products.service.ts';
import { suppliersRoutes } from './suppliers.routes.ts';
import { createSuppliersService } from './suppliers.service.ts';

export { catalogEvents } from './events.ts';

/** Products, locations, suppliers and BOMs (ARCHITECTURE.md §2). Grows with the catalog issue. */
export const catalogModule = (p: Platform): Module => {
  const productsSvc = createProductsService(p);
  return {
    name: 'catalog',
    errors: catalogErrors,
    seedDemo: (demo) => seedCatalogDemo(p, demo),
    routes: (app) => {
      productsRoutes(app, productsSvc);
      locationsRoutes(app, createLocationsService(p));
      suppliersRoutes(app, createSuppliersService(p));
      bomsRoutes(app, createBomsService(p));
    },
  };
};
export { decimalOut, QuantityIn } from './decimal.ts';
export { MAX_QUANTITY, QUANTITY_DECIMALS } from './domain/quantity.ts';
export { catalogFacade, type QuantityLine } from './facade.ts';
export { catalogLocations, catalogProducts, catalogSuppliers } from './views.ts';
export { MAX_BOM_LEVELS } from './domain/bom-graph.ts';
export {
  type BomLineUpsert,
  type BomLineVerdict,
  checkBomLines,
  ensureLocations,
  locationsByCodeOrName,
  type ProductUpsert,
  productIdsBySku,
  type SupplierUpsert,
  supplierIdsByName,
  upsertBomLines,
  upsertProducts,
  upsertSupplierItems,
  upsertSuppliers,
} from './bulk.ts';
