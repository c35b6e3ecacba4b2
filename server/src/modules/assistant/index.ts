import type { RequestContext } from '../../platform/domain/context.ts';
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import { eventConsumer, on } from '../../platform/events/consumer.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { planningEvents } from '../planning/index.ts';
import type { Module } from '../module.ts';
import { chatRoutes } from './chat.routes.ts';
import { createChatService } from './chat.service.ts';
import { conversationsRoutes } from './conversations.routes.ts';
import { createConversations } from './conversations.service.ts';
import { decisionsRoutes } from './decisions.routes.ts';
import { createDecisions } from './decisions.service.ts';
import { assistantErrors } from './errors.ts';
import { logsRoutes } from './logs.routes.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import { createNotifications } from './notifications.service.ts';
import { queryRoutes } from './query.routes.ts';
import { createQueryService } from './query.service.ts';
import { createReports, PENETRATION_REPORT_JOB } from './reports.service.ts';
import { createRouting, type Models, modelsFromConfig } from './routing.ts';
import { createApiCaller, createToolRunner } from './tool-runner.ts';

export { PENETRATION_QUIET_MINUTES } from './reports.service.ts';
export type { AiView } from './domain/ai-views.ts';
export type { SqlRule } from './domain/sql-rules.ts';
export { AI_VIEWS } from './views.ts';
// The layers `npm run bench -- assistant` times one by one against their bare calls (ADR 0014).
export { guardSql } from './domain/sql-guard.ts';
export { answerOffline } from './planner/planner.ts';
export { QUERY_EXAMPLES } from './query-examples.ts';
export { runReadOnly } from './sql-runner.ts';
export { createApiCaller } from './tool-runner.ts';
export { type ApiCall, type Lang, runTool } from './tools/index.ts';

/** A job whose handler reads the data it was queued with. */
const job = <T extends object>(def: JobDefinition<T>) => def as unknown as JobDefinition<object>;

/** The assistant (seed 000 §5, 002, 004): chat with tools, natural-language queries, model routing. */
export const assistantModule = (p: Platform, models: Models = modelsFromConfig(p)): Module => {
  let api: App | undefined;
  const app = () => {
    if (!api) throw new Error('the assistant was used before its API was handed over');
    return api;
  };
  const apiFor = createApiCaller(p, app);
  const routing = createRouting(p, models);
  const conversations = createConversations(p);
  const decisions = createDecisions(p);
  const tools = createToolRunner(p, (ctx: RequestContext) => apiFor(ctx));
  const chat = createChatService({
    routing,
    conversations,
    decisions,
    tools,
    apiFor: (ctx) => apiFor(ctx),
  });
  const query = createQueryService(p, routing);
  const notifications = createNotifications(p);
  const reports = createReports(p, { notifications, apiFor: (ctx) => apiFor(ctx) });
  return {
    name: 'assistant',
    errors: assistantErrors,
    useApi: (a) => {
      api = a;
    },
    routes: async (a) => {
      await chatRoutes(a, p, chat);
      conversationsRoutes(a, conversations);
      decisionsRoutes(a, decisions, apiFor);
      queryRoutes(a, query);
      logsRoutes(a, p);
      notificationsRoutes(a, notifications);
    },
    consumers: [
      eventConsumer(p.log, 'assistant-reports', [
        on(planningEvents.bufferPenetrated, async (e) => {
          if (e.tenantId) await reports.onPenetrated(e.tenantId);
        }),
      ]),
    ],
    jobs: [
      job<{ now?: string }>({
        // 06:00 in each tenant's own time zone: the tick finds the tenants whose morning has come.
        name: 'assistant-daily-report',
        cron: '*/15 * * * *',
        handler: async (d: { now?: string }) => {
          await reports.dailyTick(d.now ? new Date(d.now) : undefined);
        },
      }),
      job<{ tenantId: string }>({
        name: PENETRATION_REPORT_JOB,
        retryLimit: 2,
        handler: async (d) => {
          await reports.penetrationReport(d.tenantId);
        },
      }),
    ],
  };
};
