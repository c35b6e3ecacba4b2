import { and, eq } from 'drizzle-orm';
import { DomainError } from '../../platform/domain/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import type { WebhookRequest } from './payments/gateway.ts';
import type { Gateways } from './payments/registry.ts';
import type { createSandboxGateway } from './payments/sandbox.ts';
import type { Saga } from './saga.ts';
import { customerOrders, type PaymentProvider, payments, paymentWebhookEvents } from './schema.ts';

/**
 * A provider's notification about a payment: verified by the provider's signature, handled once
 * per provider event id (a redelivery is answered but changes nothing), then the saga goes on.
 */
export const createWebhookHandler =
  (p: Platform, gateways: Gateways, saga: Saga) =>
  async (provider: PaymentProvider, tenantId: string, req: WebhookRequest) => {
    const gateway = gateways.get(provider);
    if (!gateway) throw new DomainError('orders.provider_not_configured');
    const outcome = await gateway.parseWebhook(req);
    const handled = await p.uow.forTenant(tenantId, async (tx) => {
      const byRef =
        outcome.reference && isUuid(outcome.reference)
          ? await tx
              .select()
              .from(payments)
              .where(and(eq(payments.id, outcome.reference), eq(payments.provider, provider)))
          : [];
      const [pay] = byRef.length
        ? byRef
        : await tx
            .select()
            .from(payments)
            .where(and(eq(payments.provider, provider), eq(payments.externalId, outcome.externalId)));
      const inserted = await tx
        .insert(paymentWebhookEvents)
        .values({
          tenantId,
          provider,
          eventId: outcome.eventId,
          paymentId: pay?.id ?? null,
          payload: {
            status: outcome.status,
            external_id: outcome.externalId,
            reason: outcome.reason ?? null,
          },
        })
        .onConflictDoNothing()
        .returning({ id: paymentWebhookEvents.id });
      if (inserted.length === 0) return { duplicate: true, orderId: null };
      if (!pay) return { duplicate: false, orderId: null };
      if (pay.externalId !== outcome.externalId)
        await tx.update(payments).set({ externalId: outcome.externalId }).where(eq(payments.id, pay.id));
      const [order] = await tx.select().from(customerOrders).where(eq(customerOrders.id, pay.orderId));
      if (order && order.sagaStep === 'await_payment' && outcome.status !== 'pending')
        await saga.settlePending(tx, order, pay.id, outcome.status, outcome.reason);
      return { duplicate: false, orderId: pay.orderId };
    });
    if (handled.orderId) await saga.advance(tenantId, handled.orderId);
    return { received: true, duplicate: handled.duplicate };
  };

export type WebhookHandler = ReturnType<typeof createWebhookHandler>;

/**
 * Sandbox only: the buyer answers the 3-D Secure challenge of a sandbox payment, and the
 * sandbox's signed notification goes through the same handler a real provider's would.
 */
export const createSandboxChallenge =
  (p: Platform, sandbox: ReturnType<typeof createSandboxGateway>, handle: WebhookHandler) =>
  async (tenantId: string, paymentId: string, outcome: 'approved' | 'declined') => {
    const [pay] = await p.uow.forTenant(tenantId, (tx) =>
      tx
        .select()
        .from(payments)
        .where(and(eq(payments.id, paymentId), eq(payments.provider, 'sandbox'))),
    );
    if (!pay?.externalId) throw new DomainError('orders.payment_not_found');
    const hook = await sandbox.completeChallenge(tenantId, pay.externalId, outcome);
    return handle('sandbox', tenantId, {
      headers: hook.headers,
      query: {},
      rawBody: hook.rawBody,
      body: JSON.parse(hook.rawBody),
    });
  };

export type SandboxChallenge = ReturnType<typeof createSandboxChallenge>;
