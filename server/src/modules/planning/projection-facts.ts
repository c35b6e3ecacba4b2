import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import type { Adjustment } from './domain/adjustments.ts';
import type { AppliedFactors } from './schema.ts';

type Scope = { locationIds: string[] | null; productIds: string[] | null };

const num = (v: string | null) => (v === null ? null : Number(v));

/**
 * What analytics reads of planning to project buffers forward (DDS&OP): each calculated
 * buffer's sizing settings with its profile, and the planned adjustments over a span of days.
 */
export const bufferProjectionFacts = {
  buffers: async (tx: Executor, tenantId: string, f: Scope) => {
    const { rows } = await tx.execute<{
      id: string;
      product_id: string;
      location_id: string;
      category: string | null;
      adu: string | null;
      dlt: string | null;
      propagated_adu: string | null;
      applied_factors: AppliedFactors | null;
      extra_lead_time_days: string;
      order_cycle_days: string;
      red_override: string | null;
      yellow_override: string | null;
      green_override: string | null;
      item_type: 'purchased' | 'manufactured' | 'distributed';
      replenish_method: 'replenish' | 'min_max' | 'override';
      lead_time_factor: string;
      variability_factor: string;
    }>(sql`
      select b.id, b.product_id, b.location_id, p.category, b.adu::text, b.dlt::text,
        b.propagated_adu::text, b.applied_factors, b.extra_lead_time_days::text,
        b.order_cycle_days::text, b.red_override::text, b.yellow_override::text,
        b.green_override::text, pr.item_type, pr.replenish_method, pr.lead_time_factor::text,
        pr.variability_factor::text
      from buffers b
      join buffer_profiles pr on pr.id = b.profile_id
      join catalog_products p on p.id = b.product_id
      where b.tenant_id = ${tenantId} and b.calculated_at is not null
        ${f.locationIds ? sql`and b.location_id = any(${sql.param(f.locationIds)}::uuid[])` : sql``}
        ${f.productIds ? sql`and b.product_id = any(${sql.param(f.productIds)}::uuid[])` : sql``}`);
    return rows.map((r) => ({
      id: r.id,
      product_id: r.product_id,
      location_id: r.location_id,
      category: r.category,
      adu: num(r.adu) ?? 0,
      dlt: num(r.dlt) ?? 0,
      propagated_adu: num(r.propagated_adu) ?? 0,
      applied_factors: r.applied_factors,
      extra_lead_time_days: Number(r.extra_lead_time_days),
      order_cycle_days: Number(r.order_cycle_days),
      overrides: {
        red: num(r.red_override),
        yellow: num(r.yellow_override),
        green: num(r.green_override),
      },
      item_type: r.item_type,
      replenish_method: r.replenish_method,
      lead_time_factor: Number(r.lead_time_factor),
      variability_factor: Number(r.variability_factor),
    }));
  },

  /** Planned adjustments in force on any day of [from, to]. */
  adjustments: async (tx: Executor, tenantId: string, from: string, to: string): Promise<Adjustment[]> => {
    const { rows } = await tx.execute<{
      buffer_id: string | null;
      product_category: string | null;
      location_id: string | null;
      start_date: string;
      end_date: string;
      demand_factor: string;
      lead_time_factor: string;
      red_factor: string;
      yellow_factor: string;
      green_factor: string;
    }>(sql`
      select buffer_id, product_category, location_id, to_char(start_date, 'YYYY-MM-DD') as start_date,
        to_char(end_date, 'YYYY-MM-DD') as end_date, demand_factor::text, lead_time_factor::text,
        red_factor::text, yellow_factor::text, green_factor::text
      from planned_adjustments
      where tenant_id = ${tenantId} and end_date >= ${from}::date and start_date <= ${to}::date`);
    return rows.map((r) => ({
      buffer_id: r.buffer_id,
      product_category: r.product_category,
      location_id: r.location_id,
      start_date: r.start_date,
      end_date: r.end_date,
      demand_factor: Number(r.demand_factor),
      lead_time_factor: Number(r.lead_time_factor),
      zone_factors: {
        red: Number(r.red_factor),
        yellow: Number(r.yellow_factor),
        green: Number(r.green_factor),
      },
    }));
  },
};
