import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { AccuracyMeasures } from './accuracy.routes.ts';
import type { KpisService } from './kpis.service.ts';

const tags = ['analytics'];
const ratio = z.number().nullable().describe('0–1; null when there is nothing to divide by');
const Series = z.array(z.object({ date: z.string(), value: z.number() }));
const ZoneShares = z.object({ red: z.number(), yellow: z.number(), green: z.number(), over: z.number() });
const OnHandShares = z.object({ too_little: z.number(), right: z.number(), too_much: z.number() });
const HealthDay = z.object({
  date: z.string(),
  buffers: z.number().int(),
  zones: ZoneShares.describe(
    'share of buffers by net flow position: red ≤ TOR < yellow ≤ TOY < green ≤ TOG < over',
  ),
  on_hand: OnHandShares.describe('share of buffers with on hand below TOR, within TOR–TOG, above TOG'),
});

export const KpiQuery = z.object({
  from: z.iso.date().optional().describe('first day (default: 29 days before `to`)'),
  to: z.iso.date().optional().describe("last day (default: today in the organisation's time zone)"),
  location: z.string().trim().min(1).max(64).optional().describe('location code or id'),
  category: z.string().trim().min(1).max(100).optional().describe('product category'),
  ship_within_days: z.coerce
    .number()
    .int()
    .min(0)
    .max(90)
    .default(2)
    .describe('days after an order is placed by which it is due to ship (the service promise)'),
});

export const KpisOut = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  location: z.string().nullable(),
  category: z.string().nullable(),
  items: z.number().int().describe('product × location pairs with stock history or a buffer'),
  items_without_cost: z.number().int().describe('of them, products without a cost: valued at 0'),
  fill_rate: z.object({
    value: ratio,
    on_time_quantity: z.number(),
    demanded_quantity: z.number(),
    ship_within_days: z.number().int(),
  }),
  service_level: z.object({ value: ratio, on_time_lines: z.number().int(), lines: z.number().int() }),
  turns: z.object({
    value: z.number().nullable().describe('annualised: cogs ÷ average inventory value × 365 ÷ days'),
    cogs: z.number().describe('units shipped net of returns × unit cost'),
    average_inventory_value: z.number(),
    days: z.number().int(),
  }),
  days_of_supply: z.object({
    value: z.number().nullable(),
    ending_inventory_value: z.number(),
    average_daily_cogs: z.number(),
  }),
  stockouts: z.object({
    item_days: z.number().int().describe('days buffered or sold items closed with on hand ≤ 0'),
    items_stocked_out: z.number().int(),
    items_counted: z.number().int(),
    lost_sales_quantity: z.number().describe('Σ stockout days × ADU'),
    lost_sales_value: z.number().describe('at cost'),
    series: Series.describe('items stocked out at each day’s close'),
  }),
  buffer_health: z.object({ latest: HealthDay.nullable(), series: z.array(HealthDay) }),
  average_on_hand: z.object({
    value: z.number().describe('buffered items’ average on hand over the window, at cost'),
    target_value: z.number().describe('their DDMRP average on-hand target (red + green ÷ 2), at cost'),
    ratio: z.number().nullable(),
  }),
  inventory_value: z.object({
    value: z.number().describe('at cost, at the close of `to`'),
    start_value: z.number().describe('at cost, at the close of `from`'),
    change: z.number(),
    series: Series,
  }),
  forecast_accuracy: AccuracyMeasures.extend({
    value: ratio.describe('1 − WAPE, at least 0'),
    from_month: z.string().describe('first complete month judged (YYYY-MM)'),
    to_month: z.string(),
  }).describe(
    "the engine's month forecasts against demand over the complete months the window overlaps (else the last complete month)",
  ),
});

export const kpisRoutes = (app: App, svc: KpisService) => {
  app.get(
    '/api/v1/analytics/kpis',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'Live KPIs over a window: fill rate, turns, days of supply, stockouts, buffer health, value',
        querystring: KpiQuery,
        response: { 200: KpisOut },
      },
    },
    async (req) => svc.kpis(req.ctx, req.query),
  );
};
