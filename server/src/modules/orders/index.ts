import { eventConsumer, on } from '../../platform/events/consumer.ts';
import type { Platform } from '../../platform/platform.ts';
import { inventoryEvents } from '../inventory/index.ts';
import type { Module } from '../module.ts';
import { customerOrdersRoutes } from './customer-orders.routes.ts';
import { createCustomerOrdersService } from './customer-orders.service.ts';
import { customersRoutes } from './customers.routes.ts';
import { createCustomersService } from './customers.service.ts';
import { delayedJob } from './delayed.job.ts';
import { seedOrdersDemo } from './demo.ts';
import { ordersErrors } from './errors.ts';
import { ordersEvents } from './events.ts';
import { listingsRoutes } from './listings.routes.ts';
import { createListingsService } from './listings.service.ts';
import { createGateways } from './payments/registry.ts';
import { createSandboxGateway } from './payments/sandbox.ts';
import { paymentsRoutes } from './payments.routes.ts';
import { productionRoutes } from './production.routes.ts';
import { createProductionService } from './production.service.ts';
import { reorderRoutes } from './reorder.routes.ts';
import { createReorderService } from './reorder.service.ts';
import { createSaga, type SagaHooks } from './saga.ts';
import { shopRoutes } from './shop.routes.ts';
import { createShopService } from './shop.service.ts';
import { supplyModuleRoutes } from './supply.routes.ts';
import { transferRoutes } from './transfer.routes.ts';
import { createTransferService } from './transfer.service.ts';
import { createSandboxChallenge, createWebhookHandler } from './webhooks.ts';

export { upsertSyncedCustomers } from './customers.repo.ts';
export { fromErp as customerFromErp, type SyncedCustomer } from './domain/customers.ts';
export { ordersEvents } from './events.ts';
export { type OpenSupply, ordersFacade, type PlannedOrder } from './facade.ts';
export { supplierPerformanceOf } from './supplier-performance.ts';
export { SUPPLY_KINDS, SUPPLY_STATUSES, type SupplyKind, type SupplyStatus } from './schema.ts';

/**
 * Purchase, production, transfer and customer orders (ARCHITECTURE.md §2): approvals, receipts,
 * the customer order saga with payments, the customer master, and the marketplace.
 */
export const ordersModule = (p: Platform, hooks: SagaHooks = {}): Module => {
  const sandbox = createSandboxGateway(p);
  const gateways = createGateways(p.config, sandbox);
  const saga = createSaga(p, gateways, hooks);
  const customerOrders = createCustomerOrdersService(p, saga, gateways);
  const production = createProductionService(p);
  const reorder = createReorderService(p);
  return {
    name: 'orders',
    errors: ordersErrors,
    seedDemo: (demo) => seedOrdersDemo(p, demo, customerOrders),
    routes: (app) => {
      customerOrdersRoutes(app, p, customerOrders);
      customersRoutes(app, createCustomersService(p));
      const handle = createWebhookHandler(p, gateways, saga);
      paymentsRoutes(app, handle, createSandboxChallenge(p, sandbox, handle));
      supplyModuleRoutes(app, p);
      productionRoutes(app, p, production);
      transferRoutes(app, p, createTransferService(p));
      reorderRoutes(app, reorder);
      listingsRoutes(app, createListingsService(p));
      shopRoutes(app, createShopService(p, customerOrders));
    },
    consumers: [
      // Low stock of an item with a reorder policy raises a draft purchase order (seeds 002, 003).
      eventConsumer(p.log, 'orders-auto-reorder', [on(inventoryEvents.stockUpdated, reorder.onStockUpdated)]),
      eventConsumer(p.log, 'orders-production-shortage', [
        // A production order released (OPEN) by any route gets its shortage check.
        on(ordersEvents.supplyChanged, async (e) => {
          if (e.tenantId && e.payload.kind === 'production' && e.payload.status === 'OPEN')
            await production.checkReleased(e.tenantId, e.aggregateId);
        }),
      ]),
    ],
    jobs: [
      delayedJob(p),
      {
        // Sagas whose worker died, that failed to reach a gateway, or whose payment never answered.
        name: 'orders-saga-resume',
        cron: '* * * * *',
        handler: async () => {
          await saga.resumeDue();
        },
      },
    ],
  };
};
