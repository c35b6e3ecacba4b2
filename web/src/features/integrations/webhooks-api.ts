import { z } from 'zod';
import type { Json } from '../../api/queries.ts';

export type Webhook = Json<'/api/v1/webhooks/{id}', 'get'>;
/** What create and rotate answer: the subscription and its secret, the only time it is shown. */
export type WebhookWithSecret = Json<'/api/v1/webhooks/{id}/rotate-secret', 'post'>;
export type Delivery = Json<'/api/v1/webhooks/{id}/deliveries', 'get'>['data'][number];
export type DeliveryStatus = Delivery['status'];
export type Attempt = Delivery['log'][number];

// The server's EVENT_PATTERN: an event type, a prefix ending in `.*`, or `*`.
const EVENT = /^(\*|[a-z]+(\.[a-z_]+)*(\.\*)?)$/;

/** The events textarea, one per line; blank lines are dropped and repeats kept once. */
export const eventLines = z
  .string()
  .transform((v) => [
    ...new Set(
      v
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ])
  .refine((list) => list.length > 0, { message: 'validation.required' })
  .refine((list) => list.length <= 50, { message: 'webhooks.events_too_many' })
  .refine((list) => list.every((e) => e.length <= 100 && EVENT.test(e)), {
    message: 'webhooks.events_invalid',
  });

/** While a delivery waits or will be retried its row moves; a settled log has nothing to poll for. */
export const unsettled = (d: Delivery) => d.status === 'pending' || d.status === 'failed';
