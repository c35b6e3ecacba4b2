import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantById } from '../identity/index.ts';
import { ACTIVE_STEPS } from './domain/saga.ts';
import type { PaymentGateway } from './payments/gateway.ts';
import { customerOrderLines, customerOrders, orderSettings, payments, sagaLog } from './schema.ts';

type Order = typeof customerOrders.$inferSelect;
type Payment = typeof payments.$inferSelect;

/** Thrown by a test hook to stand for the process dying right after a step. */
export class SagaCrash extends Error {}

export type SagaHooks = { afterStep?: (step: string, orderId: string) => void };

/** The buyer's key to their storefront order's public view. */
export const shopOrderToken = (p: Platform, orderId: string) => p.sealer.mac('shop-order', orderId);

/** The saga acts for the tenant as the system: inventory calls need a context. */

export const systemContext = (tenantId: string, userId: string | null): RequestContext => ({
  tenantId,
  userId: userId ?? '00000000-0000-0000-0000-000000000000',
  kind: 'client',
  roles: [],
  permissions: ['*:*'],
  storeIds: null,
});

export const logStep = async (
  tx: Tx,
  o: { tenantId: string; id: string },
  step: string,
  outcome: 'done' | 'failed' | 'compensated',
  detail: Record<string, unknown> = {},
) => {
  await tx
    .insert(sagaLog)
    // clock_timestamp: steps of one transaction keep their order in the timeline.
    .values({ tenantId: o.tenantId, orderId: o.id, step, outcome, detail, at: sql`clock_timestamp()` })
    .onConflictDoNothing();
};

/** An order event's envelope, from the order and the products on its lines. */
export const orderEvent = (o: Order, productIds: readonly string[], reason?: string | null) => ({
  tenantId: o.tenantId,
  aggregateId: o.id,
  payload: {
    number: o.number,
    status: o.status,
    store_id: o.locationId,
    total_minor: o.totalMinor,
    currency: o.currency,
    product_ids: [...new Set(productIds)],
    reason: reason ?? o.cancelReason,
  },
});

/** A step for the saga's timeline, written with the statement that makes it happen. */
export type LoggedStep = {
  step: string;
  outcome: 'done' | 'failed' | 'compensated';
  detail?: Record<string, unknown>;
};

export const customerEvent = async (tx: Tx, o: Order, reason?: string | null) => {
  const lines = await tx
    .select({ productId: customerOrderLines.productId })
    .from(customerOrderLines)
    .where(eq(customerOrderLines.orderId, o.id));
  return orderEvent(
    o,
    lines.map((l) => l.productId),
    reason,
  );
};

export type Gateways = { get: (provider: Payment['provider']) => PaymentGateway | null };

/**
 * What the resume job picks up: sagas whose worker died (lease run out), that nobody picked up
 * after they were created, or whose step failed to reach a gateway; and payments that never
 * answered within the tenant's timeout.
 */
export const dueSagas = async (p: Platform) => {
  const stale = await p.database.db
    .select({ id: customerOrders.id, tenantId: customerOrders.tenantId })
    .from(customerOrders)
    .where(
      and(
        inArray(customerOrders.sagaStep, [...ACTIVE_STEPS]),
        or(
          lt(customerOrders.leaseUntil, sql`now()`),
          and(
            isNull(customerOrders.leaseUntil),
            lt(customerOrders.updatedAt, sql`now() - interval '10 seconds'`),
          ),
        ),
      ),
    )
    .limit(200);
  const timedOut = await p.database.db
    .select({ o: customerOrders })
    .from(customerOrders)
    .innerJoin(orderSettings, eq(orderSettings.tenantId, customerOrders.tenantId))
    .where(
      and(
        eq(customerOrders.sagaStep, 'await_payment'),
        sql`${customerOrders.updatedAt} < now() - make_interval(mins => ${orderSettings.paymentTimeoutMinutes})`,
      ),
    )
    .limit(200);
  return { stale, timedOut };
};

export const paymentOf = async (tx: Tx, orderId: string) => {
  const [pay] = await tx.select().from(payments).where(eq(payments.orderId, orderId));
  if (!pay) throw new Error(`order ${orderId} has no payment`);
  return pay;
};

export const reread = async (tx: Tx, id: string) => {
  const [o] = await tx.select().from(customerOrders).where(eq(customerOrders.id, id));
  if (!o) throw new Error(`order ${id} vanished`);
  return o;
};

/** Where a redirect provider sends the buyer back: the storefront's order page, or the order in the app. */
export const returnUrlOf = async (p: Platform, o: Order, base: string) => {
  if (o.channel !== 'storefront') return `${base}/customer-orders/${o.id}`;
  const tenant = await tenantById(p.database.db, o.tenantId);
  return `${base}/shop/${tenant?.slug ?? ''}/orders/${o.id}?token=${shopOrderToken(p, o.id)}`;
};
