import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { DEMO } from '../../demo.ts';
import { ensureTenant } from './index.ts';
import { users } from './schema.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => {
  await t?.close();
});

type Session = {
  access_token: string;
  refresh_token: string;
  user: { roles: string[]; permissions: string[]; language: string };
};

const login = (email: string, password: string, tenant?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password, ...(tenant ? { tenant } : {}) },
  });
const refresh = (refresh_token: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token } });
const as = (token: string) => ({ authorization: `Bearer ${token}` });

test(`demo planner and viewer sign in with their seed 000 roles and their own language (${mode})`, async () => {
  const planner = (await login(DEMO.planner, t.demo.password)).json() as Session;
  assert.deepEqual(planner.user.roles, ['Planner']);
  assert.equal(planner.user.language, 'en');
  for (const perm of ['buffer:read', 'replenishment:approve', 'profile:read'])
    assert.ok(planner.user.permissions.includes(perm), perm);
  assert.ok(!planner.user.permissions.includes('audit:read'));
  const viewer = (await login(DEMO.viewer, t.demo.password)).json() as Session;
  assert.deepEqual(viewer.user.roles, ['Viewer']);
  assert.ok(!viewer.user.permissions.includes('buffer:write'));
});

test(`refresh rotates the token, and replaying a spent one revokes the whole session (${mode})`, async () => {
  const first = (await login(t.demo.email, t.demo.password)).json() as Session;
  const r1 = await refresh(first.refresh_token);
  assert.equal(r1.statusCode, 200);
  const second = r1.json() as Session;
  assert.notEqual(second.refresh_token, first.refresh_token);
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: as(second.access_token) });
  assert.equal(me.statusCode, 200);

  const replay = await refresh(first.refresh_token);
  assert.equal(replay.statusCode, 401);
  assert.equal((replay.json() as { code: string }).code, 'identity.invalid_refresh_token');
  const afterReplay = await refresh(second.refresh_token);
  assert.equal(afterReplay.statusCode, 401, 'the family died with the replay');

  const { rows } = await t.platform.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from audit_log where action = 'auth.token_reuse'`,
  );
  assert.ok((rows[0]?.n ?? 0) >= 1);
});

test(`two refreshes racing with one token: exactly one wins (${mode})`, async () => {
  const s = (await login(t.demo.email, t.demo.password)).json() as Session;
  const results = await Promise.all([refresh(s.refresh_token), refresh(s.refresh_token)]);
  assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 401]);
});

test(`an unknown or garbled refresh token is a 401, a short one a 400 (${mode})`, async () => {
  assert.equal((await refresh('x'.repeat(43))).statusCode, 401);
  assert.equal((await refresh('short')).statusCode, 400);
});

test(`logout ends the session; logout everywhere ends them all (${mode})`, async () => {
  const a = (await login(t.demo.email, t.demo.password)).json() as Session;
  const b = (await login(t.demo.email, t.demo.password)).json() as Session;
  const out = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/logout',
    headers: as(a.access_token),
    payload: { refresh_token: a.refresh_token },
  });
  assert.equal(out.statusCode, 204);
  assert.equal((await refresh(a.refresh_token)).statusCode, 401);
  const bNext = await refresh(b.refresh_token);
  assert.equal(bNext.statusCode, 200, 'another session lives on');
  const all = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/logout',
    headers: as((bNext.json() as Session).access_token),
    payload: { all: true },
  });
  assert.equal(all.statusCode, 204);
  assert.equal((await refresh((bNext.json() as Session).refresh_token)).statusCode, 401);
});

test(`five wrong passwords lock the account, even for the right one, until the lock ends (${mode})`, async () => {
  const email = 'lock@lockco.example';
  const password = 'Right-Password-42';
  const tenant = await ensureTenant(t.platform, {
    slug: 'lockco',
    name: 'Lock Co',
    admin: { email, name: 'L', password },
  });
  for (let i = 0; i < 5; i++) assert.equal((await login(email, 'Wrong-Password-42')).statusCode, 401);
  const locked = await login(email, password);
  assert.equal(locked.statusCode, 401);
  const unknown = await login('nobody@lockco.example', password);
  assert.deepEqual(
    { ...(locked.json() as object), request_id: null },
    { ...(unknown.json() as object), request_id: null },
    'a locked account looks like any failure',
  );
  const db = t.platform.database.db;
  const { rows } = await db.execute<{ reason: string; n: number }>(
    sql`select reason, count(*)::int as n from login_attempts where email = ${email} group by reason order by reason`,
  );
  assert.deepEqual(
    rows.map((r) => [r.reason, r.n]),
    [
      ['locked', 1],
      ['wrong_password', 5],
    ],
  );
  await db.update(users).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(users.email, email));
  assert.equal((await login(email, password)).statusCode, 200);
  const audits = await db.execute<{ action: string }>(
    sql`select action from audit_log where tenant_id = ${tenant.tenantId} order by created_at, action`,
  );
  assert.ok(audits.rows.some((r) => r.action === 'auth.account_locked'));
  assert.ok(audits.rows.some((r) => r.action === 'auth.login'));
});

test(`the audit log lists the caller's tenant only, with filters, for who may read it (${mode})`, async () => {
  const admin = (await login(t.demo.email, t.demo.password)).json() as Session;
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/audit-log?action=auth.login&limit=5',
    headers: as(admin.access_token),
  });
  assert.equal(res.statusCode, 200);
  const body = res.json() as {
    data: { action: string; ip: string | null }[];
    pagination: { total: number; limit: number };
  };
  assert.ok(body.data.length > 0 && body.data.length <= 5);
  assert.ok(body.data.every((e) => e.action === 'auth.login'));
  assert.equal(body.pagination.limit, 5);
  const all = await t.app.inject({
    method: 'GET',
    url: '/api/v1/audit-log?limit=100',
    headers: as(admin.access_token),
  });
  const actions = (all.json() as { data: { action: string }[] }).data;
  assert.ok(!actions.some((a) => a.action === 'auth.account_locked'), 'another tenant lockout is not listed');

  const viewer = (await login(DEMO.viewer, t.demo.password)).json() as Session;
  const denied = await t.app.inject({
    method: 'GET',
    url: '/api/v1/audit-log',
    headers: as(viewer.access_token),
  });
  assert.equal(denied.statusCode, 403);
  const bad = await t.app.inject({
    method: 'GET',
    url: '/api/v1/audit-log?from=yesterday',
    headers: as(admin.access_token),
  });
  assert.equal(bad.statusCode, 400);
});

test(`an email in two organisations: a wrong password is the same 401 as anyone's, tenant_required only after the right one (${mode})`, async () => {
  const email = 'twin@twins.example';
  for (const [slug, password] of [
    ['twin-a', 'Twin-Password-A1'],
    ['twin-b', 'Twin-Password-B2'],
  ] as const)
    await ensureTenant(t.platform, { slug, name: slug, admin: { email, name: 'Twin', password } });
  const same = (r: { json: () => unknown }) => ({ ...(r.json() as object), request_id: null });
  const unknown = await login('nobody@twins.example', 'Wrong-Password-9');
  const wrong = await login(email, 'Wrong-Password-9');
  assert.equal(wrong.statusCode, 401);
  assert.deepEqual(same(wrong), same(unknown), 'a wrong password does not reveal the email');
  for (const password of ['Twin-Password-A1', 'Twin-Password-B2']) {
    const right = await login(email, password);
    assert.equal(right.statusCode, 400);
    assert.equal((right.json() as { code: string }).code, 'identity.tenant_required');
  }
  assert.equal((await login(email, 'Twin-Password-A1', 'twin-a')).statusCode, 200);
  const { rows } = await t.platform.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from login_attempts where email = ${email} and reason = 'wrong_password'`,
  );
  assert.equal(rows[0]?.n, 2, 'the wrong password counts against both accounts');
});

test(`forgot-password answers alike and queues the same work for known, unknown and shared emails (${mode})`, async () => {
  await ensureTenant(t.platform, {
    slug: 'forgot-a',
    name: 'Forgot A',
    admin: { email: 'shared@forgot.example', name: 'S', password: 'Forgot-Password-1' },
  });
  await ensureTenant(t.platform, {
    slug: 'forgot-b',
    name: 'Forgot B',
    admin: { email: 'shared@forgot.example', name: 'S', password: 'Forgot-Password-2' },
  });
  const emails = [t.demo.email, 'ghost@forgot.example', 'shared@forgot.example'];
  const answers = [];
  for (const email of emails) {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email } });
    answers.push([r.statusCode, r.body]);
  }
  assert.deepEqual(
    answers,
    emails.map(() => [202, '{"accepted":true}']),
  );
  for (const email of emails) {
    const { rows } = await t.platform.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'identity-forgot-password' and data->>'email' = ${email}`,
    );
    assert.equal(rows[0]?.n, 1, `a job for ${email}`);
  }
});
