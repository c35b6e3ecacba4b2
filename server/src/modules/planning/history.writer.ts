import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';

/** The day's snapshot of every buffer of a tenant (the last one of the day wins). */
export const snapshotHistory = async (tx: Tx, tenantId: string, date: string) => {
  await tx.execute(sql`
    insert into buffer_history (tenant_id, buffer_id, date, adu, dlt, red, yellow, green, top_of_red,
      top_of_yellow, top_of_green, on_hand, on_order, qualified_demand, net_flow, net_flow_percent,
      planning_priority, on_hand_alert)
    select tenant_id, id, ${date}::date, adu, dlt, red, yellow, green, top_of_red, top_of_yellow,
      top_of_green, on_hand, on_order, qualified_demand, net_flow, net_flow_percent,
      planning_priority, on_hand_alert
    from buffers where tenant_id = ${tenantId} and calculated_at is not null
    on conflict (buffer_id, date) do update set
      adu = excluded.adu, dlt = excluded.dlt, red = excluded.red, yellow = excluded.yellow,
      green = excluded.green, top_of_red = excluded.top_of_red, top_of_yellow = excluded.top_of_yellow,
      top_of_green = excluded.top_of_green, on_hand = excluded.on_hand, on_order = excluded.on_order,
      qualified_demand = excluded.qualified_demand, net_flow = excluded.net_flow,
      net_flow_percent = excluded.net_flow_percent, planning_priority = excluded.planning_priority,
      on_hand_alert = excluded.on_hand_alert`);
};
