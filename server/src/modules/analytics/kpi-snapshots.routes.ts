import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { type KpiSnapshots, SNAPSHOT_KPIS } from './kpi-snapshots.service.ts';

export const HistoryQuery = z.object({
  from: z.iso.date().optional().describe('first day (default: 29 days before `to`)'),
  to: z.iso.date().optional().describe("last day (default: today in the organisation's time zone)"),
  kpi: z.enum(SNAPSHOT_KPIS).optional().describe('one KPI (default: all)'),
  location: z.string().trim().min(1).max(64).optional().describe('location code or id'),
});

export const HistoryOut = z.object({
  from: z.string(),
  to: z.string(),
  location: z.string().nullable(),
  kpi: z.enum(SNAPSHOT_KPIS).nullable(),
  data: z.array(
    z.object({
      date: z.string(),
      location_id: z.uuid().nullable().describe('null: the organisation-wide row'),
      kpi: z.string(),
      value: z.number().nullable().describe('the KPI page’s `value` for that day (stockouts: item-days)'),
      inputs: z
        .record(z.string(), z.unknown())
        .describe('the figures behind it, as the KPI page reports them'),
    }),
  ),
});

export const kpiSnapshotsRoutes = (app: App, svc: KpiSnapshots) => {
  app.get(
    '/api/v1/analytics/kpis/history',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags: ['analytics'],
        summary: 'KPIs as the nightly snapshot stored them, day by day',
        querystring: HistoryQuery,
        response: { 200: HistoryOut },
      },
    },
    async (req) => svc.history(req.ctx, req.query),
  );
};
