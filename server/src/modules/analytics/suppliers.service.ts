import { sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantCalendar } from '../identity/index.ts';
import { ordersFacade, supplierPerformanceOf } from '../orders/index.ts';
import { mean, round4, sd } from './domain/kpis.ts';
import { windowOf } from './scope.ts';

/**
 * A supplier's record over a window (default the last 365 days): orders' on-time share and
 * fill rate from its receipt facts, and lead time (order date to receipt) against the
 * supplier's stated lead time. A Seller sees it on their stores' orders only, as orders does.
 */
export const createSuppliersService = (p: Platform) => {
  const performanceOf = supplierPerformanceOf(p);
  return {
    performance: async (
      ctx: RequestContext,
      id: string,
      q: { from?: string | undefined; to?: string | undefined },
    ) => {
      const { from, to } = await p.uow.forTenant(ctx.tenantId, async (tx) =>
        windowOf(q, await tenantCalendar.today(tx, ctx.tenantId), 365),
      );
      const base = await performanceOf(ctx, id, { from, to });
      return p.uow.forTenant(ctx.tenantId, async (tx) => {
        const leads = await ordersFacade.supplierLeadTimes(tx, ctx.tenantId, id, {
          from,
          to,
          storeIds: ctx.storeIds,
        });
        const { rows } = await tx.execute<{ days: number | null }>(
          sql`select default_lead_time_days as days from catalog_suppliers where tenant_id = ${ctx.tenantId} and id = ${id}`,
        );
        const days = leads.map((l) => l.lead_time);
        const spread = sd(days);
        return {
          supplier_id: base.supplier_id,
          supplier_name: base.supplier_name,
          from,
          to,
          receipts: base.receipts,
          on_time: {
            value: base.on_time_rate,
            on_time_receipts: base.on_time_receipts,
            receipts: base.receipts,
          },
          average_days_late: base.average_days_late,
          fill_rate: base.fill_rate,
          lead_time: {
            stated_days: rows[0]?.days ?? null,
            mean_days: days.length ? round4(mean(days)) : null,
            sd_days: days.length > 1 ? round4(spread) : null,
            variance_days: days.length > 1 ? round4(spread ** 2) : null,
            promised_mean_days: days.length ? round4(mean(leads.map((l) => l.promised))) : null,
            samples: days.length,
          },
        };
      });
    },
  };
};

export type SuppliersService = ReturnType<typeof createSuppliersService>;
