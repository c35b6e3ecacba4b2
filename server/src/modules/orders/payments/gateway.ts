import type { PaymentProvider } from '../schema.ts';

/** What the saga asks a gateway to authorise: amounts in minor units with their currency. */
export type AuthorizeRequest = {
  tenantId: string;
  paymentId: string;
  /** The order number the buyer sees (the provider's external reference). */
  reference: string;
  amountMinor: number;
  currency: string;
  method: string;
  cardNumber?: string | undefined;
  /** Wallet push payments: the buyer's phone, where the provider sends the approval request. */
  phone?: string | undefined;
  buyer: { name: string; email: string };
  /** The same key for every retry of this one call: the provider answers it once. */
  idempotencyKey: string;
  /** Where the provider posts its webhook for this payment. */
  notificationUrl: string;
  /** Redirect flows: where the buyer comes back to after paying. */
  returnUrl: string;
};

export type AuthorizeResult =
  | { status: 'approved'; externalId: string; cardLast4?: string | undefined }
  | { status: 'declined'; externalId: string | null; reason: string; cardLast4?: string | undefined }
  /** The answer comes later through a webhook (3-D Secure, a redirect to the provider, a push to a wallet). */
  | {
      status: 'pending';
      externalId: string;
      redirectUrl?: string | undefined;
      cardLast4?: string | undefined;
    };

export type MoneyRequest = {
  tenantId: string;
  externalId: string;
  amountMinor: number;
  currency: string;
  idempotencyKey: string;
};

/** What a verified webhook says about one payment. */
export type WebhookOutcome = {
  /** The provider's id of this notification: a redelivery carries the same one. */
  eventId: string;
  externalId: string;
  status: 'approved' | 'declined' | 'pending';
  reason?: string | undefined;
  /** Our payment id, when the provider echoes it back (looked up before the external id). */
  reference?: string | undefined;
};

export type WebhookRequest = {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | undefined>;
  /** The body exactly as received (signatures are over bytes, not over re-serialised JSON). */
  rawBody: string;
  body: unknown;
};

/**
 * A payment provider. Calls are made outside any database transaction and must be safe to
 * repeat with the same idempotency key (the saga retries after a crash).
 */
export type PaymentGateway = {
  provider: PaymentProvider;
  authorize: (r: AuthorizeRequest) => Promise<AuthorizeResult>;
  capture: (r: MoneyRequest) => Promise<{ ok: boolean; reason?: string }>;
  /** Releases an authorisation that was never captured. */
  void: (r: MoneyRequest) => Promise<{ ok: boolean; reason?: string }>;
  refund: (r: MoneyRequest) => Promise<{ ok: boolean; reason?: string }>;
  /** Checks the signature and reads the notification; throws `orders.webhook_signature` when it does not verify. */
  parseWebhook: (r: WebhookRequest) => Promise<WebhookOutcome>;
};
