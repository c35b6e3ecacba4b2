import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { startSmtpListener } from '../../../test/smtp-listener.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => {
  await t?.close();
});

type Mail = { to: string; subject: string; text: string };
const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });
/** The dev mailbox as an admin of the organisation (the demo one unless told) sees it. */
const mailbox = async (to: string, tenantId = t.demo.tenantId) => {
  const admin = await t.tokenFor({ tenantId });
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/dev/mailbox?to=${encodeURIComponent(to)}`,
    headers: { authorization: `Bearer ${admin}` },
  });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { data: Mail[] }).data;
};
const tokenIn = (mail: Mail | undefined) => mail?.text.match(/token=([\w-]+)/)?.[1] ?? '';

test(`register → signed in at once; a later sign-in waits for the mailed confirmation (${mode})`, async () => {
  const email = 'lucia@andes.example';
  const reg = await post('/api/v1/auth/register', {
    tenant_name: 'Ferretería Los Andes',
    name: 'Lucía',
    email,
    password: 'Andes-Ferreteria-9',
    language: 'es',
  });
  assert.equal(reg.statusCode, 201, reg.body);
  const session = reg.json() as { tenant: { id: string; slug: string }; user: { roles: string[] } };
  assert.equal(session.tenant.slug, 'ferreteria-los-andes');
  assert.deepEqual(session.user.roles, ['Admin']);

  const blocked = await post('/api/v1/auth/login', { email, password: 'Andes-Ferreteria-9' });
  assert.equal(blocked.statusCode, 403);
  assert.equal((blocked.json() as { code: string }).code, 'identity.email_unverified');

  const mails = await eventually(
    async () => {
      const m = await mailbox(email, session.tenant.id);
      return m.length > 0 && m;
    },
    'the verification mail',
    15_000,
  );
  assert.match(mails[0]?.subject ?? '', /Confirma tu correo/, 'in the user language');
  const token = tokenIn(mails[0]);
  assert.equal((await post('/api/v1/auth/verify-email', { token })).statusCode, 200);
  assert.equal((await post('/api/v1/auth/verify-email', { token })).statusCode, 400, 'single use');
  assert.equal((await post('/api/v1/auth/login', { email, password: 'Andes-Ferreteria-9' })).statusCode, 200);

  const again = await post('/api/v1/auth/register', {
    tenant_name: 'Ferretería Los Andes',
    name: 'X',
    email: 'x@andes.example',
    password: 'Another-Good-Pass-1',
  });
  assert.equal(again.statusCode, 409);
  const weak = await post('/api/v1/auth/register', {
    tenant_name: 'Weak Co',
    name: 'W',
    email: 'w@weak.example',
    password: 'password',
  });
  assert.equal(weak.statusCode, 400);
});

test(`forgot → reset: same answer for unknown emails, one-use token, sessions end, lockout lifted (${mode})`, async () => {
  const email = t.demo.email;
  const login = await post('/api/v1/auth/login', { email, password: t.demo.password });
  const { refresh_token } = login.json() as { refresh_token: string };
  assert.equal(
    (await post('/api/v1/auth/forgot-password', { email: 'ghost@nowhere.example' })).statusCode,
    202,
  );
  assert.equal((await post('/api/v1/auth/forgot-password', { email: email.toUpperCase() })).statusCode, 202);
  const mails = await eventually(
    async () => {
      const m = (await mailbox(email)).filter((x) => /contraseña|password/i.test(x.subject));
      return m.length > 0 && m;
    },
    'the reset mail',
    15_000,
  );
  assert.equal((await mailbox('ghost@nowhere.example')).length, 0);
  const token = tokenIn(mails.at(-1));
  assert.equal((await post('/api/v1/auth/reset-password', { token, password: 'short' })).statusCode, 400);
  assert.equal(
    (await post('/api/v1/auth/reset-password', { token, password: 'Brand-New-Demo-Pass' })).statusCode,
    204,
  );
  assert.equal(
    (await post('/api/v1/auth/reset-password', { token, password: 'Brand-New-Demo-Pass' })).statusCode,
    400,
  );
  assert.equal((await post('/api/v1/auth/refresh', { refresh_token })).statusCode, 401, 'old sessions ended');
  assert.equal(
    (await post('/api/v1/auth/login', { email, password: 'Brand-New-Demo-Pass' })).statusCode,
    200,
  );
  assert.equal((await post('/api/v1/auth/login', { email, password: t.demo.password })).statusCode, 401);
});

test(`the sign-in endpoints have their own per-IP limit (${mode})`, async () => {
  const limited = await buildTestApp({ env: { AUTH_RATE_LIMIT_MAX: '3' } });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'a@b.example', password: 'x' },
      });
      codes.push(r.statusCode);
    }
    assert.deepEqual(codes, [401, 401, 401, 429]);
  } finally {
    await limited.close();
  }
});

test(`with SMTP_URL the mail goes out over SMTP, in the recipient's language (${mode})`, async () => {
  const smtp = await startSmtpListener();
  const app = await buildTestApp({ env: { SMTP_URL: smtp.url } });
  try {
    const r = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      payload: { email: 'planner@demo.flujo.dev' },
    });
    assert.equal(r.statusCode, 202);
    const raw = await eventually(
      () => smtp.messages.find((m) => m.includes('planner@demo.flujo.dev')),
      'the SMTP message',
      15_000,
    );
    assert.match(raw, /Subject: Reset your Flujo password/);
    // The body is quoted-printable: undo soft line breaks and the escaped '='.
    const body = raw.replace(/=\n/g, '').replace(/=3D/g, '=');
    assert.match(body, /reset-password\?token=[\w-]{40,}/);
    const dev = await app.app.inject({ method: 'GET', url: '/api/v1/dev/mailbox' });
    assert.equal(dev.statusCode, 404, 'no dev mailbox when real mail is configured');
  } finally {
    await app.close();
    await smtp.close();
  }
});

test(`an invited user chooses a password from the mail, then signs in (${mode})`, async () => {
  const admin = await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId });
  const email = 'nuevo@demo.flujo.dev';
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { authorization: `Bearer ${admin}` },
    payload: { email, name: 'Nuevo', language: 'en' },
  });
  assert.equal(created.statusCode, 201);
  assert.equal((created.json() as { email_verified: boolean }).email_verified, false);
  const mails = await eventually(
    async () => {
      const m = await mailbox(email);
      return m.length > 0 && m;
    },
    'the invitation',
    15_000,
  );
  assert.match(mails[0]?.subject ?? '', /invited/);
  assert.equal(
    (await post('/api/v1/auth/reset-password', { token: tokenIn(mails[0]), password: 'Chosen-By-Nuevo-1' }))
      .statusCode,
    204,
  );
  assert.equal((await post('/api/v1/auth/login', { email, password: 'Chosen-By-Nuevo-1' })).statusCode, 200);
});
