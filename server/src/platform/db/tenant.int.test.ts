import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { buildTestApp, mode } from '../../../test/helpers.ts';
import { ensureTenant } from '../../modules/identity/index.ts';
import { users } from '../../modules/identity/schema.ts';
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
    const seen = await p.uow.forTenant(t.demo.tenantId, async (tx) =>
      tx.select({ email: users.email }).from(users),
    );
    const emails = seen.map((u) => u.email);
    assert.ok(emails.includes(t.demo.email));
    assert.ok(!emails.includes('boss@rival.example'), 'another tenant row leaked');
    await assert.rejects(
      p.uow.forTenant(t.demo.tenantId, async (tx) => {
        await tx
          .insert(users)
          .values({ tenantId: other.tenantId, email: 'mole@x.example', name: 'Mole', passwordHash: 'x' });
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
