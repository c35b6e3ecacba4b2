import type { RequestContext } from '../../platform/domain/context.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Module } from '../module.ts';
import { integrationsErrors } from './errors.ts';
import { createImportCommit } from './imports.commit.ts';
import { importsRoutes } from './imports.routes.ts';
import {
  COMMIT_JOB,
  type CommitJob,
  createImportsService,
  type Lang,
  type Upload,
} from './imports.service.ts';
import { createConnectionsService } from './connections.service.ts';
import { syncRoutes } from './sync.routes.ts';
import { createInbound } from './webhooks/inbound.ts';
import { inboundRoutes } from './webhooks/inbound.routes.ts';
import { createWebhooksService, DELIVER_JOB, type DeliverJob } from './webhooks/webhooks.service.ts';
import { webhooksRoutes } from './webhooks/webhooks.routes.ts';
import { createSyncRunner } from './sync.runner.ts';
import { createSyncService, SYNC_JOB, type SyncJobData } from './sync.service.ts';

export { integrationsEvents } from './events.ts';
// For the sync benchmark: the connector the sync reads with, and a Microsip-shaped database to read.
export { createMicrosipConnector } from './microsip/microsip.connector.ts';
export { createCompanyDatabase, parseFirebirdUrl } from './microsip/company-database.ts';

/** A job whose handler reads the data it was queued with. */
const job = <T extends object>(def: JobDefinition<T>) => def as unknown as JobDefinition<object>;

/** Spreadsheet imports and exports, ERP connectors and webhooks (ARCHITECTURE.md §2). */
export const integrationsModule = (p: Platform): Module => {
  const imports = createImportsService(p);
  const commit = createImportCommit(p);
  const sync = createSyncService(p);
  const runner = createSyncRunner(p);
  const webhooks = createWebhooksService(p);

  /** Seed 004's one-shot upload: detect, validate, then commit the valid rows before answering. */
  const oneShot = async (ctx: RequestContext, u: Upload, lang: Lang) => {
    const up = await imports.upload(ctx, u);
    const checked = await imports.validate(ctx, up.id, lang);
    await imports.commit(ctx, up.id, 'valid_rows');
    // The queued job would do the same; running it here answers with the outcome. A second
    // runner finds each batch done by the checkpoint and writes nothing twice.
    await commit.run({ tenantId: ctx.tenantId, importId: up.id, ctx });
    const done = await imports.get(ctx, up.id);
    return {
      success: done.status === 'completed',
      filename: up.filename,
      records_processed: done.processed ?? 0,
      records_created: done.created ?? 0,
      records_updated: done.updated ?? 0,
      records_failed: done.failed ?? 0,
      file_type: up.kind,
      store: done.store?.code ?? up.detected.store,
      import_id: up.id,
      error_file: checked.invalid > 0 || (done.failed ?? 0) > 0 ? checked.error_file : null,
    };
  };

  return {
    name: 'integrations',
    errors: integrationsErrors,
    routes: (app) => {
      importsRoutes(app, imports, oneShot);
      syncRoutes(app, createConnectionsService(p), sync);
      webhooksRoutes(app, webhooks);
      inboundRoutes(app, createInbound(p, sync));
    },
    // Every event of every context may be owed to a tenant's endpoints.
    consumers: [{ name: 'integrations-webhooks', patterns: ['>'], handle: (e) => webhooks.fanOut(e) }],
    jobs: [
      job<CommitJob>({ name: COMMIT_JOB, retryLimit: 5, handler: (data) => commit.run(data) }),
      job<SyncJobData>({ name: SYNC_JOB, retryLimit: 3, handler: (d) => runner.run(d.tenantId, d.jobId) }),
      job<DeliverJob>({
        name: DELIVER_JOB,
        retryLimit: 2,
        concurrency: 4,
        handler: (d) => webhooks.deliver(d),
      }),
      {
        // Each connection's own cron decides; the tick only looks for the ones that fired.
        name: 'integrations-sync-schedule',
        cron: '*/5 * * * *',
        handler: async () => {
          await sync.due();
        },
      },
    ],
  };
};
