import { fromMinor } from '../domain/money.ts';
import type { PaymentGateway, WebhookOutcome } from './gateway.ts';
import { callProvider, type ProviderHttp, reasonOf } from './provider-http.ts';
import { header, hmacSha256Hex, invalidWebhook, sameHex, signatureError } from './signatures.ts';

export type MercadoPagoOptions = ProviderHttp & {
  accessToken: string;
  webhookSecret: string;
  apiUrl: string;
};

/** Payment statuses of Mercado Pago, as our webhook outcome (the documented list). */
const STATUS: Record<string, WebhookOutcome['status']> = {
  approved: 'approved',
  authorized: 'pending',
  pending: 'pending',
  in_process: 'pending',
  in_mediation: 'pending',
  rejected: 'declined',
  cancelled: 'declined',
  refunded: 'declined',
  charged_back: 'declined',
};

/** `ts=…,v1=…` → its parts. */
const signatureParts = (value: string | undefined) => {
  const parts = new Map<string, string>();
  for (const piece of (value ?? '').split(',')) {
    const at = piece.indexOf('=');
    if (at > 0) parts.set(piece.slice(0, at).trim(), piece.slice(at + 1).trim());
  }
  return { ts: parts.get('ts'), v1: parts.get('v1') };
};

/**
 * The manifest Mercado Pago signs: the notification's data.id (lower-cased when alphanumeric),
 * the x-request-id and the timestamp; a value the notification lacks is left out.
 */
export const mercadoPagoManifest = (dataId: string, requestId: string | undefined, ts: string) => {
  const id = /^[a-z0-9]+$/i.test(dataId) ? dataId.toLowerCase() : dataId;
  return `id:${id};${requestId ? `request-id:${requestId};` : ''}ts:${ts};`;
};

/**
 * Mercado Pago Checkout Pro: a preference the buyer pays on Mercado Pago's page; the answer
 * comes by webhook, and the payment's status is read back from the API, never from the webhook.
 */
export const createMercadoPagoGateway = (o: MercadoPagoOptions): PaymentGateway => {
  const api = o.apiUrl.replace(/\/+$/, '');
  const headers = (idempotencyKey?: string) => ({
    authorization: `Bearer ${o.accessToken}`,
    ...(idempotencyKey ? { 'x-idempotency-key': idempotencyKey } : {}),
  });
  const paymentPath = (id: string) => `${api}/v1/payments/${encodeURIComponent(id)}`;

  return {
    provider: 'mercadopago',
    authorize: async (r) => {
      const a = await callProvider(
        'mercadopago',
        `${api}/checkout/preferences`,
        {
          method: 'POST',
          headers: headers(r.idempotencyKey),
          body: {
            items: [
              {
                title: r.reference,
                quantity: 1,
                unit_price: Number(fromMinor(r.amountMinor, r.currency)),
                currency_id: r.currency,
              },
            ],
            payer: { name: r.buyer.name, email: r.buyer.email },
            external_reference: r.paymentId,
            notification_url: r.notificationUrl,
            back_urls: { success: r.returnUrl, pending: r.returnUrl, failure: r.returnUrl },
            auto_return: 'approved',
          },
        },
        o,
      );
      if (!a.ok) return { status: 'declined', externalId: null, reason: reasonOf(a) };
      const { id, init_point: initPoint } = a.body;
      if (typeof id !== 'string' || typeof initPoint !== 'string')
        throw new Error('mercadopago: the preference came back without id or init_point');
      return { status: 'pending', externalId: id, redirectUrl: initPoint };
    },
    // Checkout Pro captures when the buyer pays.
    capture: async () => ({ ok: true }),
    void: async (r) => {
      const a = await callProvider(
        'mercadopago',
        paymentPath(r.externalId),
        { method: 'PUT', headers: headers(r.idempotencyKey), body: { status: 'cancelled' } },
        o,
      );
      return a.ok ? { ok: true } : { ok: false, reason: reasonOf(a) };
    },
    refund: async (r) => {
      const a = await callProvider(
        'mercadopago',
        `${paymentPath(r.externalId)}/refunds`,
        {
          method: 'POST',
          headers: headers(r.idempotencyKey),
          body: { amount: Number(fromMinor(r.amountMinor, r.currency)) },
        },
        o,
      );
      return a.ok ? { ok: true } : { ok: false, reason: reasonOf(a) };
    },
    parseWebhook: async (r) => {
      const body = (r.body ?? {}) as { type?: unknown; data?: { id?: unknown } };
      const type = r.query.type ?? body.type;
      const fromQuery = r.query['data.id'];
      const fromBody = body.data?.id === undefined ? undefined : String(body.data.id);
      const dataId = fromQuery ?? fromBody;
      if (type !== 'payment')
        throw invalidWebhook(`Only payment notifications are read (got ${String(type)}).`);
      if (!dataId || !/^[\w-]{1,64}$/.test(dataId) || (fromQuery && fromBody && fromQuery !== fromBody))
        throw invalidWebhook('data.id is missing or not valid.');

      const { ts, v1 } = signatureParts(header(r.headers, 'x-signature'));
      if (!ts || !v1) throw signatureError();
      const manifest = mercadoPagoManifest(dataId, header(r.headers, 'x-request-id'), ts);
      if (!sameHex(hmacSha256Hex(o.webhookSecret, manifest), v1)) throw signatureError();

      // The notification only names the payment; its status is what the API says now.
      const a = await callProvider(
        'mercadopago',
        paymentPath(dataId),
        { method: 'GET', headers: headers() },
        o,
      );
      if (!a.ok) throw invalidWebhook(`Mercado Pago does not know payment ${dataId} (${a.status}).`);
      const status = typeof a.body.status === 'string' ? a.body.status : '';
      const outcome = STATUS[status];
      if (!outcome) throw invalidWebhook(`Unknown Mercado Pago payment status ${JSON.stringify(status)}.`);
      const detail = typeof a.body.status_detail === 'string' ? a.body.status_detail : undefined;
      const reference = a.body.external_reference;
      return {
        eventId: `${dataId}:${status}`,
        externalId: String(a.body.id ?? dataId),
        status: outcome,
        ...(outcome === 'declined' ? { reason: detail ? `${status}:${detail}` : status } : {}),
        ...(typeof reference === 'string' && reference ? { reference } : {}),
      };
    },
  };
};
