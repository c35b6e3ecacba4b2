import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { DEFAULT_DAYS, type HistoryService } from './history.service.ts';
import { PRIORITIES } from './schema.ts';

const HistoryQuery = z.object({
  from: z.iso.date().optional().describe(`first day, YYYY-MM-DD; default ${DEFAULT_DAYS} days through to`),
  to: z.iso.date().optional().describe("last day, YYYY-MM-DD; default today in the organisation's time zone"),
});

const N = z.number().nullable();
const Priority = z.enum(PRIORITIES).nullable();
const Share = z.number().nullable().describe('percent of the days that could be measured');

const History = z.object({
  buffer_id: z.uuid(),
  from: z.string(),
  to: z.string(),
  data: z.array(
    z.object({
      date: z.string(),
      adu: N,
      dlt: N,
      red: N,
      yellow: N,
      green: N,
      top_of_red: N,
      top_of_yellow: N,
      top_of_green: N,
      on_hand: N,
      on_order: N,
      qualified_demand: N,
      net_flow_position: N,
      net_flow_percent: N,
      planning_priority: Priority,
      on_hand_alert: Priority,
    }),
  ),
  metrics: z.object({
    days: z.number().int(),
    planning_priority_share: z.object({ red: Share, yellow: Share, green: Share }),
    on_hand_share: z.object({ below_top_of_red: Share, within: Share, above_top_of_green: Share }),
    stockout_days: z.number().int(),
    average_on_hand: N,
    target_average_on_hand: N.describe('mean of top of red + green / 2'),
    average_net_flow_percent: N,
  }),
  signal: z
    .object({
      suggestions: z.number().int(),
      open: z.number().int(),
      approved: z.number().int(),
      approved_as_suggested: z.number().int(),
      approved_changed: z.number().int(),
      rejected: z.number().int(),
      closed_unattended: z.number().int(),
      followed_percent: N,
      average_hours_to_decision: N,
    })
    .describe('signal integrity: what planners did with the suggestions raised in the range'),
});

export const historyRoutes = (app: App, svc: HistoryService) => {
  app.get(
    '/api/v1/buffers/:id/history',
    {
      config: { permission: 'buffer:read' },
      schema: {
        tags: ['planning'],
        summary: 'A buffer day by day, with its signal and decoupling integrity over the range',
        params: z.object({ id: z.uuid() }),
        querystring: HistoryQuery,
        response: { 200: History },
      },
    },
    async (req) => svc.history(req.ctx, req.params.id, req.query),
  );
};
