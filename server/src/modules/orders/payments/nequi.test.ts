import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DomainError, type ErrorCode } from '../../../platform/domain/errors.ts';
import type { AuthorizeRequest, WebhookRequest } from './gateway.ts';
import { createNequiGateway } from './nequi.ts';

type Seen = { method: string; path: string; headers: IncomingHttpHeaders; json: Record<string, unknown> };
let seen: Seen[] = [];
let answer: (s: Seen) => { status: number; body?: unknown } = () => ({ status: 200, body: {} });

/** The wallet's payments API. */
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
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => new Promise<void>((ok) => server.close(() => ok())));
beforeEach(() => {
  seen = [];
});

const SECRET = 'nequi-webhook-secret';
const gateway = () => createNequiGateway({ apiUrl, apiKey: 'nq-key', webhookSecret: SECRET });

const request: AuthorizeRequest = {
  tenantId: 't1',
  paymentId: 'pay-1',
  reference: 'SO-000042',
  amountMinor: 4_990_000,
  currency: 'COP',
  method: 'nequi',
  phone: '300 123 4567',
  buyer: { name: 'Ana Buyer', email: 'ana@example.com' },
  idempotencyKey: 'idem-1',
  notificationUrl: 'https://flujo.example/api/v1/payments/webhooks/nequi/t1',
  returnUrl: 'https://flujo.example/orders/SO-000042',
};

const webhook = (body: Record<string, unknown>, secret = SECRET): WebhookRequest => {
  const rawBody = JSON.stringify(body);
  const sig = createHmac('sha256', secret).update(rawBody).digest('hex');
  return { headers: { 'x-nequi-signature': `sha256=${sig}` }, query: {}, rawBody, body: JSON.parse(rawBody) };
};
const event = { event_id: 'evt-1', transaction_id: 'nq-tx-1', reference: 'pay-1', status: 'APPROVED' };

const isCode = (code: ErrorCode) => (e: unknown) => e instanceof DomainError && e.code === code;

describe('wallet push authorize', () => {
  test('asks the wallet to charge the buyer’s phone and waits for the webhook', async () => {
    answer = () => ({ status: 201, body: { transaction_id: 'nq-tx-1', status: 'PENDING' } });
    assert.deepEqual(await gateway().authorize(request), { status: 'pending', externalId: 'nq-tx-1' });
    const [call] = seen;
    assert.equal(call?.method, 'POST');
    assert.equal(call?.path, '/v1/payments');
    assert.equal(call?.headers['x-api-key'], 'nq-key');
    assert.equal(call?.headers['idempotency-key'], 'idem-1');
    assert.deepEqual(call?.json, {
      phone_number: '3001234567',
      amount: '49900.00',
      currency: 'COP',
      reference: 'pay-1',
      description: 'SO-000042',
      callback_url: request.notificationUrl,
    });
  });

  test('without a phone it is declined before calling the wallet', async () => {
    const { phone: _, ...noPhone } = request;
    assert.deepEqual(await gateway().authorize(noPhone), {
      status: 'declined',
      externalId: null,
      reason: 'phone_required',
    });
    assert.equal(seen.length, 0);
  });

  test('a 422 (unknown phone) is a decline with the wallet’s message', async () => {
    answer = () => ({ status: 422, body: { message: 'phone_not_registered' } });
    assert.deepEqual(await gateway().authorize(request), {
      status: 'declined',
      externalId: null,
      reason: 'phone_not_registered',
    });
  });

  test('a 500 or a refused connection throws', async () => {
    answer = () => ({ status: 500 });
    await assert.rejects(gateway().authorize(request), /nequi POST \/v1\/payments answered 500/);
    const down = createNequiGateway({ apiUrl: 'http://127.0.0.1:1', apiKey: 'k', webhookSecret: SECRET });
    await assert.rejects(down.authorize(request), /nequi POST \/payments failed/);
  });
});

describe('wallet push webhook', () => {
  test('a signed webhook gives the outcome with our payment as reference', async () => {
    assert.deepEqual(await gateway().parseWebhook(webhook(event)), {
      eventId: 'evt-1',
      externalId: 'nq-tx-1',
      status: 'approved',
      reference: 'pay-1',
    });
  });

  const statuses: [string, string, string | undefined][] = [
    ['APPROVED', 'approved', undefined],
    ['DECLINED', 'declined', 'declined'],
    ['EXPIRED', 'declined', 'expired'],
  ];
  for (const [status, expected, reason] of statuses)
    test(`${status} is ${expected}`, async () => {
      const out = await gateway().parseWebhook(webhook({ ...event, status }));
      assert.equal(out.status, expected);
      assert.equal(out.reason, reason);
    });

  test('a redelivery carries the same event id', async () => {
    const w = webhook(event);
    assert.equal((await gateway().parseWebhook(w)).eventId, (await gateway().parseWebhook(w)).eventId);
  });

  test('a tampered body is refused', async () => {
    const w = webhook({ ...event, status: 'DECLINED' });
    const rawBody = w.rawBody.replace('DECLINED', 'APPROVED');
    await assert.rejects(gateway().parseWebhook({ ...w, rawBody }), isCode('orders.webhook_signature'));
  });

  test('the outcome is read from the signed bytes, not from a parsed body that differs', async () => {
    const w = webhook({ ...event, status: 'DECLINED' });
    const out = await gateway().parseWebhook({ ...w, body: { ...event, status: 'APPROVED' } });
    assert.equal(out.status, 'declined');
  });

  const badSignatures: [string, Record<string, string>][] = [
    ['another secret', webhook(event, 'someone-else').headers as Record<string, string>],
    ['no header', {}],
    [
      'no sha256= prefix',
      { 'x-nequi-signature': (webhook(event).headers['x-nequi-signature'] as string).slice(7) },
    ],
  ];
  for (const [name, headers] of badSignatures)
    test(`${name} is refused`, async () => {
      await assert.rejects(
        gateway().parseWebhook({ ...webhook(event), headers }),
        isCode('orders.webhook_signature'),
      );
    });

  test('a signed webhook with an unknown status is unusable', async () => {
    await assert.rejects(
      gateway().parseWebhook(webhook({ ...event, status: 'MAYBE' })),
      isCode('orders.webhook_invalid'),
    );
  });
});

describe('wallet push refund, void and capture', () => {
  const money = {
    tenantId: 't1',
    externalId: 'nq-tx-1',
    amountMinor: 4_990_000,
    currency: 'COP',
    idempotencyKey: 'idem-r',
  };

  test('refund posts the amount to the payment’s refunds', async () => {
    answer = () => ({ status: 201, body: { refund_id: 'r1' } });
    assert.deepEqual(await gateway().refund(money), { ok: true });
    assert.equal(seen[0]?.path, '/v1/payments/nq-tx-1/refunds');
    assert.equal(seen[0]?.headers['idempotency-key'], 'idem-r');
    assert.equal(seen[0]?.headers['x-api-key'], 'nq-key');
    assert.deepEqual(seen[0]?.json, { amount: '49900.00', currency: 'COP' });
  });

  test('void cancels the payment', async () => {
    answer = () => ({ status: 200, body: { status: 'CANCELLED' } });
    assert.deepEqual(await gateway().void(money), { ok: true });
    assert.equal(seen[0]?.method, 'POST');
    assert.equal(seen[0]?.path, '/v1/payments/nq-tx-1/cancel');
  });

  test('a refused void is not ok, with the reason', async () => {
    answer = () => ({ status: 400, body: { message: 'already_approved' } });
    assert.deepEqual(await gateway().void(money), { ok: false, reason: 'already_approved' });
  });

  test('capture is a no-op', async () => {
    assert.deepEqual(await gateway().capture(money), { ok: true });
    assert.equal(seen.length, 0);
  });
});
