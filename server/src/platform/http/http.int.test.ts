import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';

const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-web-'));
fs.mkdirSync(path.join(webDir, 'assets'));
fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root">shell</div>');
fs.writeFileSync(path.join(webDir, 'assets', 'app-1.js'), 'console.log(1)');

let t: TestApp;
before(async () => {
  t = await buildTestApp({ env: { BODY_LIMIT_BYTES: '2048', FLUJO_WEB_DIST: webDir } });
});
after(async () => {
  await t?.close();
});

const isProblem = (
  res: { headers: Record<string, unknown>; json: () => unknown },
  status: number,
  code: string,
) => {
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
  const body = res.json() as { status: number; code: string; title: string; detail: string; type: string };
  assert.equal(body.status, status);
  assert.equal(body.code, code);
  assert.ok(body.title && body.detail && body.type, 'problem has type, title and detail');
  return body;
};

describe(`errors are problem+json (${mode})`, () => {
  test('an unknown route is a 404 naming the path', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    assert.equal(res.statusCode, 404);
    assert.match(isProblem(res, 404, 'platform.not_found').detail, /\/api\/v1\/nothing-here/);
  });

  test('a body that is not JSON is a 400 invalid_json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c", ',
    });
    assert.equal(res.statusCode, 400);
    isProblem(res, 400, 'platform.invalid_json');
  });

  test('a validation failure is a 400 naming each bad field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'not-an-email', password: '' },
    });
    assert.equal(res.statusCode, 400);
    const body = isProblem(res, 400, 'platform.validation') as unknown as { errors: { field: string }[] };
    const fields = body.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['email', 'password']);
  });

  test('a body over the limit is a 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@b.co', password: 'x'.repeat(4096) },
    });
    assert.equal(res.statusCode, 413);
    isProblem(res, 413, 'platform.payload_too_large');
  });

  test('a content type the route does not accept is a 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    assert.equal(res.statusCode, 415);
    isProblem(res, 415, 'platform.unsupported_media_type');
  });

  test('every response carries a request id, and an incoming one is kept', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'abc-123' },
    });
    assert.equal(res.headers['x-request-id'], 'abc-123');
    const other = await t.app.inject({ method: 'GET', url: '/api/nope' });
    assert.equal((other.json() as { request_id: string }).request_id, other.headers['x-request-id']);
  });
});

// The security headers every answer carries, whatever route, caller or outcome.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests;connect-src 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

test(`every answer carries the security headers: public, signed in, refused, unknown (${mode})`, async () => {
  const token = await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId });
  const answers = {
    health: await t.app.inject({ method: 'GET', url: '/api/health' }),
    'signed in': await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${token}` },
    }),
    'no token': await t.app.inject({ method: 'GET', url: '/api/v1/users/me' }),
    unknown: await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }),
    'web app': await t.app.inject({ method: 'GET', url: '/' }),
  };
  for (const [what, res] of Object.entries(answers)) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      assert.equal(res.headers[name], value, `${what}: ${name}`);
    assert.equal(res.headers['x-powered-by'], undefined, what);
  }
});

describe(`authentication and permissions (${mode})`, () => {
  test('a protected route without a token is a 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/users/me' });
    assert.equal(res.statusCode, 401);
    isProblem(res, 401, 'platform.unauthenticated');
  });

  test('a token with alg none, a tampered or expired token, or another key is a 401', async () => {
    const good = await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId });
    const [h, p] = good.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), perms: ['*:*', 'x:y'] })).toString('base64url')}.${good.split('.')[2]}`;
    const otherKey = await new SignJWT({ tid: t.demo.tenantId, perms: ['*:*'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(t.demo.adminUserId)
      .setIssuer('flujo')
      .setAudience('flujo-api')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    const expired = await t.platform.tokens.sign(
      {
        tenantId: t.demo.tenantId,
        userId: t.demo.adminUserId,
        kind: 'user',
        roles: [],
        permissions: ['*:*'],
        storeIds: null,
      },
      -10,
    );
    for (const token of [none, tampered, otherKey, expired, 'garbage']) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/users/me',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(res.statusCode, 401, `token ${token.slice(0, 20)}… must be refused`);
    }
  });

  test('a valid token without the permission is a 403 naming it', async () => {
    const token = await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['buffer:read'] });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.statusCode, 403);
    assert.match(isProblem(res, 403, 'platform.forbidden').detail, /profile:read/);
  });

  test('the demo admin signs in and reads their profile', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: t.demo.email.toUpperCase(), password: t.demo.password },
    });
    assert.equal(login.statusCode, 200);
    const body = login.json() as {
      access_token: string;
      user: { roles: string[] };
      tenant: { slug: string };
    };
    assert.deepEqual(body.user.roles, ['Admin']);
    assert.equal(body.tenant.slug, 'demo');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    assert.equal(me.statusCode, 200);
    assert.equal((me.json() as { user: { email: string } }).user.email, t.demo.email);
  });

  test('a wrong password and an unknown email get the same answer', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: t.demo.email, password: 'not-the-password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@demo.flujo.dev', password: 'not-the-password' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(
      { ...(wrong.json() as object), request_id: null },
      { ...(unknown.json() as object), request_id: null },
    );
  });

  test('every route declares a permission or public, and protected ones refuse anonymous callers', async () => {
    const protectedRoutes = t.app.routeCatalog.filter((r) => !r.public);
    assert.ok(protectedRoutes.length > 0);
    for (const r of t.app.routeCatalog) assert.ok(r.public || r.permission, `${r.method} ${r.url}`);
    const noPerms = await t.tokenFor({ tenantId: t.demo.tenantId, permissions: [] });
    for (const r of protectedRoutes) {
      const url = r.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const anon = await t.app.inject({ method: r.method as 'GET', url });
      assert.equal(anon.statusCode, 401, `${r.method} ${r.url} without a token`);
      const denied = await t.app.inject({
        method: r.method as 'GET',
        url,
        headers: { authorization: `Bearer ${noPerms}` },
      });
      assert.equal(denied.statusCode, 403, `${r.method} ${r.url} without ${r.permission}`);
    }
  });
});

describe(`documents and the web app (${mode})`, () => {
  test('the OpenAPI 3.1 document lists the routes with their schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/health']?.get);
    assert.ok(doc.paths['/api/v1/auth/login']?.post?.requestBody);
  });

  test('the API reference UI is served at /api/docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /swagger/i);
  });

  test('deep links get the web app, assets are cached, /api paths stay JSON 404s', async () => {
    const deep = await t.app.inject({ method: 'GET', url: '/planning/buffers?zone=RED' });
    assert.equal(deep.statusCode, 200);
    assert.match(deep.body, /id="root"/);
    const asset = await t.app.inject({ method: 'GET', url: '/assets/app-1.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    const api = await t.app.inject({ method: 'GET', url: '/api/v2/whatever' });
    assert.equal(api.statusCode, 404);
    isProblem(api, 404, 'platform.not_found');
    const traversal = await t.app.inject({ method: 'GET', url: '/../../etc/passwd' });
    assert.doesNotMatch(traversal.body, /root:/);
  });

  test('health reports each dependency and metrics count requests', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.statusCode, 200);
    const h = res.json() as {
      status: string;
      mode: string;
      services: Record<string, string>;
      uptime: number;
    };
    assert.equal(h.status, 'healthy');
    assert.equal(h.mode, mode);
    assert.deepEqual(Object.keys(h.services).sort(), ['cache', 'database', 'events', 'jobs']);
    const ready = await t.app.inject({ method: 'GET', url: '/api/ready' });
    assert.equal(ready.statusCode, 200);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(
      metrics.body,
      /flujo_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/,
    );
  });
});

test(`a route without a permission or public stops the app from starting (${mode})`, async () => {
  await assert.rejects(
    buildTestApp({
      extraRoutes: (app) => {
        app.get('/api/v1/forgotten', async () => ({ ok: true }));
      },
    }),
    /GET \/api\/v1\/forgotten declares neither a permission nor public/,
  );
});

test(`too many requests are a 429 with Retry-After (${mode})`, async () => {
  const limited = await buildTestApp({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' } });
  try {
    const codes: number[] = [];
    let last: Awaited<ReturnType<typeof limited.app.inject>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await limited.app.inject({ method: 'GET', url: '/api/openapi.json' });
      codes.push(last.statusCode);
    }
    assert.deepEqual(codes, [200, 200, 200, 429, 429]);
    assert.ok(Number(last?.headers['retry-after']) > 0);
    isProblem(last as never, 429, 'platform.rate_limited');
    const health = await limited.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(health.statusCode, 200, 'probes are never rate limited');
  } finally {
    await limited.close();
  }
});

test(`CORS answers only the configured origins (${mode})`, async () => {
  const c = await buildTestApp({ env: { CORS_ORIGINS: 'https://app.example' } });
  try {
    const allowed = await c.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(allowed.statusCode, 204);
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example');
    const other = await c.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  } finally {
    await c.close();
  }
});

test(`signed-in callers are rate limited per user, not per address (${mode})`, async () => {
  const limited = await buildTestApp({ env: { RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_MS: '60000' } });
  try {
    const me = (token: string) =>
      limited.app.inject({
        method: 'GET',
        url: '/api/v1/users/me',
        headers: { authorization: `Bearer ${token}` },
      });
    const a = await limited.tokenFor({ tenantId: limited.demo.tenantId, userId: limited.demo.adminUserId });
    const b = await limited.tokenFor({
      tenantId: limited.demo.tenantId,
      // Another id: the admin's with its last hex digit changed (never to the same digit).
      userId: limited.demo.adminUserId.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
    });
    // Refused requests do not spend the budget: two 403s first.
    const denied = await limited.tokenFor({
      tenantId: limited.demo.tenantId,
      userId: limited.demo.adminUserId,
      permissions: [],
    });
    assert.equal((await me(denied)).statusCode, 403);
    assert.equal((await me(denied)).statusCode, 403);
    const first = await me(a);
    assert.equal(first.statusCode, 200, 'requests refused before counting do not count');
    assert.equal(first.headers['x-ratelimit-limit'], '2');
    assert.equal(first.headers['x-ratelimit-remaining'], '1');
    assert.ok(Number(first.headers['x-ratelimit-reset']) > 0);
    const codes = [first.statusCode, (await me(a)).statusCode, (await me(a)).statusCode];
    assert.equal(codes[1], 200);
    assert.equal(codes[2], 429);
    const limitedAnswer = await me(a);
    isProblem(limitedAnswer as never, 429, 'platform.rate_limited');
    assert.ok(Number(limitedAnswer.headers['retry-after']) > 0);
    assert.equal(limitedAnswer.headers['x-ratelimit-remaining'], '0');
    assert.notEqual((await me(b)).statusCode, 429, 'another user from the same address still gets through');
  } finally {
    await limited.close();
  }
});

test(`an organisation shares one request budget across its users (${mode})`, async () => {
  const limited = await buildTestApp({ env: { TENANT_RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' } });
  try {
    const tokens = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        limited.tokenFor({
          tenantId: limited.demo.tenantId,
          userId: `0190f3c4-0000-7000-8000-00000000000${i}`,
        }),
      ),
    );
    const codes: number[] = [];
    for (const tok of tokens) {
      const r = await limited.app.inject({
        method: 'GET',
        url: '/api/v1/roles',
        headers: { authorization: `Bearer ${tok}` },
      });
      codes.push(r.statusCode);
    }
    assert.deepEqual(codes, [200, 200, 200, 429]);
    const other = await limited.tokenFor({ tenantId: '0190f3c4-0000-7000-8000-0000000000ff' });
    const r = await limited.app.inject({
      method: 'GET',
      url: '/api/v1/roles',
      headers: { authorization: `Bearer ${other}` },
    });
    assert.notEqual(r.statusCode, 429, 'another organisation is not affected');
  } finally {
    await limited.close();
  }
});
