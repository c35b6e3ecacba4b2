import type { CustomerOrderStatus, PaymentStatus } from '../schema.ts';

/**
 * The customer order saga (seed 002: order → stock reserved → payment → fulfilment → shipped).
 * `saga_step` on the order is the next thing to do:
 * - `authorize`: ask the gateway (outside any transaction; the reservation holds the stock);
 * - `await_payment`: the gateway answers later, by webhook (or the payment times out);
 * - `confirm`: keep the stock for fulfilment, capture, confirm;
 * - `wait_fulfilment`: people pick, pack and ship; delivery ends it;
 * - `compensate`: give the money back (void or refund) and the stock back, then cancel;
 * - `done`.
 * A worker runs only the active steps; a crash leaves the step in place for the resume job.
 */
export const SAGA_STEPS = [
  'authorize',
  'await_payment',
  'confirm',
  'wait_fulfilment',
  'compensate',
  'done',
] as const;
export type SagaStep = (typeof SAGA_STEPS)[number];
export const ACTIVE_STEPS: readonly SagaStep[] = ['authorize', 'confirm', 'compensate'];

export type AuthorizeOutcome = 'approved' | 'declined' | 'pending' | 'error';

/** Attempts at a gateway call before the saga gives up and compensates. */
export const MAX_ATTEMPTS = 5;

/** Where the saga goes after an authorisation answer (or a failure to get one). */
export const afterAuthorize = (
  outcome: AuthorizeOutcome,
  attempts: number,
): { step: SagaStep; status?: CustomerOrderStatus; payment?: PaymentStatus; reason?: string } => {
  switch (outcome) {
    case 'approved':
      return { step: 'confirm', payment: 'AUTHORIZED' };
    case 'declined':
      return { step: 'compensate', payment: 'DECLINED', reason: 'payment_declined' };
    case 'pending':
      return { step: 'await_payment', status: 'PAYMENT_PENDING', payment: 'PENDING' };
    case 'error':
      return attempts >= MAX_ATTEMPTS
        ? { step: 'compensate', payment: 'FAILED', reason: 'payment_unavailable' }
        : { step: 'authorize' };
    default: {
      const never: never = outcome;
      throw new Error(`unknown outcome ${String(never)}`);
    }
  }
};

/** What giving the money back takes, from what the gateway holds. */
export const moneyCompensation = (payment: PaymentStatus | null): 'refund' | 'void' | 'none' => {
  if (payment === 'CAPTURED') return 'refund';
  if (payment === 'AUTHORIZED' || payment === 'PENDING') return 'void';
  return 'none';
};

export const FULFILMENT = {
  pick: { from: ['CONFIRMED'], to: 'PICKED' },
  pack: { from: ['PICKED'], to: 'PACKED' },
  ship: { from: ['CONFIRMED', 'PICKED', 'PACKED'], to: 'SHIPPED' },
  deliver: { from: ['SHIPPED'], to: 'DELIVERED' },
} as const satisfies Record<string, { from: CustomerOrderStatus[]; to: CustomerOrderStatus }>;
export type FulfilmentAction = keyof typeof FULFILMENT;

const RANK: Record<CustomerOrderStatus, number> = {
  PENDING: 0,
  PAYMENT_PENDING: 1,
  CONFIRMED: 2,
  PICKED: 3,
  PACKED: 4,
  SHIPPED: 5,
  DELIVERED: 6,
  CANCELLED: 7,
};

/**
 * A fulfilment action on an order in `status`: 'apply', 'already' (a retry of an action that
 * happened: answer with the order as it is), or 'refuse'.
 */
export const fulfilmentDecision = (action: FulfilmentAction, status: CustomerOrderStatus) => {
  const rule = FULFILMENT[action];
  if ((rule.from as readonly CustomerOrderStatus[]).includes(status)) return 'apply' as const;
  if (status !== 'CANCELLED' && RANK[status] >= RANK[rule.to]) return 'already' as const;
  return 'refuse' as const;
};

/** Until it ships, an order can be cancelled; after capture that means a refund. */
export const CANCELLABLE: readonly CustomerOrderStatus[] = [
  'PENDING',
  'PAYMENT_PENDING',
  'CONFIRMED',
  'PICKED',
  'PACKED',
];
