import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DomainError, type ErrorCode } from '../../../platform/domain/errors.ts';
import type { AuthorizeRequest, WebhookRequest } from './gateway.ts';
import { createMercadoPagoGateway } from './mercadopago.ts';

type Seen = { method: string; path: string; headers: IncomingHttpHeaders; json: Record<string, unknown> };
let seen: Seen[] = [];
let answer: (s: Seen) => { status: number; body?: unknown } = () => ({ status: 200, body: {} });

/** Mercado Pago's API, as far as the adapter uses it. */
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

const SECRET = 'mp-webhook-secret';
const gateway = () => createMercadoPagoGateway({ accessToken: 'APP_USR-1', webhookSecret: SECRET, apiUrl });

const request: AuthorizeRequest = {
  tenantId: 't1',
  paymentId: 'pay-1',
  reference: 'SO-000042',
  amountMinor: 123_450,
  currency: 'MXN',
  method: 'mercadopago',
  buyer: { name: 'Ana Buyer', email: 'ana@example.com' },
  idempotencyKey: 'idem-1',
  notificationUrl: 'https://flujo.example/api/v1/payments/webhooks/mercadopago/t1',
  returnUrl: 'https://flujo.example/orders/SO-000042',
};

/** A notification as Mercado Pago sends it: manifest id;request-id;ts signed with the secret. */
const notification = (id: string, secret = SECRET): WebhookRequest => {
  const ts = '1742505638683';
  const requestId = 'req-7';
  const v1 = createHmac('sha256', secret)
    .update(`id:${id.toLowerCase()};request-id:${requestId};ts:${ts};`)
    .digest('hex');
  const body = { type: 'payment', action: 'payment.updated', data: { id } };
  return {
    headers: { 'x-signature': `ts=${ts},v1=${v1}`, 'x-request-id': requestId },
    query: { 'data.id': id, type: 'payment' },
    rawBody: JSON.stringify(body),
    body,
  };
};

const isCode = (code: ErrorCode) => (e: unknown) => e instanceof DomainError && e.code === code;

describe('Mercado Pago authorize', () => {
  test('creates a preference with the amount in major units and returns its checkout page', async () => {
    answer = () => ({
      status: 201,
      body: { id: 'pref-9', init_point: 'https://mp.example/checkout?pref_id=pref-9' },
    });
    const r = await gateway().authorize(request);
    assert.deepEqual(r, {
      status: 'pending',
      externalId: 'pref-9',
      redirectUrl: 'https://mp.example/checkout?pref_id=pref-9',
    });
    const [call] = seen;
    assert.equal(call?.method, 'POST');
    assert.equal(call?.path, '/checkout/preferences');
    assert.equal(call?.headers.authorization, 'Bearer APP_USR-1');
    assert.equal(call?.headers['x-idempotency-key'], 'idem-1');
    assert.deepEqual(call?.json.items, [
      { title: 'SO-000042', quantity: 1, unit_price: 1234.5, currency_id: 'MXN' },
    ]);
    assert.equal(call?.json.external_reference, 'pay-1');
    assert.equal(call?.json.notification_url, request.notificationUrl);
    assert.deepEqual(call?.json.back_urls, {
      success: request.returnUrl,
      pending: request.returnUrl,
      failure: request.returnUrl,
    });
    assert.equal(call?.json.auto_return, 'approved');
  });

  test('a currency without decimals is sent as whole units', async () => {
    answer = () => ({ status: 201, body: { id: 'pref-1', init_point: 'https://mp.example/x' } });
    await gateway().authorize({ ...request, amountMinor: 15_000, currency: 'CLP' });
    assert.deepEqual(seen[0]?.json.items, [
      { title: 'SO-000042', quantity: 1, unit_price: 15_000, currency_id: 'CLP' },
    ]);
  });

  test('a 400 (invalid preference) is a decline with Mercado Pago’s message', async () => {
    answer = () => ({ status: 400, body: { message: 'invalid unit_price', error: 'bad_request' } });
    assert.deepEqual(await gateway().authorize(request), {
      status: 'declined',
      externalId: null,
      reason: 'invalid unit_price',
    });
  });

  const failures: [string, number][] = [
    ['a 500', 500],
    ['a 503', 503],
    ['a 401 (our token is wrong)', 401],
    ['a 429', 429],
  ];
  for (const [name, status] of failures)
    test(`${name} throws so the saga retries`, async () => {
      answer = () => ({ status, body: { message: 'nope' } });
      await assert.rejects(gateway().authorize(request), /mercadopago POST \/checkout\/preferences answered/);
    });

  test('a provider that does not answer in time throws', async () => {
    const hung = createServer(() => {});
    await new Promise<void>((ok) => hung.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
    const g = createMercadoPagoGateway({
      accessToken: 'x',
      webhookSecret: SECRET,
      apiUrl: url,
      timeoutMs: 100,
    });
    await assert.rejects(g.authorize(request), /failed/);
    hung.closeAllConnections();
    await new Promise<void>((ok) => hung.close(() => ok()));
  });

  test('a refused connection throws', async () => {
    const g = createMercadoPagoGateway({
      accessToken: 'x',
      webhookSecret: SECRET,
      apiUrl: 'http://127.0.0.1:1',
    });
    await assert.rejects(g.authorize(request), /mercadopago POST \/checkout\/preferences failed/);
  });
});

describe('Mercado Pago webhook', () => {
  const payment =
    (status: string, extra: Record<string, unknown> = {}) =>
    () => ({
      status: 200,
      body: { id: 1234567, status, external_reference: 'pay-1', ...extra },
    });

  test('a signed notification reads the payment and names our payment as reference', async () => {
    answer = payment('approved');
    const out = await gateway().parseWebhook(notification('1234567'));
    assert.deepEqual(out, {
      eventId: '1234567:approved',
      externalId: '1234567',
      status: 'approved',
      reference: 'pay-1',
    });
    assert.equal(seen[0]?.method, 'GET');
    assert.equal(seen[0]?.path, '/v1/payments/1234567');
    assert.equal(seen[0]?.headers.authorization, 'Bearer APP_USR-1');
  });

  test('a redelivery carries the same event id; a status change is a new one', async () => {
    answer = payment('in_process');
    const first = await gateway().parseWebhook(notification('1234567'));
    const again = await gateway().parseWebhook(notification('1234567'));
    assert.equal(first.eventId, again.eventId);
    assert.equal(first.status, 'pending');
    answer = payment('rejected', { status_detail: 'cc_rejected_insufficient_amount' });
    const later = await gateway().parseWebhook(notification('1234567'));
    assert.notEqual(later.eventId, first.eventId);
    assert.equal(later.status, 'declined');
    assert.equal(later.reason, 'rejected:cc_rejected_insufficient_amount');
  });

  test('an alphanumeric data.id is signed lower-cased', async () => {
    answer = () => ({ status: 200, body: { id: 'ABC123', status: 'approved', external_reference: 'pay-1' } });
    const n = notification('ABC123');
    assert.equal((await gateway().parseWebhook(n)).externalId, 'ABC123');
  });

  const tampered: [string, (n: WebhookRequest) => WebhookRequest][] = [
    [
      'another payment id',
      (n) => ({
        ...n,
        query: { ...n.query, 'data.id': '999' },
        body: { type: 'payment', data: { id: '999' } },
      }),
    ],
    ['another request id', (n) => ({ ...n, headers: { ...n.headers, 'x-request-id': 'req-8' } })],
    ['no signature', (n) => ({ ...n, headers: { 'x-request-id': 'req-7' } })],
    [
      'a signature without v1',
      (n) => ({ ...n, headers: { ...n.headers, 'x-signature': 'ts=1742505638683' } }),
    ],
  ];
  for (const [name, change] of tampered)
    test(`${name} is refused as a bad signature, before any API call`, async () => {
      answer = payment('approved');
      await assert.rejects(
        gateway().parseWebhook(change(notification('1234567'))),
        isCode('orders.webhook_signature'),
      );
      assert.equal(seen.length, 0);
    });

  test('a notification signed with another secret is refused', async () => {
    await assert.rejects(
      gateway().parseWebhook(notification('1234567', 'someone-else')),
      isCode('orders.webhook_signature'),
    );
  });

  test('a query and body naming different payments is unusable', async () => {
    const n = notification('1234567');
    await assert.rejects(
      gateway().parseWebhook({ ...n, body: { type: 'payment', data: { id: '7654321' } } }),
      isCode('orders.webhook_invalid'),
    );
  });

  test('a notification that is not about a payment is unusable', async () => {
    const n = notification('1234567');
    await assert.rejects(
      gateway().parseWebhook({
        ...n,
        query: { id: '1', topic: 'merchant_order' },
        body: { topic: 'merchant_order' },
      }),
      isCode('orders.webhook_invalid'),
    );
  });

  test('a payment Mercado Pago does not know is unusable; its outage throws', async () => {
    answer = () => ({ status: 404, body: { message: 'Payment not found' } });
    await assert.rejects(gateway().parseWebhook(notification('1234567')), isCode('orders.webhook_invalid'));
    answer = () => ({ status: 502 });
    await assert.rejects(gateway().parseWebhook(notification('1234567')), (e) => !(e instanceof DomainError));
  });
});

describe('Mercado Pago refund, void and capture', () => {
  const money = {
    tenantId: 't1',
    externalId: '1234567',
    amountMinor: 50_025,
    currency: 'MXN',
    idempotencyKey: 'idem-r',
  };

  test('refund posts the amount to the payment’s refunds with the idempotency key', async () => {
    answer = () => ({ status: 201, body: { id: 1, status: 'approved' } });
    assert.deepEqual(await gateway().refund(money), { ok: true });
    assert.equal(seen[0]?.method, 'POST');
    assert.equal(seen[0]?.path, '/v1/payments/1234567/refunds');
    assert.equal(seen[0]?.headers['x-idempotency-key'], 'idem-r');
    assert.deepEqual(seen[0]?.json, { amount: 500.25 });
  });

  test('void cancels the payment', async () => {
    answer = () => ({ status: 200, body: { id: 1234567, status: 'cancelled' } });
    assert.deepEqual(await gateway().void(money), { ok: true });
    assert.equal(seen[0]?.method, 'PUT');
    assert.equal(seen[0]?.path, '/v1/payments/1234567');
    assert.deepEqual(seen[0]?.json, { status: 'cancelled' });
  });

  test('a refused refund is not ok, with the reason', async () => {
    answer = () => ({ status: 400, body: { message: 'Payment too old to be refunded' } });
    assert.deepEqual(await gateway().refund(money), { ok: false, reason: 'Payment too old to be refunded' });
  });

  test('capture is a no-op: Checkout Pro captures when the buyer pays', async () => {
    assert.deepEqual(await gateway().capture(money), { ok: true });
    assert.equal(seen.length, 0);
  });
});
