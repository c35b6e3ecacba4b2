import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import type { Calculated } from './calculation.types.ts';
import type { RaisedAlert } from './domain/alerts.ts';
import { planningEvents } from './events.ts';

export type Keyed = RaisedAlert & {
  key: string;
  buffer_id: string | null;
  product_id: string;
  location_id: string;
  supply_order_id: string | null;
};

/**
 * Upserts the alerts raised (one open per key) and resolves the open ones of the same scope
 * that were not raised again; a newly opened alert is announced.
 */
export const syncAlerts = async (
  tx: Tx,
  tenantId: string,
  raised: Keyed[],
  stillOpen: ReturnType<typeof sql>,
  emit: Emit,
) => {
  const keys = raised.map((a) => a.key);
  await tx.execute(sql`
    update planning_alerts set status = 'RESOLVED', resolved_at = now(), updated_at = now()
    where tenant_id = ${tenantId} and status = 'OPEN' and ${stillOpen} and key <> all(${sql.param(keys)}::text[])`);
  if (raised.length === 0) return;
  const { rows } = await tx.execute<{ id: string; key: string; fresh: boolean }>(sql`
    insert into planning_alerts (tenant_id, key, kind, severity, buffer_id, product_id, location_id, supply_order_id, message, details)
    select ${tenantId}, x.key, x.kind, x.severity, x.buffer_id, x.product_id, x.location_id, x.supply_order_id, x.message, x.details
    from jsonb_to_recordset(${JSON.stringify(raised)}::jsonb) as x(
      key text, kind text, severity text, buffer_id uuid, product_id uuid, location_id uuid,
      supply_order_id uuid, message text, details jsonb)
    on conflict (tenant_id, key) where status = 'OPEN' do update set
      severity = excluded.severity, message = excluded.message, details = excluded.details, updated_at = now()
    returning id, key, (xmax = 0) as fresh`);
  const byKey = new Map(raised.map((a) => [a.key, a]));
  for (const r of rows) {
    const a = byKey.get(r.key);
    if (!r.fresh || !a) continue;
    emit(
      planningEvents.alertRaised.create({
        tenantId,
        aggregateId: r.id,
        payload: {
          kind: a.kind,
          severity: a.severity,
          buffer_id: a.buffer_id,
          product_id: a.product_id,
          location_id: a.location_id,
          message: a.message,
        },
      }),
    );
  }
};

const BUFFER_KINDS = ['on_hand', 'projected_on_hand', 'spike_horizon'];

/** The buffer alerts of a calculated set: raised, updated, or resolved when the condition passed. */
export const syncBufferAlerts = async (tx: Tx, tenantId: string, done: Calculated[], emit: Emit) => {
  if (done.length === 0) return;
  const raised = done.flatMap((c) =>
    c.alerts.map(
      (a): Keyed => ({
        ...a,
        key: `${a.kind}:${c.row.b.id}`,
        buffer_id: c.row.b.id,
        product_id: c.row.b.productId,
        location_id: c.row.b.locationId,
        supply_order_id: null,
      }),
    ),
  );
  const ids = done.map((c) => c.row.b.id);
  await syncAlerts(
    tx,
    tenantId,
    raised,
    sql`buffer_id = any(${sql.param(ids)}::uuid[]) and kind = any(${sql.param(BUFFER_KINDS)}::text[])`,
    emit,
  );
};
