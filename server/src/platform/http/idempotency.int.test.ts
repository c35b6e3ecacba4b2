import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let token: string;
let otherToken: string;
let effects = 0;

before(async () => {
  t = await buildTestApp({
    extraRoutes: (app) => {
      app.post(
        '/api/v1/test/things',
        {
          config: { permission: 'things:create' },
          schema: { body: z.object({ name: z.string(), slow: z.boolean().optional() }) },
        },
        async (req, reply) => {
          const r = await t.platform.idempotency.run(
            req.ctx,
            req.headers['idempotency-key'] as string | undefined,
            'POST /api/v1/test/things',
            req.body,
            (record) =>
              t.platform.uow.forTenant(req.ctx.tenantId, async (tx) => {
                if (req.body.name === 'reject') throw new Error('boom');
                if (req.body.slow) await new Promise((res) => setTimeout(res, 300));
                effects++;
                const outcome = { status: 201, body: { id: effects, name: req.body.name } };
                await record(tx, outcome);
                return outcome;
              }),
            { required: true },
          );
          if (r.replayed) reply.header('idempotent-replayed', 'true');
          return reply.code(r.status).send(r.body);
        },
      );
    },
  });
  token = await t.tokenFor({ tenantId: t.demo.tenantId });
  const { rows } = await t.platform.database.db.execute<{ id: string }>(
    sql`insert into tenants (slug, name) values ('idem-other', 'Other') returning id`,
  );
  otherToken = await t.tokenFor({ tenantId: rows[0]?.id ?? '' });
});
after(async () => {
  await t?.close();
});

const post = (key: string | undefined, body: object, as = token) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/test/things',
    headers: { authorization: `Bearer ${as}`, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  });

test(`a retry with the same key and body replays the first response without a second effect (${mode})`, async () => {
  const before = effects;
  const first = await post('k-1', { name: 'a' });
  const retry = await post('k-1', { name: 'a' });
  assert.equal(first.statusCode, 201);
  assert.equal(retry.statusCode, 201);
  assert.deepEqual(retry.json(), first.json());
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.equal(effects, before + 1);
});

test(`the same key with a different body is a 409 (${mode})`, async () => {
  await post('k-2', { name: 'a' });
  const res = await post('k-2', { name: 'b' });
  assert.equal(res.statusCode, 409);
  assert.equal((res.json() as { code: string }).code, 'platform.idempotency_conflict');
});

test(`a missing key is a 400 naming the header; keys are per tenant (${mode})`, async () => {
  const res = await post(undefined, { name: 'a' });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(
    (res.json() as { errors: { field: string }[] }).errors[0]?.field,
    'header.idempotency-key',
  );
  const before = effects;
  await post('shared', { name: 'x' });
  const other = await post('shared', { name: 'x' }, otherToken);
  assert.equal(other.statusCode, 201);
  assert.equal(other.headers['idempotent-replayed'], undefined);
  assert.equal(effects, before + 2);
});

test(`a failed request frees its key for a corrected retry (${mode})`, async () => {
  const failed = await post('k-3', { name: 'reject' });
  assert.equal(failed.statusCode, 500);
  const { rows } = await t.platform.database.db.execute(
    sql`select 1 from idempotency_keys where key = 'k-3'`,
  );
  assert.equal(rows.length, 0);
});

test(`concurrent requests with one key have one effect (${mode})`, async () => {
  const before = effects;
  const results = await Promise.all([1, 2, 3].map(() => post('k-4', { name: 'c', slow: true })));
  const codes = results.map((r) => r.statusCode).sort();
  assert.equal(effects, before + 1);
  assert.equal(codes.filter((c) => c === 201).length >= 1, true);
  for (const r of results) assert.ok([201, 409].includes(r.statusCode), `got ${r.statusCode}`);
});
