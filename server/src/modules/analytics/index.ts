import type { Platform } from '../../platform/platform.ts';
import type { Module } from '../module.ts';
import { kpisRoutes } from './kpis.routes.ts';
import { createKpisService } from './kpis.service.ts';
import { projectionsRoutes } from './projections.routes.ts';
import { createProjectionsService } from './projections.service.ts';
import { suppliersRoutes } from './suppliers.routes.ts';
import { createSuppliersService } from './suppliers.service.ts';

/** KPIs, stockout projection and supplier performance, computed live from the other modules (ARCHITECTURE.md §2). */
export const analyticsModule = (p: Platform): Module => ({
  name: 'analytics',
  routes: (app) => {
    kpisRoutes(app, createKpisService(p));
    projectionsRoutes(app, createProjectionsService(p));
    suppliersRoutes(app, createSuppliersService(p));
  },
});
