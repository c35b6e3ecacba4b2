import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from './config.ts';

test('with no environment Flujo runs embedded on localhost:3000 with ./data', () => {
  const c = loadConfig({});
  assert.equal(c.mode, 'embedded');
  assert.equal(c.PORT, 3000);
  assert.equal(c.HOST, 'localhost');
  assert.match(c.dataDir, /data$/);
  assert.deepEqual(c.CORS_ORIGINS, []);
});

test('DATABASE_URL switches to production mode; empty values count as unset', () => {
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).mode, 'production');
  assert.equal(loadConfig({ DATABASE_URL: '', NATS_URL: '', REDIS_URL: '' }).mode, 'embedded');
});

test('lists are split on commas', () => {
  assert.deepEqual(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).CORS_ORIGINS, [
    'https://a.example',
    'https://b.example',
  ]);
});

test('TRUST_PROXY: unset trusts no proxy; a number is a hop count; otherwise proxy addresses', () => {
  assert.equal(loadConfig({}).TRUST_PROXY, false);
  assert.equal(loadConfig({ TRUST_PROXY: ' ' }).TRUST_PROXY, false);
  assert.equal(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY, 1);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1, fd00::/8, loopback' }).TRUST_PROXY, [
    '10.0.0.0/8',
    '127.0.0.1',
    '::1',
    'fd00::/8',
    'loopback',
  ]);
});

const bad: [Record<string, string>, RegExp][] = [
  [{ PORT: 'abc' }, /^invalid configuration: PORT must be an integer between 0 and 65535 \(got "abc"\)$/],
  [{ PORT: '70000' }, /PORT must be an integer between 0 and 65535/],
  [
    { DATABASE_URL: 'mysql://x' },
    /DATABASE_URL must be a URL starting with postgres:\/\/ or postgresql:\/\//,
  ],
  [{ NATS_URL: 'http://x' }, /NATS_URL must be a URL starting with nats:\/\//],
  [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must be a URL starting with redis:\/\//],
  [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be/],
  [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters/],
  [{ TRUST_PROXY: 'true' }, /^invalid configuration: TRUST_PROXY must be a hop count/],
  [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be a hop count/],
  [{ TRUST_PROXY: '10.0.0.1, proxy.example' }, /TRUST_PROXY must be a hop count/],
  [{ TRUST_PROXY: '99' }, /TRUST_PROXY must be a hop count/],
  [{ BODY_LIMIT_BYTES: '10' }, /BODY_LIMIT_BYTES must be an integer between 1024/],
];
for (const [env, message] of bad) {
  test(`a bad ${Object.keys(env)[0]} is refused in one line naming it`, () => {
    assert.throws(
      () => loadConfig(env),
      (err: Error) => {
        assert.match(err.message, message);
        assert.doesNotMatch(err.message, /\n/);
        return true;
      },
    );
  });
}
