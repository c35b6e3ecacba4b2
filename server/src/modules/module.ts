import type { ErrorCatalog } from '../platform/domain/errors.ts';
import type { EventEnvelope } from '../platform/events/envelope.ts';
import type { App } from '../platform/http/app.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';
import type { Platform } from '../platform/platform.ts';

export type Consumer = { name: string; patterns: string[]; handle: (e: EventEnvelope) => Promise<void> };

/** What a bounded context hands the composition root (ARCHITECTURE.md §2). */
export type Module = {
  /** The bounded context. Its event types start with its events context (identity's is `auth`, as seed 000 names them). */
  name: string;
  errors?: ErrorCatalog;
  routes?: (app: App) => void | Promise<void>;
  consumers?: Consumer[];
  jobs?: JobDefinition<object>[];
  /**
   * Hands the module an app with every route, to call in-process (the assistant's tools). An
   * api process passes its own; a worker, which serves none, builds a private one that never listens.
   */
  useApi?: (app: App) => void;
  /** Demo data for the demo tenant; must be idempotent. */
  seedDemo?: (demo: DemoTenant) => Promise<void>;
};

export type DemoTenant = { tenantId: string; adminUserId: string };

export type ModuleFactory = (p: Platform) => Module;

/** The demo tenant's administrator acting with every permission: how demo seeds call services. */
export const demoContext = (demo: DemoTenant) => ({
  tenantId: demo.tenantId,
  userId: demo.adminUserId,
  kind: 'user' as const,
  roles: ['Admin'],
  permissions: ['*:*'],
  storeIds: null,
});
