import type { Platform } from '../../platform/platform.ts';
import type { Module } from '../module.ts';
import { inventoryErrors } from './errors.ts';
import { stockRoutes } from './stock.routes.ts';
import { createStockService } from './stock.service.ts';

export { inventoryEvents } from './events.ts';

/** The stock ledger and balances (ARCHITECTURE.md §4). Reservations and availability follow. */
export const inventoryModule = (p: Platform): Module => ({
  name: 'inventory',
  errors: inventoryErrors,
  routes: (app) => stockRoutes(app, p, createStockService(p)),
});
