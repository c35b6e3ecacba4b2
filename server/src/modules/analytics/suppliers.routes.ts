import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import type { SuppliersService } from './suppliers.service.ts';

const Query = z.object({
  from: z.iso.date().optional().describe('first receipt day (default: 364 days before `to`)'),
  to: z.iso.date().optional().describe("last receipt day (default: today in the organisation's time zone)"),
});

const nullableNumber = z.number().nullable();

export const SupplierPerformanceOut = z.object({
  supplier_id: z.uuid(),
  supplier_name: z.string(),
  from: z.string(),
  to: z.string(),
  receipts: z.number().int(),
  on_time: z.object({
    value: nullableNumber.describe('share of receipts on or before the promised date (0–1)'),
    on_time_receipts: z.number().int(),
    receipts: z.number().int(),
  }),
  average_days_late: nullableNumber,
  fill_rate: nullableNumber.describe('received ÷ ordered over finished lines (0–1)'),
  lead_time: z.object({
    stated_days: z.number().int().nullable().describe("the supplier's default lead time"),
    mean_days: nullableNumber.describe('order date to receipt, per receipt'),
    sd_days: nullableNumber,
    variance_days: nullableNumber,
    promised_mean_days: nullableNumber.describe('order date to due date, per receipt'),
    samples: z.number().int(),
  }),
});

export const suppliersRoutes = (app: App, svc: SuppliersService) => {
  app.get(
    '/api/v1/analytics/suppliers/:id/performance',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags: ['analytics'],
        summary: "A supplier's on-time share, fill rate and lead-time spread against its stated lead time",
        params: z.object({ id: z.uuid() }),
        querystring: Query,
        response: { 200: SupplierPerformanceOut },
      },
    },
    async (req) => svc.performance(req.ctx, req.params.id, req.query),
  );
};
