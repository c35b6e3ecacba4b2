import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { exportRoute, pagesOf } from '../../platform/http/export-route.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { alertColumns } from './alerts.export.ts';
import type { AlertsService } from './alerts.service.ts';
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES } from './schema.ts';

const Alert = z.object({
  id: z.uuid(),
  key: z.string(),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  buffer_id: z.uuid().nullable(),
  product_id: z.uuid(),
  sku: z.string(),
  product_name: z.string(),
  location_id: z.uuid(),
  location_code: z.string(),
  supply_order_id: z.uuid().nullable(),
  message: z.string().describe('English text; the kind and details say the same for other languages'),
  details: z.record(z.string(), z.unknown()).describe('the figures behind the alert, by kind'),
  raised_at: z.string(),
  updated_at: z.string(),
  resolved_at: z.string().nullable(),
});
const ListQuery = PageQuery.extend({
  status: z
    .enum([...ALERT_STATUSES, 'ALL'])
    .default('OPEN')
    .describe('OPEN (default), RESOLVED or ALL'),
  kind: z.enum(ALERT_KINDS).optional(),
  severity: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(ALERT_SEVERITIES))
    .optional()
    .describe('RED or YELLOW'),
  location: z.string().max(64).optional().describe('location code'),
  product_id: z.uuid().optional(),
  buffer_id: z.uuid().optional(),
});
const IdParam = z.object({ id: z.uuid() });
const tags = ['planning'];

export const alertsRoutes = (app: App, svc: AlertsService) => {
  app.get(
    '/api/v1/alerts',
    {
      config: { permission: 'buffer:read' },
      schema: {
        tags,
        summary: 'Planning alerts, red before yellow, newest first',
        querystring: ListQuery,
        response: { 200: paged(Alert) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  exportRoute(app, {
    url: '/api/v1/alerts',
    permission: 'buffer:read',
    tags,
    query: ListQuery,
    file: 'alerts',
    sheet: { es: 'Alertas', en: 'Alerts' },
    columns: alertColumns,
    rows: (ctx, filters) => pagesOf((page, limit) => svc.list(ctx, { ...filters, page, limit })),
  });
  app.get(
    '/api/v1/alerts/:id',
    {
      config: { permission: 'buffer:read' },
      schema: { tags, summary: 'One planning alert', params: IdParam, response: { 200: Alert } },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
};
