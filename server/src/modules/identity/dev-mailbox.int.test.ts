import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { ensureTenant } from './index.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => {
  await t?.close();
});

type Mail = { to: string; subject: string; text: string };
const readMailbox = (token: string | undefined, to?: string) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/dev/mailbox${to ? `?to=${encodeURIComponent(to)}` : ''}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
const mails = (res: { json: () => unknown }) => (res.json() as { data: Mail[] }).data;

test(`the dev mailbox refuses anonymous callers and non-admins (${mode})`, async () => {
  assert.equal((await readMailbox(undefined)).statusCode, 401);
  const planner = await t.tokenFor({
    tenantId: t.demo.tenantId,
    permissions: ['user:read', 'buffer:read', 'buffer:write'],
  });
  assert.equal((await readMailbox(planner)).statusCode, 403);
  // Reading everyone's reset links is account takeover: a read-everything role is not enough.
  const auditor = await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['*:read'] });
  assert.equal((await readMailbox(auditor)).statusCode, 403);
});

test(`an admin sees only the mail of their own organisation (${mode})`, async () => {
  const rival = await ensureTenant(t.platform, {
    slug: 'rival-mail',
    name: 'Rival',
    admin: { email: 'boss@rival-mail.example', name: 'Boss', password: 'rival-password-1' },
  });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/forgot-password',
    payload: { email: t.demo.email },
  });
  assert.equal(res.statusCode, 202);
  const demoAdmin = await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId });
  const seen = await eventually(
    async () => {
      const m = mails(await readMailbox(demoAdmin, t.demo.email));
      return m.length > 0 && m;
    },
    'the reset mail in the demo mailbox',
    15_000,
  );
  assert.match(seen[0]?.text ?? '', /reset-password\?token=/);

  const rivalAdmin = await t.tokenFor({ tenantId: rival.tenantId, userId: rival.adminUserId });
  const all = await readMailbox(rivalAdmin);
  assert.equal(all.statusCode, 200);
  assert.ok(
    mails(all).every((m) => !m.to.endsWith('@demo.flujo.dev')),
    "another organisation's mail leaked",
  );
  assert.deepEqual(mails(await readMailbox(rivalAdmin, t.demo.email)), []);
});

test(`the dev mailbox does not exist when switched off, nor on a configured database unless switched on (${mode})`, async () => {
  // In production mode the test database is configured, so leaving DEV_MAILBOX unset must be enough.
  const off = await buildTestApp({ env: { DEV_MAILBOX: mode === 'production' ? '' : 'false' } });
  try {
    const admin = await off.tokenFor({ tenantId: off.demo.tenantId, userId: off.demo.adminUserId });
    const res = await off.app.inject({
      method: 'GET',
      url: '/api/v1/dev/mailbox',
      headers: { authorization: `Bearer ${admin}` },
    });
    assert.equal(res.statusCode, 404);
  } finally {
    await off.close();
  }
});
