import type { Platform } from '../../platform/platform.ts';
import type { Module } from '../module.ts';
import { availabilityRoutes, createAvailability } from './availability.ts';
import { inventoryErrors } from './errors.ts';
import { inventoryListRoutes } from './inventory-list.ts';
import { reservationsRoutes } from './reservations.routes.ts';
import { createReservationsService } from './reservations.service.ts';
import { stockRoutes } from './stock.routes.ts';
import { createStockService } from './stock.service.ts';

export { inventoryEvents } from './events.ts';

/** The stock ledger, balances and reservations (ARCHITECTURE.md §4). */
export const inventoryModule = (p: Platform): Module => {
  const reservations = createReservationsService(p);
  const availability = createAvailability(p);
  return {
    name: 'inventory',
    errors: inventoryErrors,
    routes: (app) => {
      stockRoutes(app, p, createStockService(p));
      reservationsRoutes(app, p, reservations);
      availabilityRoutes(app, availability);
      inventoryListRoutes(app, p);
    },
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
