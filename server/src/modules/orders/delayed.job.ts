import { and, asc, inArray, lt } from 'drizzle-orm';
import { addDays, todayUtc } from '../../platform/dates.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantCalendar } from '../identity/index.ts';
import { canMove, DELAYABLE, daysBetween } from './domain/supply-status.ts';
import { ordersEvents } from './events.ts';
import { supplyOrders } from './schema.ts';
import { loadSupplyOrder, setSupplyStatus, supplyPayload } from './supply.repo.ts';

/**
 * Open orders past their promised date become DELAYED, with seed 000's late-supply alert
 * (`orders.supply.delayed`) besides `orders.supply.changed`. Production orders count once
 * released (OPEN) or started; transfers whether or not they have shipped: either way the stock
 * is not where it was promised. Late means due before today in the tenant's own time zone.
 * Returns how many orders it marked.
 */
export const markDelayed = async (p: Platform, now = new Date()) => {
  // The due list spans tenants, so it is read outside any tenant scope; each tenant's orders
  // then change in that tenant's own transaction. No calendar runs more than a day ahead of
  // UTC's (UTC+14 at most), so this list holds every order some tenant may count as late.
  const due = await p.database.db
    .select({ id: supplyOrders.id, tenantId: supplyOrders.tenantId, dueDate: supplyOrders.dueDate })
    .from(supplyOrders)
    .where(
      and(inArray(supplyOrders.status, [...DELAYABLE]), lt(supplyOrders.dueDate, addDays(todayUtc(now), 1))),
    )
    .orderBy(asc(supplyOrders.tenantId), asc(supplyOrders.dueDate));
  const byTenant = new Map<string, typeof due>();
  for (const d of due) byTenant.set(d.tenantId, [...(byTenant.get(d.tenantId) ?? []), d]);
  let marked = 0;
  for (const [tenantId, orders] of byTenant) {
    marked += await p.uow.forTenant(tenantId, async (tx, emit) => {
      const today = await tenantCalendar.today(tx, tenantId, now);
      let n = 0;
      for (const { id } of orders.filter((o) => o.dueDate < today)) {
        const loaded = await loadSupplyOrder(tx, tenantId, id, true);
        const { order } = loaded;
        // Re-checked under the lock: a receipt or a cancellation may have come first.
        if (!DELAYABLE.includes(order.status) || order.dueDate >= today) continue;
        if (!canMove(order.kind, order.status, 'DELAYED')) continue;
        const delayed = await setSupplyStatus(tx, emit, loaded, 'DELAYED');
        emit(
          ordersEvents.supplyDelayed.create({
            tenantId,
            aggregateId: id,
            payload: {
              ...supplyPayload(delayed, loaded.lines),
              due_date: order.dueDate,
              days_late: daysBetween(order.dueDate, today),
            },
          }),
        );
        n += 1;
      }
      return n;
    });
  }
  return marked;
};

export const delayedJob = (p: Platform): JobDefinition => ({
  name: 'orders-mark-delayed',
  cron: '*/15 * * * *',
  handler: async () => {
    await markDelayed(p);
  },
});
