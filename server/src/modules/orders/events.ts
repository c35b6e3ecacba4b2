import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';
import { CUSTOMER_ORDER_STATUSES, CUSTOMER_SOURCES, SUPPLY_KINDS, SUPPLY_STATUSES } from './schema.ts';

/** A supply order's open quantity changed: planning refreshes the net flow of its products. */
const Supply = z.object({
  number: z.string(),
  kind: z.enum(SUPPLY_KINDS),
  status: z.enum(SUPPLY_STATUSES),
  location_id: z.string(),
  product_ids: z.array(z.string()),
});

const Customer = z.object({
  number: z.string(),
  status: z.enum(CUSTOMER_ORDER_STATUSES),
  store_id: z.string(),
  total_minor: z.number().int(),
  currency: z.string(),
  product_ids: z.array(z.string()),
  reason: z.string().nullable().optional(),
});

/**
 * A customer of the master changed. No name, email or phone: order readers and webhooks see
 * that it changed, and whoever may read customers asks for the rest.
 */
const CustomerMaster = z.object({
  code: z.string().nullable(),
  active: z.boolean(),
  source: z.enum(CUSTOMER_SOURCES),
  fields: z.array(z.string()),
});

export const ordersEvents = {
  purchaseCreated: defineEvent('orders.purchase.created', 1, Supply),
  productionCreated: defineEvent('orders.production.created', 1, Supply),
  transferCreated: defineEvent('orders.transfer.created', 1, Supply),
  /** Any later change of a supply order: status, approval, receipt, cancellation. */
  supplyChanged: defineEvent('orders.supply.changed', 1, Supply),
  /** Past the promised date and not yet in (seed 000's late-supply synchronization alert). */
  supplyDelayed: defineEvent(
    'orders.supply.delayed',
    1,
    Supply.extend({ due_date: z.string(), days_late: z.number().int() }),
  ),
  /** A production order lacks components at its location (the shortage check). */
  materialShortage: defineEvent(
    'orders.production.shortage',
    1,
    Supply.extend({
      shortages: z.array(z.object({ product_id: z.string(), required: z.string(), available: z.string() })),
    }),
  ),
  customerCreated: defineEvent('orders.customer.created', 1, Customer),
  customerPaid: defineEvent('orders.customer.paid', 1, Customer),
  customerConfirmed: defineEvent('orders.customer.confirmed', 1, Customer),
  customerShipped: defineEvent('orders.customer.shipped', 1, Customer),
  customerDelivered: defineEvent('orders.customer.delivered', 1, Customer),
  customerCancelled: defineEvent('orders.customer.cancelled', 1, Customer),
  // `orders.customer.*` already names customer orders; the master's records have their own type.
  customerRecordCreated: defineEvent('orders.customer_master.created', 1, CustomerMaster),
  customerRecordUpdated: defineEvent('orders.customer_master.updated', 1, CustomerMaster),
};
