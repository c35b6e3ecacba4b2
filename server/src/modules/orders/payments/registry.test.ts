import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../../platform/config/config.ts';
import type { AuthorizeRequest, PaymentGateway } from './gateway.ts';
import { createGateways } from './registry.ts';

const sandbox: PaymentGateway = {
  provider: 'sandbox',
  authorize: async () => ({ status: 'approved', externalId: 'sbx_1' }),
  capture: async () => ({ ok: true }),
  void: async () => ({ ok: true }),
  refund: async () => ({ ok: true }),
  parseWebhook: async () => ({ eventId: 'e', externalId: 'x', status: 'approved' }),
};

const MP = { MERCADOPAGO_ACCESS_TOKEN: 'APP_USR-1', MERCADOPAGO_WEBHOOK_SECRET: 's' };
const PAYU = {
  PAYU_API_KEY: 'k',
  PAYU_API_LOGIN: 'l',
  PAYU_MERCHANT_ID: '508029',
  PAYU_ACCOUNT_ID: '512321',
};
const NEQUI = { NEQUI_API_URL: 'https://wallet.example/v1', NEQUI_API_KEY: 'k', NEQUI_WEBHOOK_SECRET: 's' };

test('with no payment settings only the sandbox is configured, and it is the default', () => {
  const g = createGateways(loadConfig({}), sandbox);
  assert.deepEqual(g.configured, ['sandbox']);
  assert.equal(g.default, 'sandbox');
  assert.equal(g.get('sandbox'), sandbox);
  assert.equal(g.get('mercadopago'), null);
  assert.equal(g.get('payu'), null);
  assert.equal(g.get('nequi'), null);
});

test('each provider with its credentials set is configured alongside the sandbox', () => {
  const g = createGateways(loadConfig({ ...MP, ...PAYU, ...NEQUI, PAYMENT_PROVIDER: 'payu' }), sandbox);
  assert.deepEqual(g.configured, ['sandbox', 'mercadopago', 'payu', 'nequi']);
  assert.equal(g.default, 'payu');
  assert.equal(g.get('mercadopago')?.provider, 'mercadopago');
  assert.equal(g.get('payu')?.provider, 'payu');
  assert.equal(g.get('nequi')?.provider, 'nequi');
});

test('a provider with part of its credentials is not configured; empty values count as unset', () => {
  const g = createGateways(
    loadConfig({ MERCADOPAGO_ACCESS_TOKEN: 'APP_USR-1', ...PAYU, PAYU_ACCOUNT_ID: '', NEQUI_API_KEY: 'k' }),
    sandbox,
  );
  assert.deepEqual(g.configured, ['sandbox']);
});

test('provider URLs default to the providers’ production endpoints', () => {
  const c = loadConfig({});
  assert.equal(c.PAYMENT_PROVIDER, 'sandbox');
  assert.equal(c.MERCADOPAGO_API_URL, 'https://api.mercadopago.com');
  assert.equal(c.PAYU_CHECKOUT_URL, 'https://checkout.payulatam.com/ppp-web-gateway-payu/');
  assert.equal(c.PAYU_API_URL, 'https://api.payulatam.com');
  assert.equal(c.NEQUI_API_URL, undefined);
});

const missing: [Record<string, string>, string][] = [
  [{ PAYMENT_PROVIDER: 'mercadopago' }, 'MERCADOPAGO_ACCESS_TOKEN'],
  [{ PAYMENT_PROVIDER: 'mercadopago', MERCADOPAGO_ACCESS_TOKEN: 'x' }, 'MERCADOPAGO_WEBHOOK_SECRET'],
  [{ PAYMENT_PROVIDER: 'payu', ...PAYU, PAYU_API_LOGIN: ' ' }, 'PAYU_API_LOGIN'],
  [{ PAYMENT_PROVIDER: 'nequi', ...NEQUI, NEQUI_API_URL: '' }, 'NEQUI_API_URL'],
];
for (const [env, name] of missing)
  test(`PAYMENT_PROVIDER=${env.PAYMENT_PROVIDER} without ${name} stops start-up in one line naming it`, () => {
    assert.throws(
      () => loadConfig(env),
      (err: Error) => {
        assert.ok(err instanceof ConfigError);
        assert.match(
          err.message,
          new RegExp(`${name} must be set when PAYMENT_PROVIDER is ${env.PAYMENT_PROVIDER}`),
        );
        assert.doesNotMatch(err.message, /\n/);
        return true;
      },
    );
  });

const badValues: [Record<string, string>, RegExp][] = [
  [
    { PAYMENT_PROVIDER: 'stripe' },
    /invalid configuration: PAYMENT_PROVIDER must be sandbox, mercadopago, payu or nequi \(got "stripe"\)$/,
  ],
  [{ MERCADOPAGO_API_URL: 'api.mercadopago.com' }, /MERCADOPAGO_API_URL must be a URL starting with http/],
  [{ NEQUI_API_URL: 'ftp://wallet' }, /NEQUI_API_URL must be a URL starting with http/],
];
for (const [env, message] of badValues)
  test(`a bad ${Object.keys(env)[0]} is refused`, () => {
    assert.throws(() => loadConfig(env), message);
  });

test('the gateways built from configuration call the configured URLs', async () => {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(`${req.method} ${req.url} ${req.headers.authorization ?? req.headers['x-api-key']}`);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'pref-1',
        init_point: 'https://mp.example/x',
        transaction_id: 't1',
        status: 'PENDING',
      }),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const g = createGateways(
      loadConfig({
        ...MP,
        ...PAYU,
        ...NEQUI,
        MERCADOPAGO_API_URL: url,
        NEQUI_API_URL: `${url}/wallet`,
        PAYU_CHECKOUT_URL: 'https://sandbox.checkout.payulatam.com/ppp-web-gateway-payu/',
      }),
      sandbox,
    );
    const r: AuthorizeRequest = {
      tenantId: 't1',
      paymentId: 'pay-1',
      reference: 'SO-1',
      amountMinor: 1000,
      currency: 'COP',
      method: 'x',
      phone: '3001234567',
      buyer: { name: 'A', email: 'a@example.com' },
      idempotencyKey: 'k1',
      notificationUrl: 'https://flujo.example/n',
      returnUrl: 'https://flujo.example/r',
    };
    await g.get('mercadopago')?.authorize(r);
    await g.get('nequi')?.authorize(r);
    const payu = await g.get('payu')?.authorize(r);
    assert.deepEqual(paths, ['POST /checkout/preferences Bearer APP_USR-1', 'POST /wallet/payments k']);
    assert.match(
      payu?.status === 'pending' ? (payu.redirectUrl ?? '') : '',
      /^https:\/\/sandbox\.checkout\.payulatam\.com\//,
    );
  } finally {
    await new Promise<void>((ok) => server.close(() => ok()));
  }
});
