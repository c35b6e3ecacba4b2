import { analyticsModule } from './analytics/index.ts';
import { assistantModule } from './assistant/index.ts';
import { catalogModule } from './catalog/index.ts';
import { identityModule } from './identity/index.ts';
import { integrationsModule } from './integrations/index.ts';
import { inventoryModule } from './inventory/index.ts';
import type { ModuleFactory } from './module.ts';
import { ordersModule } from './orders/index.ts';
import { planningModule } from './planning/index.ts';

/** Every bounded context, in dependency order. */
export const MODULES: ModuleFactory[] = [
  identityModule,
  catalogModule,
  inventoryModule,
  planningModule,
  ordersModule,
  integrationsModule,
  analyticsModule,
  assistantModule,
];

/** Contexts that publish events; one JetStream stream each. */
export const CONTEXTS = [
  'auth',
  'catalog',
  'inventory',
  'planning',
  'orders',
  'integrations',
  'analytics',
  'assistant',
];
