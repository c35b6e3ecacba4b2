import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { AvailabilityService } from './availability.service.ts';

export const availabilityRoutes = (app: App, svc: AvailabilityService) => {
  app.get(
    '/api/v1/products/:id/availability',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags: ['inventory'],
        summary: 'Available and reserved stock of a product per store (seed 001 flow 1)',
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({
            product_id: z.uuid(),
            product_name: z.string(),
            total_available: z.string(),
            stores: z.array(
              z.object({
                store_id: z.string(),
                store_name: z.string(),
                available: z.string(),
                reserved: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
};
