import type { Platform } from '../../platform/platform.ts';
import type { Module } from '../module.ts';
import { availabilityRoutes } from './availability.routes.ts';
import { createAvailabilityService } from './availability.service.ts';
import { countsRoutes } from './counts.routes.ts';
import { createCountsService } from './counts.service.ts';
import { seedInventoryDemo } from './demo.ts';
import { inventoryErrors } from './errors.ts';
import { inventoryListRoutes } from './inventory-list.routes.ts';
import { createInventoryListService } from './inventory-list.service.ts';
import { reservationsRoutes } from './reservations.routes.ts';
import { createReservationsService } from './reservations.service.ts';
import { stockRoutes } from './stock.routes.ts';
import { createStockService } from './stock.service.ts';
import { transfersRoutes } from './transfers.routes.ts';
import { createTransfersService } from './transfers.service.ts';

export { inventoryEvents } from './events.ts';
/** The availability read's own SQL, for the reservations bench's `EXPLAIN ANALYZE`. */
export { availabilitySql } from './availability.service.ts';

/** The stock ledger, balances and reservations (ARCHITECTURE.md §4). */
export const inventoryModule = (p: Platform): Module => {
  const reservations = createReservationsService(p);
  const availability = createAvailabilityService(p);
  return {
    name: 'inventory',
    errors: inventoryErrors,
    routes: (app) => {
      stockRoutes(app, p, createStockService(p));
      transfersRoutes(app, p, createTransfersService(p));
      countsRoutes(app, createCountsService(p));
      reservationsRoutes(app, p, reservations);
      availabilityRoutes(app, availability);
      inventoryListRoutes(app, createInventoryListService(p));
    },
    seedDemo: (demo) => seedInventoryDemo(p, demo, reservations),
    jobs: [
      {
        name: 'inventory-expire-reservations',
        cron: '* * * * *',
        handler: async () => {
          await reservations.expireDue();
        },
      },
    ],
  };
};
export { inventoryFacade } from './facade.ts';
export { CONSUMPTION_KINDS } from './schema.ts';
export type { DemandFact } from './demand-history.ts';
export type { OnHandTarget } from './stock-sync.ts';
