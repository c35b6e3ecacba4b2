import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';

// inject() connects from 127.0.0.1; the forged addresses below are what an attacker would send.
const signInFrom = (t: TestApp, forwardedFor: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { email: t.demo.email, password: 'not-the-password' },
  });

const failedSignInIps = async (t: TestApp) => {
  const admin = await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId });
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/audit-log?action=auth.login_failed&limit=100',
    headers: { authorization: `Bearer ${admin}` },
  });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { data: { ip: string | null }[] }).data.map((e) => e.ip);
};

test(`without TRUST_PROXY a forged X-Forwarded-For changes neither the sign-in limit nor the audit IP (${mode})`, async () => {
  const t = await buildTestApp({ env: { AUTH_RATE_LIMIT_MAX: '3' } });
  try {
    const codes: number[] = [];
    for (let i = 1; i <= 4; i++) codes.push((await signInFrom(t, `203.0.113.${i}`)).statusCode);
    assert.deepEqual(codes, [401, 401, 401, 429], 'one budget for the one real peer');
    const ips = await failedSignInIps(t);
    assert.equal(ips.length, 3);
    assert.ok(
      ips.every((ip) => ip === '127.0.0.1'),
      `the audit log keeps the socket address: ${ips}`,
    );
  } finally {
    await t.close();
  }
});

test(`with TRUST_PROXY naming the peer, the forwarded client address counts (${mode})`, async () => {
  const t = await buildTestApp({ env: { AUTH_RATE_LIMIT_MAX: '3', TRUST_PROXY: '127.0.0.1/32' } });
  try {
    const codes: number[] = [];
    for (let i = 1; i <= 4; i++) codes.push((await signInFrom(t, `203.0.113.${i}`)).statusCode);
    assert.deepEqual(codes, [401, 401, 401, 401], 'each client has its own budget');
    const ips = await failedSignInIps(t);
    assert.deepEqual([...ips].sort(), ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']);
  } finally {
    await t.close();
  }
});

test(`a hop count trusts only that many proxies in front (${mode})`, async () => {
  const t = await buildTestApp({ env: { AUTH_RATE_LIMIT_MAX: '3', TRUST_PROXY: '1' } });
  try {
    // The client put 198.51.100.7 in front itself; the one trusted proxy appended the real address.
    assert.equal((await signInFrom(t, '198.51.100.7, 203.0.113.9')).statusCode, 401);
    assert.deepEqual(await failedSignInIps(t), ['203.0.113.9']);
  } finally {
    await t.close();
  }
});
