import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import {
  type customerOrders,
  listings,
  orderCounters,
  orderSettings,
  type PaymentProvider,
  type payments,
} from './schema.ts';
import { settingsOf } from './supply.repo.ts';

type Order = typeof customerOrders.$inferSelect;
type Payment = typeof payments.$inferSelect;

/** Seconds a worker holds an order's lease while it runs the saga's active steps. */
export const LEASE_SECONDS = 60;

export type NewCustomerOrder = {
  id: string;
  tenantId: string;
  /** The number is the prefix and the tenant's next count for it (SO-000042). */
  prefix: string;
  idempotencyKey: string;
  channel: 'api' | 'storefront';
  locationId: string;
  customerName: string;
  customerEmail: string;
  currency: string;
  totalMinor: number;
  reservationId: string;
  createdBy: string | null;
  lines: { productId: string; listingId: string | null; quantity: string; unitPriceMinor: number }[];
  payment: {
    provider: PaymentProvider;
    method: string;
    cardLast4: string | null;
    cardToken: string | null;
    payerPhone: string | null;
  };
};

/**
 * The order with its number, its lines, its payment and the saga's first step in the timeline,
 * in one statement. The number comes from the tenant's counter row, locked from here to the
 * commit: this is the transaction's last statement of its own. The order is written claimed by the worker that creates it (lease taken, one
 * attempt counted), as `claim` would leave it, and comes back with its payment as the saga
 * reads them; what the database fills in (times, the payment's id) is read back.
 */
export const insertOrder = async (
  tx: Tx,
  o: NewCustomerOrder,
): Promise<{ order: Order; payment: Payment }> => {
  const { rows } = await tx.execute<{
    number: string;
    created_at: string;
    updated_at: string;
    lease_until: string;
    payment_id: string;
    payment_created_at: string;
    payment_updated_at: string;
  }>(sql`
    with n as (
      insert into ${orderCounters} (tenant_id, prefix, last) values (${o.tenantId}, ${o.prefix}, 1)
      on conflict (tenant_id, prefix) do update set last = ${orderCounters}.last + 1
      returning ${o.prefix} || '-' || case when last >= 100000 then last::text else lpad(last::text, 6, '0') end
        as number),
    o as (
      insert into customer_orders (id, tenant_id, number, idempotency_key, channel, location_id,
        customer_name, customer_email, currency, total_minor, reservation_id, created_by,
        saga_attempts, lease_until)
      select ${o.id}, ${o.tenantId}, n.number, ${o.idempotencyKey}, ${o.channel}, ${o.locationId},
        ${o.customerName}, ${o.customerEmail}, ${o.currency}, ${o.totalMinor}, ${o.reservationId},
        ${o.createdBy}, 1, now() + make_interval(secs => ${LEASE_SECONDS})
      from n
      returning number, created_at, updated_at, lease_until),
    l as (
      insert into customer_order_lines (tenant_id, order_id, product_id, listing_id, quantity, unit_price_minor)
      select ${o.tenantId}, ${o.id}, u.p, u.li, u.q, u.price
      from unnest(${sql.param(o.lines.map((l) => l.productId))}::uuid[],
                  ${sql.param(o.lines.map((l) => l.listingId))}::uuid[],
                  ${sql.param(o.lines.map((l) => l.quantity))}::numeric[],
                  ${sql.param(o.lines.map((l) => l.unitPriceMinor))}::bigint[]) with ordinality u(p, li, q, price, n)
      order by u.n
      returning 1),
    pay as (
      insert into payments (tenant_id, order_id, provider, method, amount_minor, currency, card_last4,
        card_token, payer_phone)
      values (${o.tenantId}, ${o.id}, ${o.payment.provider}, ${o.payment.method}, ${o.totalMinor},
        ${o.currency}, ${o.payment.cardLast4}, ${o.payment.cardToken}, ${o.payment.payerPhone})
      returning id, created_at, updated_at),
    log as (
      -- clock_timestamp, as logStep writes it: the timeline keeps its order.
      insert into order_saga_log (tenant_id, order_id, step, outcome, detail, at)
      values (${o.tenantId}, ${o.id}, 'reserve', 'done',
        ${JSON.stringify({ reservation_id: o.reservationId })}::jsonb, clock_timestamp())
      on conflict do nothing
      returning 1)
    select o.number, o.created_at::text as created_at, o.updated_at::text as updated_at,
      o.lease_until::text as lease_until, pay.id as payment_id,
      pay.created_at::text as payment_created_at, pay.updated_at::text as payment_updated_at,
      (select count(*) from l) as lines, (select count(*) from log) as logged
    from o, pay`);
  const r = rows[0];
  if (!r) throw new Error('customer order insert returned nothing');
  const order: Order = {
    id: o.id,
    tenantId: o.tenantId,
    number: r.number,
    idempotencyKey: o.idempotencyKey,
    channel: o.channel,
    locationId: o.locationId,
    status: 'PENDING',
    customerName: o.customerName,
    customerEmail: o.customerEmail,
    currency: o.currency,
    totalMinor: o.totalMinor,
    reservationId: o.reservationId,
    trackingNumber: null,
    sagaStep: 'authorize',
    sagaAttempts: 1,
    leaseUntil: r.lease_until,
    cancelReason: null,
    createdBy: o.createdBy,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  const payment: Payment = {
    id: r.payment_id,
    tenantId: o.tenantId,
    orderId: o.id,
    provider: o.payment.provider,
    method: o.payment.method,
    status: 'PENDING',
    amountMinor: o.totalMinor,
    currency: o.currency,
    externalId: null,
    redirectUrl: null,
    cardLast4: o.payment.cardLast4,
    cardToken: o.payment.cardToken,
    payerPhone: o.payment.payerPhone,
    failureReason: null,
    createdAt: r.payment_created_at,
    updatedAt: r.payment_updated_at,
  };
  return { order, payment };
};

/**
 * What a checkout at a store is priced and held by, in one statement: the tenant's currency and
 * checkout hold, and the published listings of the products there. The settings row is created
 * with its defaults on a tenant's first checkout.
 */
export const checkoutTerms = async (tx: Tx, tenantId: string, locationId: string, productIds: string[]) => {
  const { rows } = await tx.execute<{
    currency: string | null;
    hold_minutes: number | null;
    listings: { id: string; productId: string; currency: string; priceMinor: number }[];
  }>(sql`
    select s.currency, s.checkout_hold_minutes as hold_minutes,
      coalesce((
        select json_agg(json_build_object('id', l.id, 'productId', l.product_id, 'currency', l.currency,
          'priceMinor', l.price_minor))
        from ${listings} l
        where l.tenant_id = ${tenantId} and l.location_id = ${locationId} and l.published
          and l.product_id = any(${sql.param(productIds)}::uuid[])), '[]') as listings
    from (select 1) one left join ${orderSettings} s on s.tenant_id = ${tenantId}`);
  const r = rows[0];
  const settings =
    r?.currency && r.hold_minutes !== null
      ? { currency: r.currency, checkoutHoldMinutes: r.hold_minutes }
      : await settingsOf(tx, tenantId);
  return {
    currency: settings.currency,
    checkoutHoldMinutes: settings.checkoutHoldMinutes,
    listed: (r?.listings ?? []).map((l) => ({ ...l, priceMinor: Number(l.priceMinor) })),
  };
};
