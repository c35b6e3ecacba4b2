import { eventConsumer, on } from '../../platform/events/consumer.ts';
import type { EventEnvelope, PayloadOf } from '../../platform/events/envelope.ts';
import type { Platform } from '../../platform/platform.ts';
import { inventoryEvents } from '../inventory/index.ts';
import { ordersEvents, ordersFacade } from '../orders/index.ts';
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
export const netFlowConsumer = (p: Platform, recalc: BufferRecalculation) => {
  const stock = async (tenantId: string | null, productIds: string[]) => {
    if (tenantId) await recalc.recalculateProducts(tenantId, productIds);
  };
  const supply = async (e: EventEnvelope<PayloadOf<typeof ordersEvents.supplyChanged>>) => {
    const tenantId = e.tenantId;
    if (!tenantId) return;
    if (e.type.endsWith('.created') && (await placedByPlanning(p, tenantId, e.aggregateId))) {
      await p.uow.forTenant(tenantId, (tx, emit) => syncSupplyAlerts(tx, tenantId, emit));
      return;
    }
    await recalc.recalculateProducts(tenantId, e.payload.product_ids, true);
  };
  return eventConsumer(p.log, 'planning-net-flow', [
    on(inventoryEvents.stockUpdated, (e) => stock(e.tenantId, [e.payload.product_id])),
    on(
      [
        inventoryEvents.reservationCreated,
        inventoryEvents.reservationConfirmed,
        inventoryEvents.reservationCancelled,
        inventoryEvents.reservationExpired,
      ],
      (e) => stock(e.tenantId, e.payload.product_ids ?? []),
    ),
    on(
      [
        ordersEvents.purchaseCreated,
        ordersEvents.productionCreated,
        ordersEvents.transferCreated,
        ordersEvents.supplyChanged,
      ],
      supply,
    ),
  ]);
};
