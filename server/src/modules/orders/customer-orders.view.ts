import { sql } from 'drizzle-orm';
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
  // Lines, payment, store code and (with `timeline`) the saga's steps of every order, in one
  // statement: one round trip whatever the number of orders.
  const { rows: parts } = await tx.execute<{
    id: string;
    code: string | null;
    lines: {
      id: string;
      product_id: string;
      sku: string;
      name: string;
      listing_id: string | null;
      quantity: string;
      unit_price_minor: number;
    }[];
    payment: {
      id: string;
      provider: (typeof PAYMENT_PROVIDERS)[number];
      method: string;
      status: (typeof PAYMENT_STATUSES)[number];
      amount_minor: number;
      currency: string;
      card_last4: string | null;
      redirect_url: string | null;
      failure_reason: string | null;
    } | null;
    log: {
      step: string;
      outcome: 'done' | 'failed' | 'compensated';
      detail: Record<string, unknown>;
      at: string;
    }[];
  }>(sql`
    select u.id, u.location_id,
      (select ${locations.code} from ${locations} where ${locations.id} = u.location_id) as code,
      coalesce((
        select json_agg(json_build_object('id', l.id, 'product_id', l.product_id, 'sku', p.sku,
          'name', p.name, 'listing_id', l.listing_id, 'quantity', l.quantity::text,
          'unit_price_minor', l.unit_price_minor) order by l.id)
        from ${customerOrderLines} l join ${products} p on p.id = l.product_id
        where l.order_id = u.id), '[]') as lines,
      (select json_build_object('id', y.id, 'provider', y.provider, 'method', y.method, 'status', y.status,
          'amount_minor', y.amount_minor, 'currency', y.currency, 'card_last4', y.card_last4,
          'redirect_url', y.redirect_url, 'failure_reason', y.failure_reason)
        from ${payments} y where y.order_id = u.id limit 1) as payment,
      ${
        opts.timeline
          ? sql`coalesce((
        select json_agg(json_build_object('step', s.step, 'outcome', s.outcome, 'detail', s.detail, 'at', s.at)
          order by s.at, s.id)
        from ${sagaLog} s where s.order_id = u.id), '[]')`
          : sql`'[]'::json`
      } as log
    from unnest(${sql.param(rows.map((r) => r.id))}::uuid[], ${sql.param(rows.map((r) => r.locationId))}::uuid[])
      u(id, location_id)`);
  const byId = new Map(parts.map((x) => [x.id, x]));
  return rows.map((o) => {
    const x = byId.get(o.id);
    const pay = x?.payment ?? null;
    return {
      id: o.id,
      number: o.number,
      status: o.status,
      channel: o.channel,
      store_id: x?.code ?? '',
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
      lines: (x?.lines ?? []).map((l) => ({
        product_id: l.product_id,
        sku: l.sku,
        name: l.name,
        listing_id: l.listing_id,
        quantity: trim(l.quantity),
        unit_price_minor: Number(l.unit_price_minor),
        line_total_minor: lineTotal(l.quantity, Number(l.unit_price_minor)),
      })),
      payment: pay
        ? {
            id: pay.id,
            provider: pay.provider,
            method: pay.method,
            status: pay.status,
            amount_minor: Number(pay.amount_minor),
            currency: pay.currency,
            card_last4: pay.card_last4,
            redirect_url: pay.redirect_url,
            failure_reason: pay.failure_reason,
          }
        : null,
      timeline: (x?.log ?? []).map((e) => ({
        step: e.step,
        outcome: e.outcome,
        detail: e.detail,
        at: iso(e.at),
      })),
    };
  });
};
