import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DomainError, type ErrorCode } from '../../../platform/domain/errors.ts';
import type { AuthorizeRequest, WebhookRequest } from './gateway.ts';
import { createPayUGateway, payuNewValue } from './payu.ts';

type Seen = { method: string; path: string; headers: IncomingHttpHeaders; json: Record<string, unknown> };
let seen: Seen[] = [];
let answer: (s: Seen) => { status: number; body?: unknown } = () => ({ status: 200, body: {} });

/** PayU's payments API (service.cgi), as far as refunds and voids use it. */
const server = createServer(async (req, res) => {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const s = {
    method: req.method ?? '',
    path: req.url ?? '',
    headers: req.headers,
    json: raw ? JSON.parse(raw) : {},
  };
  seen.push(s);
  const a = answer(s);
  res.writeHead(a.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(a.body ?? {}));
});
let apiUrl = '';
before(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((ok) => server.close(() => ok())));
beforeEach(() => {
  seen = [];
});

const API_KEY = '4Vj8eK4rloUd272L48hsrarnUA';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const gateway = (apiKey = API_KEY) =>
  createPayUGateway({
    apiKey,
    apiLogin: 'pRRXKOl8ikMmt9u',
    merchantId: '508029',
    accountId: '512321',
    checkoutUrl: 'https://sandbox.checkout.payulatam.com/ppp-web-gateway-payu/',
    apiUrl,
  });

const request: AuthorizeRequest = {
  tenantId: 't1',
  paymentId: 'pay-1',
  reference: 'SO-000042',
  amountMinor: 15_000_000,
  currency: 'COP',
  method: 'payu',
  buyer: { name: 'Ana Buyer', email: 'ana@example.com' },
  idempotencyKey: 'idem-1',
  notificationUrl: 'https://flujo.example/api/v1/payments/webhooks/payu/t1',
  returnUrl: 'https://flujo.example/orders/SO-000042',
};

/** A confirmation as PayU posts it: form-encoded, signed with the new_value rule. */
const confirmation = (fields: Record<string, string>, apiKey = API_KEY): WebhookRequest => {
  const f = {
    merchant_id: '508029',
    reference_sale: 'pay-1',
    value: '150000.00',
    currency: 'COP',
    state_pol: '4',
    transaction_id: 'b1a7c1c9-5a9b-4f61-9d43-1d2f5e4e7a10',
    reference_pol: '844171012',
    ...fields,
  };
  const sign = md5(
    `${apiKey}~${f.merchant_id}~${f.reference_sale}~${payuNewValue(f.value)}~${f.currency}~${f.state_pol}`,
  );
  const rawBody = new URLSearchParams({ ...f, sign }).toString();
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, query: {}, rawBody, body: {} };
};

const isCode = (code: ErrorCode) => (e: unknown) => e instanceof DomainError && e.code === code;

describe('PayU new_value for the confirmation signature', () => {
  const cases: [string, string | null][] = [
    ['150.00', '150.0'],
    ['150.26', '150.26'],
    ['150.20', '150.2'],
    ['150.2', '150.2'],
    ['150.01', '150.01'],
    ['150', '150.0'],
    ['0.50', '0.5'],
    ['1500000.00', '1500000.0'],
    ['abc', null],
    ['150.123', null],
    ['', null],
  ];
  for (const [value, expected] of cases)
    test(`${JSON.stringify(value)} signs as ${JSON.stringify(expected)}`, () => {
      assert.equal(payuNewValue(value), expected);
    });
});

describe('PayU authorize', () => {
  test('builds the signed WebCheckout URL without calling PayU', async () => {
    const r = await gateway().authorize(request);
    assert.equal(r.status, 'pending');
    assert.equal(r.externalId, 'pay-1');
    assert.ok(r.status === 'pending' && r.redirectUrl);
    const url = new URL(r.redirectUrl);
    assert.equal(
      `${url.origin}${url.pathname}`,
      'https://sandbox.checkout.payulatam.com/ppp-web-gateway-payu/',
    );
    const q = Object.fromEntries(url.searchParams);
    assert.equal(q.merchantId, '508029');
    assert.equal(q.accountId, '512321');
    assert.equal(q.description, 'SO-000042');
    assert.equal(q.referenceCode, 'pay-1');
    assert.equal(q.amount, '150000.00');
    assert.equal(q.tax, '0');
    assert.equal(q.taxReturnBase, '0');
    assert.equal(q.currency, 'COP');
    assert.equal(q.signature, md5(`${API_KEY}~508029~pay-1~150000.00~COP`));
    assert.equal(q.buyerEmail, 'ana@example.com');
    assert.equal(q.responseUrl, request.returnUrl);
    assert.equal(q.confirmationUrl, request.notificationUrl);
    assert.equal(seen.length, 0);
  });
});

describe('PayU confirmation', () => {
  test('an approved confirmation names the transaction and our payment', async () => {
    const out = await gateway().parseWebhook(confirmation({}));
    assert.deepEqual(out, {
      eventId: 'b1a7c1c9-5a9b-4f61-9d43-1d2f5e4e7a10:4',
      externalId: '844171012:b1a7c1c9-5a9b-4f61-9d43-1d2f5e4e7a10',
      status: 'approved',
      reference: 'pay-1',
    });
  });

  const states: [string, string, string | undefined][] = [
    ['4', 'approved', undefined],
    ['6', 'declined', 'declined'],
    ['5', 'declined', 'expired'],
    ['7', 'pending', undefined],
  ];
  for (const [state, status, reason] of states)
    test(`state_pol ${state} is ${status}`, async () => {
      const out = await gateway().parseWebhook(confirmation({ state_pol: state, value: '150.26' }));
      assert.equal(out.status, status);
      assert.equal(out.reason, reason);
    });

  test('a decline keeps PayU’s response message as the reason', async () => {
    const out = await gateway().parseWebhook(
      confirmation({ state_pol: '6', response_message_pol: 'ENTITY_DECLINED' }),
    );
    assert.equal(out.reason, 'ENTITY_DECLINED');
  });

  test('a redelivery carries the same event id; a new state is a new one', async () => {
    const a = await gateway().parseWebhook(confirmation({ state_pol: '7' }));
    const b = await gateway().parseWebhook(confirmation({ state_pol: '7' }));
    const c = await gateway().parseWebhook(confirmation({ state_pol: '4' }));
    assert.equal(a.eventId, b.eventId);
    assert.notEqual(a.eventId, c.eventId);
  });

  const tampered: [string, (raw: string) => string][] = [
    ['a changed value', (raw) => raw.replace('value=150000.00', 'value=1.00')],
    ['a changed state', (raw) => raw.replace('state_pol=6', 'state_pol=4')],
    ['a changed reference', (raw) => raw.replace('reference_sale=pay-1', 'reference_sale=pay-2')],
    ['no sign', (raw) => raw.replace(/&sign=[0-9a-f]+/, '')],
  ];
  for (const [name, change] of tampered)
    test(`${name} is refused as a bad signature`, async () => {
      const c = confirmation({ state_pol: '6' });
      await assert.rejects(
        gateway().parseWebhook({ ...c, rawBody: change(c.rawBody) }),
        isCode('orders.webhook_signature'),
      );
    });

  test('a confirmation signed with another API key is refused', async () => {
    await assert.rejects(
      gateway().parseWebhook(confirmation({}, 'another-key')),
      isCode('orders.webhook_signature'),
    );
  });

  test('the signature over 150.00 as "150.00" (not new_value) is refused', async () => {
    const c = confirmation({ value: '150.00' });
    const wrong = md5(`${API_KEY}~508029~pay-1~150.00~COP~4`);
    const rawBody = c.rawBody.replace(/sign=[0-9a-f]+/, `sign=${wrong}`);
    await assert.rejects(gateway().parseWebhook({ ...c, rawBody }), isCode('orders.webhook_signature'));
  });

  test('a confirmation without a transaction is unusable', async () => {
    await assert.rejects(
      gateway().parseWebhook(confirmation({ transaction_id: '' })),
      isCode('orders.webhook_invalid'),
    );
  });

  test('an unknown state is unusable', async () => {
    await assert.rejects(
      gateway().parseWebhook(confirmation({ state_pol: '99' })),
      isCode('orders.webhook_invalid'),
    );
  });
});

describe('PayU refund, void and capture', () => {
  const money = {
    tenantId: 't1',
    externalId: '844171012:b1a7c1c9-5a9b-4f61-9d43-1d2f5e4e7a10',
    amountMinor: 15_000_000,
    currency: 'COP',
    idempotencyKey: 'idem-r',
  };
  const success = (state: string) => () => ({
    status: 200,
    body: {
      code: 'SUCCESS',
      error: null,
      transactionResponse: { orderId: 844171012, state, responseCode: null },
    },
  });

  test('refund submits a REFUND of the order’s transaction', async () => {
    answer = success('PENDING');
    assert.deepEqual(await gateway().refund(money), { ok: true });
    const [call] = seen;
    assert.equal(call?.method, 'POST');
    assert.equal(call?.path, '/payments-api/4.0/service.cgi');
    assert.equal(call?.json.command, 'SUBMIT_TRANSACTION');
    assert.deepEqual(call?.json.merchant, { apiKey: API_KEY, apiLogin: 'pRRXKOl8ikMmt9u' });
    const tx = call?.json.transaction as Record<string, unknown>;
    assert.equal(tx.type, 'REFUND');
    assert.deepEqual(tx.order, { id: '844171012' });
    assert.equal(tx.parentTransactionId, 'b1a7c1c9-5a9b-4f61-9d43-1d2f5e4e7a10');
    assert.deepEqual(tx.additionalValues, { TX_VALUE: { value: 150_000, currency: 'COP' } });
  });

  test('void submits a VOID', async () => {
    answer = success('APPROVED');
    assert.deepEqual(await gateway().void(money), { ok: true });
    assert.equal((seen[0]?.json.transaction as { type?: string } | undefined)?.type, 'VOID');
  });

  test('PayU’s 200 with code ERROR is a refusal with its message', async () => {
    answer = () => ({ status: 200, body: { code: 'ERROR', error: 'The transaction is not refundable' } });
    assert.deepEqual(await gateway().refund(money), {
      ok: false,
      reason: 'The transaction is not refundable',
    });
  });

  test('a declined refund is a refusal', async () => {
    answer = () => ({
      status: 200,
      body: {
        code: 'SUCCESS',
        transactionResponse: { state: 'DECLINED', responseCode: 'INTERNAL_PAYMENT_PROVIDER_ERROR' },
      },
    });
    assert.deepEqual(await gateway().refund(money), { ok: false, reason: 'INTERNAL_PAYMENT_PROVIDER_ERROR' });
  });

  test('a payment PayU never confirmed has no transaction to refund', async () => {
    assert.deepEqual(await gateway().refund({ ...money, externalId: 'pay-1' }), {
      ok: false,
      reason: 'payu_transaction_unknown',
    });
    assert.equal(seen.length, 0);
  });

  test('PayU down throws', async () => {
    answer = () => ({ status: 503 });
    await assert.rejects(gateway().refund(money), /payu POST \/payments-api\/4.0\/service.cgi answered 503/);
    const g = createPayUGateway({
      apiKey: API_KEY,
      apiLogin: 'x',
      merchantId: '508029',
      accountId: '1',
      checkoutUrl: 'https://sandbox.checkout.payulatam.com/ppp-web-gateway-payu/',
      apiUrl: 'http://127.0.0.1:1',
    });
    await assert.rejects(g.void(money), /failed/);
  });

  test('capture is a no-op', async () => {
    assert.deepEqual(await gateway().capture(money), { ok: true });
    assert.equal(seen.length, 0);
  });
});
