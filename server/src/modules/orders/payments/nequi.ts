import { fromMinor } from '../domain/money.ts';
import type { MoneyRequest, PaymentGateway, WebhookOutcome } from './gateway.ts';
import { callProvider, type ProviderHttp, reasonOf } from './provider-http.ts';
import { header, hmacSha256Hex, invalidWebhook, sameHex, signatureError } from './signatures.ts';

export type NequiOptions = ProviderHttp & {
  apiUrl: string;
  apiKey: string;
  webhookSecret: string;
};

export const NEQUI_SIGNATURE_HEADER = 'x-nequi-signature';

const STATUS: Record<string, { status: WebhookOutcome['status']; reason?: string }> = {
  APPROVED: { status: 'approved' },
  DECLINED: { status: 'declined', reason: 'declined' },
  EXPIRED: { status: 'declined', reason: 'expired' },
};

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/**
 * A wallet push payment: the wallet asks the buyer, on their phone, to approve the charge;
 * the answer comes by a webhook signed with HMAC-SHA256 over the raw body.
 */
export const createNequiGateway = (o: NequiOptions): PaymentGateway => {
  const api = o.apiUrl.replace(/\/+$/, '');
  const headers = (idempotencyKey: string) => ({ 'x-api-key': o.apiKey, 'idempotency-key': idempotencyKey });
  const paymentPath = (id: string) => `${api}/payments/${encodeURIComponent(id)}`;

  const money = (action: 'refunds' | 'cancel') => async (r: MoneyRequest) => {
    const a = await callProvider(
      'nequi',
      `${paymentPath(r.externalId)}/${action}`,
      {
        method: 'POST',
        headers: headers(r.idempotencyKey),
        body:
          action === 'refunds' ? { amount: fromMinor(r.amountMinor, r.currency), currency: r.currency } : {},
      },
      o,
    );
    return a.ok ? { ok: true } : { ok: false, reason: reasonOf(a) };
  };

  return {
    provider: 'nequi',
    authorize: async (r) => {
      const phone = (r.phone ?? '').replace(/[\s-]/g, '');
      if (!phone) return { status: 'declined', externalId: null, reason: 'phone_required' };
      const a = await callProvider(
        'nequi',
        `${api}/payments`,
        {
          method: 'POST',
          headers: headers(r.idempotencyKey),
          body: {
            phone_number: phone,
            amount: fromMinor(r.amountMinor, r.currency),
            currency: r.currency,
            // Our payment id: the webhook echoes it back and the payment is found by it.
            reference: r.paymentId,
            description: r.reference,
            callback_url: r.notificationUrl,
          },
        },
        o,
      );
      if (!a.ok) return { status: 'declined', externalId: null, reason: reasonOf(a) };
      const id = text(a.body.transaction_id);
      if (!id) throw new Error('nequi: the payment came back without a transaction_id');
      if (a.body.status === 'APPROVED') return { status: 'approved', externalId: id };
      if (a.body.status === 'DECLINED')
        return { status: 'declined', externalId: id, reason: reasonOf(a, 'reason') };
      return { status: 'pending', externalId: id };
    },
    // The buyer's approval moves the money: there is nothing to capture.
    capture: async () => ({ ok: true }),
    void: money('cancel'),
    refund: money('refunds'),
    parseWebhook: async (r) => {
      const sig = header(r.headers, NEQUI_SIGNATURE_HEADER) ?? '';
      const received = sig.startsWith('sha256=') ? sig.slice('sha256='.length) : undefined;
      if (!sameHex(hmacSha256Hex(o.webhookSecret, r.rawBody), received)) throw signatureError();
      // Read the bytes that were signed, not a re-parsed copy of them.
      let b: Record<string, unknown>;
      try {
        b = JSON.parse(r.rawBody) as Record<string, unknown>;
      } catch {
        throw invalidWebhook('The body is not JSON.');
      }
      const eventId = text(b?.event_id);
      const externalId = text(b?.transaction_id);
      const mapped = STATUS[String(b?.status)];
      if (!eventId || !externalId || !mapped)
        throw invalidWebhook(
          'event_id, transaction_id and status (APPROVED, DECLINED, EXPIRED) are required.',
        );
      const reference = text(b.reference);
      return {
        eventId,
        externalId,
        status: mapped.status,
        ...(mapped.reason ? { reason: mapped.reason } : {}),
        ...(reference ? { reference } : {}),
      };
    },
  };
};
