import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';

/** POSTs as the app's client would, with an optional bearer token. */
const poster = (t: TestApp) => (url: string, payload?: object, token?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    ...(payload ? { payload } : {}),
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });

test(`2FA: enrol, confirm, sign in with a code once, recover with a recovery code, turn off (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const post = poster(t);
    const creds = { email: t.demo.email, password: t.demo.password };
    const { access_token } = (await post('/api/v1/auth/login', creds)).json() as { access_token: string };

    const enrol = await post('/api/v1/auth/enable-2fa', undefined, access_token);
    assert.equal(enrol.statusCode, 200);
    const e = enrol.json() as {
      secret: string;
      otpauth_uri: string;
      qr_svg: string;
      recovery_codes: string[];
    };
    assert.match(e.otpauth_uri, /^otpauth:\/\/totp\/Flujo:/);
    assert.match(e.qr_svg, /^<svg/);
    assert.equal(e.recovery_codes.length, 10);
    assert.equal(
      (await post('/api/v1/auth/login', creds)).json().access_token !== undefined,
      true,
      'not on before confirmation',
    );
    assert.equal((await post('/api/v1/auth/confirm-2fa', { code: '000000' }, access_token)).statusCode, 401);
    const code = await generate({ secret: e.secret });
    assert.equal((await post('/api/v1/auth/confirm-2fa', { code }, access_token)).statusCode, 204);

    const step1 = (await post('/api/v1/auth/login', creds)).json() as {
      mfa_required: boolean;
      mfa_token: string;
      access_token?: string;
    };
    assert.equal(step1.mfa_required, true);
    assert.equal(step1.access_token, undefined);
    const reused = await post('/api/v1/auth/verify-2fa', { mfa_token: step1.mfa_token, code });
    assert.equal(reused.statusCode, 401, 'the confirmation code cannot be used again');

    const recovery = e.recovery_codes[0] ?? '';
    const ok = await post('/api/v1/auth/verify-2fa', { mfa_token: step1.mfa_token, code: recovery });
    assert.equal(ok.statusCode, 200);
    const session = ok.json() as { access_token: string };
    const step2 = (await post('/api/v1/auth/login', creds)).json() as { mfa_token: string };
    assert.equal(
      (await post('/api/v1/auth/verify-2fa', { mfa_token: step2.mfa_token, code: recovery })).statusCode,
      401,
      'a recovery code is spent',
    );
    assert.equal(
      (
        (await post('/api/v1/auth/verify-2fa', { mfa_token: step1.mfa_token, code: '123456' })).json() as {
          code: string;
        }
      ).code,
      'identity.invalid_mfa_token',
      'a challenge is single use',
    );

    assert.equal(
      (
        await post(
          '/api/v1/auth/disable-2fa',
          { password: 'wrong-password', code: e.recovery_codes[1] },
          session.access_token,
        )
      ).statusCode,
      400,
    );
    assert.equal(
      (
        await post(
          '/api/v1/auth/disable-2fa',
          { password: creds.password, code: e.recovery_codes[1] },
          session.access_token,
        )
      ).statusCode,
      204,
    );
    assert.ok(
      ((await post('/api/v1/auth/login', creds)).json() as { access_token?: string }).access_token,
      '2FA is off again',
    );
  } finally {
    await t.close();
  }
});

test(`when an organisation requires 2FA of admins, an admin without it reaches only their account (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const signIn = async () =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: t.demo.email, password: t.demo.password },
        })
      ).json() as { access_token: string; user: { permissions: string[]; mfa_enrolment_required?: boolean } };
    const before = await signIn();
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/tenants/current',
      headers: { authorization: `Bearer ${before.access_token}` },
      payload: { settings: { require_2fa_for_admins: true } },
    });
    const after = await signIn();
    assert.equal(after.user.mfa_enrolment_required, true);
    const h = { authorization: `Bearer ${after.access_token}` };
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: h })).statusCode, 403);
    const enrol = await t.app.inject({ method: 'POST', url: '/api/v1/auth/enable-2fa', headers: h });
    assert.equal(enrol.statusCode, 200);
    const code = await generate({ secret: (enrol.json() as { secret: string }).secret });
    assert.equal(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/confirm-2fa', headers: h, payload: { code } }))
        .statusCode,
      204,
    );
    const planner = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'planner@demo.flujo.dev', password: t.demo.password },
      })
    ).json() as { user: { permissions: string[] } };
    assert.ok(planner.user.permissions.includes('buffer:read'), 'the rule is for admins only');
  } finally {
    await t.close();
  }
});

/** Turns 2FA on for the demo admin; returns a poster and the recovery codes. */
const enrolDemoAdmin = async (t: TestApp, settings?: object) => {
  const post = poster(t);
  const creds = { email: t.demo.email, password: t.demo.password };
  const { access_token } = (await post('/api/v1/auth/login', creds)).json() as { access_token: string };
  if (settings) {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/tenants/current',
      headers: { authorization: `Bearer ${access_token}` },
      payload: { settings },
    });
    assert.equal(put.statusCode, 200);
  }
  const e = (await post('/api/v1/auth/enable-2fa', undefined, access_token)).json() as {
    secret: string;
    recovery_codes: string[];
  };
  const code = await generate({ secret: e.secret });
  assert.equal((await post('/api/v1/auth/confirm-2fa', { code }, access_token)).statusCode, 204);
  const challenge = async () =>
    ((await post('/api/v1/auth/login', creds)).json() as { mfa_token: string }).mfa_token;
  const verify = (mfa_token: string, code: string) => post('/api/v1/auth/verify-2fa', { mfa_token, code });
  return { recovery: e.recovery_codes, challenge, verify, login: () => post('/api/v1/auth/login', creds) };
};

test(`a 2FA challenge allows five codes and hands back no new one; then it is spent (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const f = await enrolDemoAdmin(t, { lockout_threshold: 50 });
    const token = await f.challenge();
    for (let i = 0; i < 5; i++) {
      const wrong = await f.verify(token, i % 2 ? '000000' : 'abcdef0123');
      assert.equal(wrong.statusCode, 401);
      const body = wrong.json() as { code: string; mfa_token?: string };
      assert.equal(body.code, 'identity.invalid_mfa_code');
      assert.equal(body.mfa_token, undefined, 'a wrong code earns no fresh challenge');
    }
    const late = await f.verify(token, f.recovery[0] ?? '');
    assert.equal(late.statusCode, 401);
    assert.equal(
      (late.json() as { code: string }).code,
      'identity.invalid_mfa_token',
      'the sixth try is refused',
    );
    assert.equal((await f.verify(await f.challenge(), f.recovery[0] ?? '')).statusCode, 200);
  } finally {
    await t.close();
  }
});

test(`concurrent guesses on one challenge get five tries between them (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const f = await enrolDemoAdmin(t, { lockout_threshold: 50 });
    const token = await f.challenge();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => f.verify(token, String(100_000 + i))),
    );
    const codes = results.map((r) => (r.json() as { code: string }).code);
    assert.equal(codes.filter((c) => c === 'identity.invalid_mfa_code').length, 5);
    assert.equal(codes.filter((c) => c === 'identity.invalid_mfa_token').length, 15);
  } finally {
    await t.close();
  }
});

test(`wrong 2FA codes count toward the account lockout like wrong passwords (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const f = await enrolDemoAdmin(t);
    const first = await f.challenge();
    for (let i = 0; i < 3; i++) assert.equal((await f.verify(first, '000000')).statusCode, 401);
    const second = await f.challenge();
    assert.equal((await f.verify(second, 'not-a-recovery-code')).statusCode, 401);
    const pending = await f.challenge();
    assert.equal((await f.verify(second, '111111')).statusCode, 401, 'the fifth failure locks');
    const right = await f.verify(pending, f.recovery[0] ?? '');
    assert.equal(right.statusCode, 401, 'a locked account cannot finish a pending challenge');
    const locked = await f.login();
    assert.equal(locked.statusCode, 401);
    assert.equal((locked.json() as { code: string }).code, 'identity.invalid_credentials');
    const { rows } = await t.platform.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from login_attempts where reason = 'wrong_2fa_code'`,
    );
    assert.equal(rows[0]?.n, 5);
  } finally {
    await t.close();
  }
});
