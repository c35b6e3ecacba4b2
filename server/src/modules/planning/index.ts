import type { Platform } from '../../platform/platform.ts';
import type { Module } from '../module.ts';
import { buffersRoutes } from './buffers.routes.ts';
import { createBuffersService } from './buffers.service.ts';
import { seedPlanningDemo } from './demo.ts';
import { planningErrors } from './errors.ts';
import { profileRoutes } from './profiles.ts';
import { suggestionsRoutes } from './suggestions.routes.ts';
import { createSuggestionsService } from './suggestions.service.ts';

export { planningEvents } from './events.ts';

/** DDMRP planning (ARCHITECTURE.md §2): buffer profiles, buffers, net flow. Grows with the planning issue. */
export const planningModule = (p: Platform): Module => {
  const svc = createBuffersService(p);
  return {
    name: 'planning',
    errors: planningErrors,
    seedDemo: (demo) => seedPlanningDemo(p, demo, svc),
    routes: (app) => {
      profileRoutes(app, p);
      buffersRoutes(app, svc);
      suggestionsRoutes(app, createSuggestionsService(p, svc.calculateInTx));
    },
    consumers: [
      {
        // Net flow follows stock: a movement or a hold recomputes only the buffers of its products.
        name: 'planning-net-flow',
        patterns: ['inventory.stock.updated', 'inventory.reservation.>'],
        handle: async (e) => {
          const payload = e.payload as { product_id?: string; product_ids?: string[] };
          const ids = payload.product_ids ?? (payload.product_id ? [payload.product_id] : []);
          if (e.tenantId) await svc.recalculateProducts(e.tenantId, ids);
        },
      },
    ],
    jobs: [
      {
        name: 'planning-daily-recalculation',
        cron: '15 2 * * *',
        handler: async () => {
          await svc.recalculateAll();
        },
      },
    ],
  };
};
