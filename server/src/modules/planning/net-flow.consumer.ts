import type { Platform } from '../../platform/platform.ts';
import type { Consumer } from '../module.ts';
import { ordersFacade } from '../orders/index.ts';
import type { BufferRecalculation } from './buffers.recalculate.ts';
import { syncSupplyAlerts } from './supply-alerts.writer.ts';

/** Orders planning places itself (an approved suggestion, auto-procurement). */
const PLANNED = new Set(['approved', 'auto']);

const placedByPlanning = (p: Platform, tenantId: string, orderId: string) =>
  p.uow.forTenant(tenantId, async (tx) =>
    (await ordersFacade.openSupply(tx, tenantId, { orderIds: [orderId] })).some((o) => PLANNED.has(o.origin)),
  );

/**
 * Net flow follows stock and supply: a movement, a hold or a supply order's change recomputes
 * only the buffers of its products. An order planning placed itself was counted by the
 * transaction that placed it, so it only re-checks the supply alerts: recalculating again could
 * only let auto-procurement order once more, and that order would come back here.
 */
export const netFlowConsumer = (p: Platform, recalc: BufferRecalculation): Consumer => ({
  name: 'planning-net-flow',
  patterns: [
    'inventory.stock.updated',
    'inventory.reservation.>',
    'orders.purchase.created',
    'orders.production.created',
    'orders.transfer.created',
    'orders.supply.changed',
  ],
  handle: async (e) => {
    const tenantId = e.tenantId;
    if (!tenantId) return;
    const payload = e.payload as { product_id?: string; product_ids?: string[] };
    const ids = payload.product_ids ?? (payload.product_id ? [payload.product_id] : []);
    if (!e.type.startsWith('orders.')) {
      await recalc.recalculateProducts(tenantId, ids);
      return;
    }
    if (e.type.endsWith('.created') && (await placedByPlanning(p, tenantId, e.aggregateId))) {
      await p.uow.forTenant(tenantId, (tx, emit) => syncSupplyAlerts(tx, tenantId, emit));
      return;
    }
    await recalc.recalculateProducts(tenantId, ids, true);
  },
});
