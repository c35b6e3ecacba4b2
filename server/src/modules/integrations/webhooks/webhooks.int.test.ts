import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { buildTestApp, eventually, mode, type TestApp } from '../../../../test/helpers.ts';
import { sign, verify } from '../domain/webhooks.ts';
import { createWebhooksService } from './webhooks.service.ts';

// A receiver on this machine, so the app runs with WEBHOOK_ALLOW_PRIVATE; the refusal of
// private addresses is checked with that switch off below.
type Received = { headers: http.IncomingHttpHeaders; body: string };
let t: TestApp;
let h: Record<string, string>;
let receiver: http.Server;
let base: string;
const received: Received[] = [];
const answers: number[] = [];

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers = h) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const moveStock = async (sku: string) => {
  const p = await call('POST', '/api/v1/products', { sku, name: sku });
  const r = await call('POST', '/api/v1/stock', {
    product_id: p.json().id,
    store_id: 'HOOK-1',
    quantity_change: 5,
    reason: 'test',
  });
  assert.equal(r.statusCode, 200, r.body);
};

before(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 200;
      res.end('thanks');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  t = await buildTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  assert.equal(
    (await call('POST', '/api/v1/locations', { code: 'HOOK-1', name: 'Hooks', type: 'store' })).statusCode,
    201,
  );
});
after(async () => {
  await t?.close();
  receiver?.close();
});

test(`stock events reach a subscribed endpoint signed as Standard Webhooks say (${mode})`, async () => {
  const r = await call('POST', '/api/v1/webhooks', {
    url: `${base}/stock`,
    events: ['inventory.stock.*'],
    description: 'ERP',
  });
  assert.equal(r.statusCode, 201, r.body);
  const { id, secret } = r.json() as { id: string; secret: string };
  assert.match(secret, /^whsec_/);
  assert.equal(JSON.stringify((await call('GET', `/api/v1/webhooks/${id}`)).json()).includes(secret), false);
  await moveStock('HOOK-A');
  const got = await eventually(() => received.find((x) => x.headers['webhook-id']), 'a delivery', 15_000);
  const msg = {
    id: String(got.headers['webhook-id']),
    timestamp: String(got.headers['webhook-timestamp']),
    signature: String(got.headers['webhook-signature']),
  };
  assert.equal(verify([secret], msg, got.body), 'ok');
  const body = JSON.parse(got.body) as { type: string; data: { on_hand: string } };
  assert.equal(body.type, 'inventory.stock.updated');
  assert.equal(body.data.on_hand, '5');
  const log = await eventually(async () => {
    const d = (await call('GET', `/api/v1/webhooks/${id}/deliveries`)).json() as {
      data: { status: string; log: { status: number; latency_ms: number; response: string }[] }[];
    };
    return d.data.find((x) => x.status === 'delivered');
  }, 'the delivery marked delivered');
  assert.equal(log.log[0]?.status, 200);
  assert.equal(log.log[0]?.response, 'thanks');
  await call('DELETE', `/api/v1/webhooks/${id}`);
});

test(`a failing endpoint is retried with backoff, a delivery can be replayed, and 410 turns the endpoint off (${mode})`, async () => {
  received.length = 0;
  const r = await call('POST', '/api/v1/webhooks', {
    url: `${base}/flaky`,
    events: ['inventory.stock.updated'],
  });
  const { id } = r.json() as { id: string };
  answers.push(503);
  await moveStock('HOOK-B');
  const settled = await eventually(
    async () => {
      const d = (await call('GET', `/api/v1/webhooks/${id}/deliveries`)).json() as {
        data: { id: string; status: string; attempts: number; log: { status: number }[] }[];
      };
      return d.data.find((x) => x.status === 'delivered');
    },
    'delivered on the retry',
    30_000,
  );
  assert.deepEqual(
    settled.log.map((a) => a.status),
    [503, 200],
  );
  const firstId = received[0]?.headers['webhook-id'];
  assert.equal(received[1]?.headers['webhook-id'], firstId, 'a retry keeps the message id');

  const replay = await call('POST', `/api/v1/webhooks/deliveries/${settled.id}/replay`);
  assert.equal(replay.statusCode, 202, replay.body);
  await eventually(() => received.length >= 3, 'the replay arrived', 15_000);

  answers.push(410);
  await moveStock('HOOK-C');
  await eventually(
    async () =>
      ((await call('GET', `/api/v1/webhooks/${id}`)).json() as { enabled: boolean }).enabled === false,
    'the endpoint turned off',
    15_000,
  );
  const sub = (await call('GET', `/api/v1/webhooks/${id}`)).json() as { disabled_reason: string };
  assert.match(sub.disabled_reason, /410/);
});

test(`after a rotation deliveries carry both signatures for a day (${mode})`, async () => {
  received.length = 0;
  const r = await call('POST', '/api/v1/webhooks', { url: `${base}/rotate`, events: ['inventory.*'] });
  const { id, secret: old } = r.json() as { id: string; secret: string };
  const rotated = await call('POST', `/api/v1/webhooks/${id}/rotate-secret`);
  const fresh = rotated.json().secret as string;
  assert.notEqual(fresh, old);
  await moveStock('HOOK-D');
  const got = await eventually(() => received.find((x) => x.headers['webhook-id']), 'a delivery', 15_000);
  const msg = {
    id: String(got.headers['webhook-id']),
    timestamp: String(got.headers['webhook-timestamp']),
    signature: String(got.headers['webhook-signature']),
  };
  assert.equal(verify([fresh], msg, got.body), 'ok');
  assert.equal(verify([old], msg, got.body), 'ok');
  await call('DELETE', `/api/v1/webhooks/${id}`);
});

test(`endpoints on private, loopback or link-local addresses are refused unless the operator allows them (${mode})`, async () => {
  const strict = createWebhooksService({
    ...t.platform,
    config: { ...t.platform.config, WEBHOOK_ALLOW_PRIVATE: false },
  });
  const ctx = {
    tenantId: t.demo.tenantId,
    userId: t.demo.adminUserId,
    kind: 'user' as const,
    roles: [],
    permissions: ['*:*'],
    storeIds: null,
  };
  for (const url of [
    'http://127.0.0.1:9/x',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.8/',
    'http://[::1]/',
    'http://localhost/',
  ])
    await assert.rejects(
      strict.create(ctx, { url, events: ['*'] }),
      { code: 'integrations.webhook_url_refused' },
      url,
    );
  const bad = await call('POST', '/api/v1/webhooks', { url: 'ftp://example.com/x', events: ['inventory.*'] });
  assert.equal(bad.statusCode, 400);
  const badEvents = await call('POST', '/api/v1/webhooks', { url: `${base}/x`, events: ['Inventory; DROP'] });
  assert.equal(badEvents.statusCode, 400);
});

test(`an ERP's signed push starts an incremental sync once, and an unsigned or replayed one is refused (${mode})`, async () => {
  const c = await call('POST', '/api/v1/integrations/connections', {
    kind: 'microsip',
    name: 'ERP que avisa',
    host: '127.0.0.1',
    port: 1,
    database: 'x.fdb',
    user: 'SYSDBA',
    schedule: null,
  });
  const connectionId = c.json().id as string;
  const s = await call('POST', `/api/v1/integrations/connections/${connectionId}/inbound-secret`);
  const { secret, url } = s.json() as { secret: string; url: string };
  const push = (id: string, body: string, ts = Math.floor(Date.now() / 1000), key = secret) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(ts),
        'webhook-signature': sign(key, id, ts, body),
      },
      payload: body,
    });
  const first = await push('msg-1', '{"changed":"articulos"}');
  assert.equal(first.statusCode, 202, first.body);
  assert.equal(first.json().duplicate, false);
  assert.ok(first.json().job_id);
  const again = await push('msg-1', '{"changed":"articulos"}');
  assert.equal(again.json().duplicate, true);
  assert.equal((await push('msg-2', '{}', Math.floor(Date.now() / 1000) - 3600)).statusCode, 401);
  assert.equal((await push('msg-3', '{}', undefined, 'whsec_b3RoZXI=')).statusCode, 401);
  const tampered = await t.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      'webhook-id': 'msg-4',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': sign(secret, 'msg-4', Math.floor(Date.now() / 1000), '{"a":1}'),
    },
    payload: '{"a":2}',
  });
  assert.equal(tampered.statusCode, 401);
  const unknown = await t.app.inject({
    method: 'POST',
    url: `/api/v1/integrations/connections/${crypto.randomUUID()}/webhook`,
    payload: '{}',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(unknown.statusCode, 401);
});
