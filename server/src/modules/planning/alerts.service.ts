import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogLocations as locations, catalogProducts as products } from '../catalog/index.ts';
import { type ALERT_KINDS, type ALERT_SEVERITIES, type ALERT_STATUSES, planningAlerts } from './schema.ts';

export type AlertQuery = PageQuery & {
  /** `ALL` lists open and resolved alike. */
  status: (typeof ALERT_STATUSES)[number] | 'ALL';
  kind?: (typeof ALERT_KINDS)[number] | undefined;
  severity?: (typeof ALERT_SEVERITIES)[number] | undefined;
  location?: string | undefined;
  product_id?: string | undefined;
  buffer_id?: string | undefined;
};

const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());

/** Reads the planning alerts the buffer calculation raises and resolves. */
export const createAlertsService = (p: Platform) => {
  const select = (tx: Tx) =>
    tx
      .select({
        a: planningAlerts,
        sku: products.sku,
        product_name: products.name,
        location_code: locations.code,
        total: sql<number>`count(*) over ()::int`,
      })
      .from(planningAlerts)
      .innerJoin(products, eq(products.id, planningAlerts.productId))
      .innerJoin(locations, eq(locations.id, planningAlerts.locationId));
  type J = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
  const view = (j: J) => ({
    id: j.a.id,
    key: j.a.key,
    kind: j.a.kind,
    severity: j.a.severity,
    status: j.a.status,
    buffer_id: j.a.bufferId,
    product_id: j.a.productId,
    sku: j.sku,
    product_name: j.product_name,
    location_id: j.a.locationId,
    location_code: j.location_code,
    supply_order_id: j.a.supplyOrderId,
    message: j.a.message,
    details: j.a.details,
    raised_at: new Date(j.a.raisedAt).toISOString(),
    updated_at: new Date(j.a.updatedAt).toISOString(),
    resolved_at: iso(j.a.resolvedAt),
  });

  return {
    list: (ctx: RequestContext, q: AlertQuery) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const rows = await select(tx)
          .where(
            and(
              eq(planningAlerts.tenantId, ctx.tenantId),
              q.status === 'ALL' ? undefined : eq(planningAlerts.status, q.status),
              q.kind ? eq(planningAlerts.kind, q.kind) : undefined,
              q.severity ? eq(planningAlerts.severity, q.severity) : undefined,
              q.location ? eq(locations.code, q.location) : undefined,
              q.product_id ? eq(planningAlerts.productId, q.product_id) : undefined,
              q.buffer_id ? eq(planningAlerts.bufferId, q.buffer_id) : undefined,
            ),
          )
          // Red before yellow; within a severity the newest first.
          .orderBy(
            sql`case ${planningAlerts.severity} when 'red' then 0 else 1 end`,
            desc(planningAlerts.raisedAt),
            desc(planningAlerts.id),
          )
          .limit(q.limit)
          .offset(offsetOf(q));
        return pageOf(rows.map(view), rows[0]?.total ?? 0, q);
      }),

    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const [j] = await select(tx).where(
          and(eq(planningAlerts.tenantId, ctx.tenantId), eq(planningAlerts.id, id)),
        );
        if (!j) throw new DomainError('planning.alert_not_found');
        return view(j);
      }),
  };
};

export type AlertsService = ReturnType<typeof createAlertsService>;
