import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../platform/db/client.ts';
import { catalogLocations as locations, catalogProducts as products } from '../catalog/index.ts';
import { lineTotal } from './domain/money.ts';
import {
  CUSTOMER_ORDER_STATUSES,
  customerOrderLines,
  type customerOrders,
  PAYMENT_PROVIDERS,
  PAYMENT_STATUSES,
  payments,
  sagaLog,
} from './schema.ts';
import { trim } from './supply.repo.ts';

export const CustomerOrderOut = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(CUSTOMER_ORDER_STATUSES),
  channel: z.enum(['api', 'storefront']),
  store_id: z.string(),
  location_id: z.uuid(),
  customer: z.object({ name: z.string(), email: z.string() }),
  currency: z.string(),
  total_minor: z.number().int(),
  reservation_id: z.uuid().nullable(),
  tracking_number: z.string().nullable(),
  cancel_reason: z.string().nullable(),
  saga_step: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  lines: z.array(
    z.object({
      product_id: z.uuid(),
      sku: z.string(),
      name: z.string(),
      listing_id: z.uuid().nullable(),
      quantity: z.string(),
      unit_price_minor: z.number().int(),
      line_total_minor: z.number().int(),
    }),
  ),
  payment: z
    .object({
      id: z.uuid(),
      provider: z.enum(PAYMENT_PROVIDERS),
      method: z.string(),
      status: z.enum(PAYMENT_STATUSES),
      amount_minor: z.number().int(),
      currency: z.string(),
      card_last4: z.string().nullable(),
      redirect_url: z.string().nullable(),
      failure_reason: z.string().nullable(),
    })
    .nullable(),
  timeline: z.array(
    z.object({
      step: z.string(),
      outcome: z.enum(['done', 'failed', 'compensated']),
      detail: z.record(z.string(), z.unknown()),
      at: z.string(),
    }),
  ),
});
export type CustomerOrderView = z.infer<typeof CustomerOrderOut>;

type OrderRow = typeof customerOrders.$inferSelect;
const iso = (v: string) => new Date(v).toISOString();

/** Orders as the API shows them: lines, payment and (with `timeline`) the saga's steps. */
export const customerOrderViews = async (
  tx: Executor,
  rows: OrderRow[],
  opts: { timeline: boolean },
): Promise<CustomerOrderView[]> => {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const lines = await tx
    .select({ l: customerOrderLines, sku: products.sku, name: products.name })
    .from(customerOrderLines)
    .innerJoin(products, eq(products.id, customerOrderLines.productId))
    .where(inArray(customerOrderLines.orderId, ids))
    .orderBy(asc(customerOrderLines.id));
  const pays = await tx.select().from(payments).where(inArray(payments.orderId, ids));
  const codes = await tx
    .select({ id: locations.id, code: locations.code })
    .from(locations)
    .where(inArray(locations.id, [...new Set(rows.map((r) => r.locationId))]));
  const log = opts.timeline
    ? await tx
        .select()
        .from(sagaLog)
        .where(inArray(sagaLog.orderId, ids))
        .orderBy(asc(sagaLog.at), asc(sagaLog.id))
    : [];
  return rows.map((o) => {
    const pay = pays.find((x) => x.orderId === o.id);
    return {
      id: o.id,
      number: o.number,
      status: o.status,
      channel: o.channel,
      store_id: codes.find((c) => c.id === o.locationId)?.code ?? '',
      location_id: o.locationId,
      customer: { name: o.customerName, email: o.customerEmail },
      currency: o.currency,
      total_minor: o.totalMinor,
      reservation_id: o.reservationId,
      tracking_number: o.trackingNumber,
      cancel_reason: o.cancelReason,
      saga_step: o.sagaStep,
      created_at: iso(o.createdAt),
      updated_at: iso(o.updatedAt),
      lines: lines
        .filter((x) => x.l.orderId === o.id)
        .map((x) => ({
          product_id: x.l.productId,
          sku: x.sku,
          name: x.name,
          listing_id: x.l.listingId,
          quantity: trim(x.l.quantity),
          unit_price_minor: x.l.unitPriceMinor,
          line_total_minor: lineTotal(x.l.quantity, x.l.unitPriceMinor),
        })),
      payment: pay
        ? {
            id: pay.id,
            provider: pay.provider,
            method: pay.method,
            status: pay.status,
            amount_minor: pay.amountMinor,
            currency: pay.currency,
            card_last4: pay.cardLast4,
            redirect_url: pay.redirectUrl,
            failure_reason: pay.failureReason,
          }
        : null,
      timeline: log
        .filter((x) => x.orderId === o.id)
        .map((x) => ({ step: x.step, outcome: x.outcome, detail: x.detail, at: iso(x.at) })),
    };
  });
};
