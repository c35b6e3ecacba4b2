import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, mode } from '../../../test/helpers.ts';
import { idempotent } from './consumer.ts';
import type { EventEnvelope } from './envelope.ts';

test(`an idempotent consumer has one effect per event however often it is delivered (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const db = t.platform.database.db;
    await db.execute(sql`create table test_effects (event_id uuid, n int)`);
    let fail = true;
    const handler = idempotent(db, 'test-effects', async (tx, e) => {
      await tx.execute(sql`insert into test_effects values (${e.id}, 1)`);
      if (fail) throw new Error('crash after the write');
    });
    const e: EventEnvelope = {
      id: crypto.randomUUID(),
      type: 'analytics.test.x',
      version: 1,
      tenantId: null,
      aggregateId: 'a',
      payload: {},
      occurredAt: new Date().toISOString(),
    };
    await assert.rejects(handler(e), /crash after the write/);
    fail = false;
    await handler(e);
    await handler(e);
    const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from test_effects`);
    assert.equal(rows[0]?.n, 1, 'the failed attempt rolled back; the redelivery was skipped');
  } finally {
    await t.close();
  }
});
