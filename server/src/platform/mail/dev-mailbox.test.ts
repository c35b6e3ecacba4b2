import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config/config.ts';
import { devMailboxEnabled } from './dev-mailbox.ts';

const pg = 'postgres://flujo@db.example/flujo';
const cases: [string, Record<string, string>, boolean][] = [
  ['embedded, no SMTP', {}, true],
  ['embedded in test', { NODE_ENV: 'test' }, true],
  ['embedded with SMTP', { SMTP_URL: 'smtp://mail.example' }, false],
  ['embedded with NODE_ENV=production', { NODE_ENV: 'production' }, false],
  ['embedded, switched off', { DEV_MAILBOX: 'false' }, false],
  ['a configured database', { DATABASE_URL: pg }, false],
  ['a configured database in development', { DATABASE_URL: pg, NODE_ENV: 'development' }, false],
  ['a configured database, switched on', { DATABASE_URL: pg, DEV_MAILBOX: 'true' }, true],
  ['production, switched on', { DATABASE_URL: pg, NODE_ENV: 'production', DEV_MAILBOX: 'true' }, true],
  [
    'switched on but SMTP set',
    { DATABASE_URL: pg, DEV_MAILBOX: 'true', SMTP_URL: 'smtp://m.example' },
    false,
  ],
];
for (const [name, env, expected] of cases) {
  test(`dev mailbox ${expected ? 'on' : 'off'}: ${name}`, () => {
    assert.equal(devMailboxEnabled(loadConfig({ JWT_SECRET: 'x'.repeat(32), ...env })), expected);
  });
}

test('DEV_MAILBOX takes only true or false', () => {
  assert.throws(() => loadConfig({ DEV_MAILBOX: 'yes' }), /DEV_MAILBOX must be true or false/);
});
