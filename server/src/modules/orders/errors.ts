import type { ErrorCatalog } from '../../platform/domain/errors.ts';

export const ordersErrors = {
  'orders.order_not_found': { kind: 'not_found', title: 'Order not found' },
  'orders.invalid_order': { kind: 'invalid', title: 'The order is not valid' },
  'orders.invalid_transition': { kind: 'conflict', title: 'The order cannot move to that status' },
  'orders.not_receivable': { kind: 'conflict', title: 'The order is not open for receipts' },
  'orders.over_receipt': {
    kind: 'unprocessable',
    title: 'The receipt is above the open quantity and its tolerance',
  },
  'orders.not_editable': { kind: 'conflict', title: 'Only a draft order can be edited' },
  'orders.not_pending_approval': { kind: 'conflict', title: 'The order is not waiting for approval' },
  'orders.self_approval': { kind: 'forbidden', title: 'Approve someone else’s order, not your own' },
  'orders.shortage': { kind: 'conflict', title: 'Components are short for this production order' },
  'orders.reorder_policy_not_found': { kind: 'not_found', title: 'Reorder policy not found' },
  'orders.reorder_policy_exists': {
    kind: 'conflict',
    title: 'This product already has a reorder policy at this location',
  },
  'orders.product_buffered': {
    kind: 'conflict',
    title: 'This product is buffered: DDMRP plans it, not a reorder point',
  },
  'orders.wrong_kind': { kind: 'conflict', title: 'This action is for another kind of order' },
  'orders.insufficient_stock': { kind: 'conflict', title: 'Not enough stock at the source to ship' },
  'orders.no_in_transit_location': {
    kind: 'conflict',
    title: 'Create a location of type in_transit to ship transfer orders',
  },
  'orders.customer_order_not_found': { kind: 'not_found', title: 'Customer order not found' },
  'orders.customer_order_closed': { kind: 'conflict', title: 'The customer order cannot do that now' },
  'orders.no_price': { kind: 'unprocessable', title: 'A product has no price to sell it at' },
  'orders.payment_not_found': { kind: 'not_found', title: 'Payment not found' },
  'orders.webhook_signature': { kind: 'unauthenticated', title: 'The webhook signature is not valid' },
  'orders.webhook_invalid': { kind: 'invalid', title: 'The webhook payload is not valid' },
  'orders.provider_not_configured': {
    kind: 'unprocessable',
    title: 'This payment provider is not configured for the tenant',
  },
  'orders.listing_not_found': { kind: 'not_found', title: 'Listing not found' },
  'orders.listing_exists': { kind: 'conflict', title: 'This product is already listed at this store' },
  'orders.shop_not_found': { kind: 'not_found', title: 'Shop not found' },
  'orders.customer_not_found': { kind: 'not_found', title: 'Customer not found' },
  'orders.customer_code_taken': { kind: 'conflict', title: 'Another customer already has this code' },
} as const satisfies ErrorCatalog;

declare module '../../platform/domain/errors.ts' {
  interface ErrorCodes extends Record<keyof typeof ordersErrors, true> {}
}
