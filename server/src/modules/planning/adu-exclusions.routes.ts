import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import type { AduExclusionsService } from './adu-exclusions.service.ts';

const AduExclusion = z.object({
  id: z.uuid(),
  movement_id: z.uuid(),
  product_id: z.uuid(),
  sku: z.string(),
  product_name: z.string(),
  location_id: z.uuid(),
  location_code: z.string(),
  kind: z.string().describe('the movement’s kind: shipment, return or production_issue'),
  quantity: z.number().describe('the movement’s signed change of on hand, as in the ledger'),
  moved_at: z.string().describe('when the movement was booked'),
  reason: z.string(),
  created_by: z.uuid().nullable(),
  created_at: z.string(),
});
const MovementParam = z.object({ movement_id: z.uuid() });
const tags = ['planning'];

export const aduExclusionsRoutes = (app: App, svc: AduExclusionsService) => {
  app.get(
    '/api/v1/adu-exclusions',
    {
      config: { permission: 'buffer:read' },
      schema: {
        tags,
        summary: 'Movements left out of past ADU, newest exclusion first',
        querystring: PageQuery.extend({
          product_id: z.uuid().optional(),
          location: z.string().max(64).optional().describe('location code'),
        }),
        response: { 200: paged(AduExclusion) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  app.post(
    '/api/v1/adu-exclusions',
    {
      config: { permission: 'buffer:write' },
      schema: {
        tags,
        summary: 'Leave a shipment, return or production issue out of past ADU (a one-off sale, say)',
        description:
          'The movement stays in the ledger; every buffer of its product re-sizes without it. ' +
          'A movement is excluded once: again answers 409 `planning.movement_already_excluded`.',
        body: z.object({
          movement_id: z.uuid(),
          reason: z.string().trim().min(1).max(500).describe('why it is not usual demand'),
        }),
        response: { 201: AduExclusion },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.create(req.ctx, req.body)),
  );
  app.delete(
    '/api/v1/adu-exclusions/:movement_id',
    {
      config: { permission: 'buffer:write' },
      schema: {
        tags,
        summary: 'Count the movement in ADU again',
        params: MovementParam,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.remove(req.ctx, req.params.movement_id);
      return reply.code(204).send(null);
    },
  );
};
