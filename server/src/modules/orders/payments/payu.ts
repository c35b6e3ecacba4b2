import { fromMinor } from '../domain/money.ts';
import type { MoneyRequest, PaymentGateway, WebhookOutcome } from './gateway.ts';
import { callProvider, type ProviderHttp, reasonOf } from './provider-http.ts';
import { invalidWebhook, md5Hex, sameHex, signatureError } from './signatures.ts';

export type PayUOptions = ProviderHttp & {
  apiKey: string;
  apiLogin: string;
  merchantId: string;
  accountId: string;
  checkoutUrl: string;
  apiUrl: string;
};

/**
 * PayU's rule for the confirmation signature's value: one decimal when the second decimal is
 * zero (150.00 → 150.0, 150.10 → 150.1), both decimals otherwise (150.26 → 150.26).
 */
export const payuNewValue = (value: string): string | null => {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, whole = '0', frac = ''] = m;
  const two = frac.padEnd(2, '0');
  return two[1] === '0' ? `${whole}.${two[0]}` : `${whole}.${two}`;
};

/** `state_pol` of the confirmation page. */
const STATE: Record<string, { status: WebhookOutcome['status']; reason?: string }> = {
  '4': { status: 'approved' },
  '5': { status: 'declined', reason: 'expired' },
  '6': { status: 'declined', reason: 'declined' },
  '7': { status: 'pending' },
  '104': { status: 'declined', reason: 'error' },
};

/**
 * The external id once PayU has answered: its order id and transaction id, both of which a
 * refund or void needs. Before the first confirmation it is our reference code.
 */
const splitExternal = (externalId: string) => {
  const [orderId, transactionId] = externalId.split(':');
  return orderId && transactionId ? { orderId, transactionId } : null;
};

/**
 * PayU Latam WebCheckout: the buyer is sent to PayU's page with a signed form; PayU posts the
 * result (form-encoded, MD5-signed) to our confirmation URL.
 */
export const createPayUGateway = (o: PayUOptions): PaymentGateway => {
  const serviceUrl = `${o.apiUrl.replace(/\/+$/, '')}/payments-api/4.0/service.cgi`;

  const submit = (type: 'REFUND' | 'VOID') => async (r: MoneyRequest) => {
    const ids = splitExternal(r.externalId);
    if (!ids) return { ok: false, reason: 'payu_transaction_unknown' };
    const a = await callProvider(
      'payu',
      serviceUrl,
      {
        method: 'POST',
        headers: {},
        body: {
          language: 'es',
          command: 'SUBMIT_TRANSACTION',
          merchant: { apiKey: o.apiKey, apiLogin: o.apiLogin },
          transaction: {
            order: { id: ids.orderId },
            type,
            reason: type === 'REFUND' ? 'Customer order refunded' : 'Customer order cancelled',
            parentTransactionId: ids.transactionId,
            ...(type === 'REFUND'
              ? {
                  additionalValues: {
                    TX_VALUE: { value: Number(fromMinor(r.amountMinor, r.currency)), currency: r.currency },
                  },
                }
              : {}),
          },
          test: false,
        },
      },
      o,
    );
    if (!a.ok) return { ok: false, reason: reasonOf(a) };
    // PayU answers 200 even when it refuses: the verdict is in `code` and the transaction state.
    if (a.body.code !== 'SUCCESS') return { ok: false, reason: reasonOf(a, 'error') };
    const tx = (a.body.transactionResponse ?? {}) as { state?: unknown; responseCode?: unknown };
    if (tx.state === 'APPROVED' || tx.state === 'PENDING') return { ok: true };
    return { ok: false, reason: String(tx.responseCode ?? tx.state ?? 'payu_refused') };
  };

  return {
    provider: 'payu',
    authorize: async (r) => {
      const amount = fromMinor(r.amountMinor, r.currency);
      const referenceCode = r.paymentId;
      const signature = md5Hex(`${o.apiKey}~${o.merchantId}~${referenceCode}~${amount}~${r.currency}`);
      const url = new URL(o.checkoutUrl);
      const params: Record<string, string> = {
        merchantId: o.merchantId,
        accountId: o.accountId,
        description: r.reference,
        referenceCode,
        amount,
        tax: '0',
        taxReturnBase: '0',
        currency: r.currency,
        signature,
        buyerEmail: r.buyer.email,
        buyerFullName: r.buyer.name,
        responseUrl: r.returnUrl,
        confirmationUrl: r.notificationUrl,
      };
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return { status: 'pending', externalId: referenceCode, redirectUrl: url.toString() };
    },
    // WebCheckout authorises and captures in one step.
    capture: async () => ({ ok: true }),
    void: submit('VOID'),
    refund: submit('REFUND'),
    parseWebhook: async (r) => {
      const f = new URLSearchParams(r.rawBody);
      const get = (k: string) => f.get(k) ?? '';
      const [merchantId, reference, value, currency, state, sign, transactionId] = [
        'merchant_id',
        'reference_sale',
        'value',
        'currency',
        'state_pol',
        'sign',
        'transaction_id',
      ].map(get);
      if (!sign) throw signatureError();
      const newValue = payuNewValue(value ?? '');
      if (!merchantId || !reference || !currency || !state || !transactionId || newValue === null)
        throw invalidWebhook(
          'merchant_id, reference_sale, value, currency, state_pol, sign and transaction_id are required.',
        );
      const expected = md5Hex(`${o.apiKey}~${merchantId}~${reference}~${newValue}~${currency}~${state}`);
      if (!sameHex(expected, sign)) throw signatureError();
      if (merchantId !== o.merchantId) throw invalidWebhook(`merchant_id ${merchantId} is not ours.`);
      const mapped = STATE[state];
      if (!mapped) throw invalidWebhook(`Unknown PayU state_pol ${state}.`);
      const orderId = get('reference_pol');
      const message = get('response_message_pol');
      return {
        eventId: `${transactionId}:${state}`,
        externalId: orderId ? `${orderId}:${transactionId}` : transactionId,
        status: mapped.status,
        ...(mapped.reason ? { reason: state === '6' && message ? message : mapped.reason } : {}),
        reference,
      };
    },
  };
};
