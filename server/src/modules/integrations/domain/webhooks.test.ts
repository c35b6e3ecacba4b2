import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPrivateAddress, retryDelay, sign, verify, wants } from './webhooks.ts';

// The example of the Standard Webhooks specification.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

test('signatures match the Standard Webhooks example', () => {
  assert.equal(sign(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body), SPEC.signature);
});

test('verify accepts any listed signature under any current secret, and refuses the rest', () => {
  const headers = {
    id: SPEC.id,
    timestamp: String(SPEC.timestamp),
    signature: `v1,bm9wZQ== ${SPEC.signature}`,
  };
  const cases: [string, string[], typeof headers, string, number, ReturnType<typeof verify>][] = [
    ['the example', [SPEC.secret], headers, SPEC.body, SPEC.timestamp, 'ok'],
    [
      'a rotated-out secret still listed',
      ['whsec_b3RoZXI=', SPEC.secret],
      headers,
      SPEC.body,
      SPEC.timestamp,
      'ok',
    ],
    ['another secret', ['whsec_b3RoZXI='], headers, SPEC.body, SPEC.timestamp, 'bad_signature'],
    ['a changed body', [SPEC.secret], headers, '{"test": 1}', SPEC.timestamp, 'bad_signature'],
    ['six minutes late', [SPEC.secret], headers, SPEC.body, SPEC.timestamp + 360, 'stale'],
    ['not a timestamp', [SPEC.secret], { ...headers, timestamp: 'soon' }, SPEC.body, SPEC.timestamp, 'stale'],
    [
      'no v1 entry',
      [SPEC.secret],
      { ...headers, signature: 'v2,abc' },
      SPEC.body,
      SPEC.timestamp,
      'bad_signature',
    ],
  ];
  for (const [name, secrets, h, body, now, want] of cases)
    assert.equal(verify(secrets, h, body, now), want, name);
});

test('a subscription wants exact types, prefixes ending in * and everything with *', () => {
  const cases: [string[], string, boolean][] = [
    [['inventory.stock.updated'], 'inventory.stock.updated', true],
    [['inventory.stock.updated'], 'inventory.stock.low', false],
    [['inventory.*'], 'inventory.stock.low', true],
    [['inventory.*'], 'orders.purchase.created', false],
    [['*'], 'planning.buffer.calculated', true],
    [['orders.*', 'inventory.stock.low'], 'inventory.stock.low', true],
  ];
  for (const [patterns, type, want] of cases)
    assert.equal(wants(patterns, type), want, `${patterns} ${type}`);
});

test('retries spread over about a day, jittered, then stop', () => {
  assert.equal(
    retryDelay(1, () => 0.5),
    5,
  );
  assert.equal(
    retryDelay(2, () => 0),
    240,
  );
  assert.equal(
    retryDelay(2, () => 1),
    360,
  );
  const total = [1, 2, 3, 4, 5, 6, 7].reduce((s, n) => s + (retryDelay(n, () => 0.5) ?? 0), 0);
  assert.ok(total > 20 * 3600 && total < 30 * 3600, `${total} s`);
  assert.equal(retryDelay(8), null);
});

test('private, loopback and link-local addresses are refused; public ones are not', () => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.10', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['2001:4860:4860::8888', false],
    ['not an address', true],
  ];
  for (const [ip, want] of cases) assert.equal(isPrivateAddress(ip), want, ip);
});
