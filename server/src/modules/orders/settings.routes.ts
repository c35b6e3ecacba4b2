import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { MAX_MINOR } from './domain/money.ts';
import type { SettingsService } from './settings.service.ts';

const Out = z.object({
  currency: z.string(),
  approval_threshold_minor: z.number().int().describe('purchase orders above this total wait for approval'),
  receipt_tolerance_pct: z.number().describe('how far past the ordered quantity a receipt may go'),
  checkout_hold_minutes: z.number().int(),
  payment_timeout_minutes: z.number().int(),
  auto_reorder: z.boolean(),
  updated_at: z.string(),
});
const In = z.object({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: 'an ISO 4217 code such as MXN, COP, EUR' })
    .optional(),
  approval_threshold_minor: z.number().int().min(0).max(MAX_MINOR).optional(),
  receipt_tolerance_pct: z
    .number()
    .min(0)
    .max(100)
    .refine((v) => /^\d+(\.\d{1,2})?$/.test(String(v)), { message: 'at most two decimals' })
    .optional(),
  checkout_hold_minutes: z.number().int().min(1).max(1440).optional(),
  payment_timeout_minutes: z.number().int().min(1).max(10_080).optional(),
  auto_reorder: z.boolean().optional(),
});
const tags = ['orders'];

export const settingsRoutes = (app: App, svc: SettingsService) => {
  app.get(
    '/api/v1/order-settings',
    {
      config: { permission: 'order:read' },
      schema: { tags, summary: 'The tenant’s order rules', response: { 200: Out } },
    },
    async (req) => svc.get(req.ctx),
  );
  app.put(
    '/api/v1/order-settings',
    {
      config: { permission: 'order:approve' },
      schema: {
        tags,
        summary: 'Change the order rules (only the fields sent): currency, approval threshold, tolerances',
        body: In,
        response: { 200: Out },
      },
    },
    async (req) => svc.update(req.ctx, req.body),
  );
};
