import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { buildTestApp, mode } from '../../../test/helpers.ts';
import { ensureTenant } from '../../modules/identity/index.ts';
import { defineEvent } from '../events/envelope.ts';

const noted = defineEvent('auth.test.noted', 1, z.object({}));
/** Drizzle wraps the driver error; the reason is in its cause. */
const rlsViolation = (err: Error) =>
  /row-level security/.test(`${err.message} ${(err.cause as Error)?.message}`);

test(`row-level security hides and protects other tenants' rows in a tenant-scoped transaction (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const p = t.platform;
    assert.equal(p.rowSecurity, true, 'the flujo_app role is in place');
    const other = await ensureTenant(p, {
      slug: 'rival',
      name: 'Rival',
      admin: { email: 'boss@rival.example', name: 'Boss', password: 'rival-password-1' },
    });
    // A query that forgot its tenant filter still sees only the scoped tenant.
    const seen = await p.uow.forTenant(
      t.demo.tenantId,
      async (tx) => (await tx.execute<{ email: string }>(sql`select email from users`)).rows,
    );
    const emails = seen.map((u) => u.email);
    // The scoped work runs as the unprivileged role in both modes, embedded too: superusers skip RLS.
    const [who] = await p.uow.forTenant(
      t.demo.tenantId,
      async (tx) =>
        (
          await tx.execute<{ role: string; superuser: string }>(
            sql`select current_user as role, current_setting('is_superuser') as superuser`,
          )
        ).rows,
    );
    assert.deepEqual(who, { role: 'flujo_app', superuser: 'off' });
    assert.ok(emails.includes(t.demo.email));
    assert.ok(!emails.includes('boss@rival.example'), 'another tenant row leaked');
    await assert.rejects(
      p.uow.forTenant(t.demo.tenantId, async (tx) => {
        await tx.execute(sql`insert into users (tenant_id, email, name, password_hash)
          values (${other.tenantId}, 'mole@x.example', 'Mole', 'x')`);
      }),
      rlsViolation,
    );
    await assert.rejects(
      p.uow.forTenant(t.demo.tenantId, async (_tx, emit) => {
        emit(noted.create({ tenantId: other.tenantId, aggregateId: 'x', payload: {} }));
      }),
      rlsViolation,
      'events cannot be raised in another tenant name',
    );
    // Outside a tenant scope (sign-in, relay) the owner role still sees everything.
    const { rows } = await p.database.db.execute<{ n: number }>(sql`select count(*)::int as n from users`);
    assert.equal(rows[0]?.n, emails.length + 1);
  } finally {
    await t.close();
  }
});

test(`every table with a tenant_id has row-level security, so a new module cannot forget it (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const { rows } = await t.platform.database.db.execute<{ table: string }>(sql`
      select c.relname as table
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      where c.relkind = 'r' and not c.relrowsecurity
      order by 1`);
    // Sign-in attempts are recorded before the tenant is known (unknown emails).
    assert.deepEqual(
      rows.map((r) => r.table),
      ['login_attempts'],
      "call flujo_tenant_rls('<table>') in the migration that creates it",
    );
  } finally {
    await t.close();
  }
});

test(`flujo_tenant_rls gives a new table the same isolation (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const db = t.platform.database.db;
    await db.execute(sql`create table test_things (tenant_id uuid not null, v int)`);
    await db.execute(sql`select flujo_tenant_rls('test_things')`);
    const other = crypto.randomUUID();
    await db.execute(sql`insert into test_things values (${t.demo.tenantId}, 1), (${other}, 2)`);
    const seen = await t.platform.uow.forTenant(t.demo.tenantId, async (tx) =>
      (await tx.execute<{ v: number }>(sql`select v from test_things`)).rows.map((r) => r.v),
    );
    assert.deepEqual(seen, [1]);
  } finally {
    await t.close();
  }
});
