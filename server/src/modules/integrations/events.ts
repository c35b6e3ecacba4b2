import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';
import { IMPORT_KINDS } from './domain/kinds.ts';

const Counts = z.object({
  import_id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  processed: z.number().int(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  failed: z.number().int(),
});

const Sync = z.object({
  job_id: z.string(),
  connection_id: z.string(),
  types: z.array(z.string()),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  failed: z.number().int(),
});

export const integrationsEvents = {
  /** A webhook subscription was created, changed or removed: processes drop what they kept of it. */
  webhookChanged: defineEvent('integrations.webhook.changed', 1, z.object({ subscription_id: z.string() })),
  syncStarted: defineEvent('integrations.sync.started', 1, Sync),
  /** A page of an ERP's records was written. */
  syncProgress: defineEvent('integrations.sync.progress', 1, Sync.extend({ type: z.string() })),
  syncCompleted: defineEvent('integrations.sync.completed', 1, Sync),
  syncFailed: defineEvent('integrations.sync.failed', 1, Sync.extend({ error: z.string() })),
  /** A commit finished a batch; `processed` of `total` data rows are done. */
  importProgress: defineEvent('integrations.import.progress', 1, Counts),
  importCompleted: defineEvent('integrations.import.completed', 1, Counts),
  importFailed: defineEvent(
    'integrations.import.failed',
    1,
    z.object({ import_id: z.string(), kind: z.enum(IMPORT_KINDS).nullable(), error: z.string() }),
  ),
};
