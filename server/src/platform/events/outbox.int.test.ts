import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { idempotent } from './consumer.ts';
import { defineEvent, type EventEnvelope } from './envelope.ts';
import { createOutboxRelay } from './relay.ts';

const pinged = defineEvent('analytics.test.pinged', 1, z.object({ n: z.number() }));

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => {
  await t?.close();
});

const unpublished = async () => {
  const { rows } = await t.platform.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from outbox where published_at is null`,
  );
  return rows[0]?.n ?? -1;
};

test(`an event raised in a rolled-back transaction is never stored nor published (${mode})`, async () => {
  const seen: EventEnvelope[] = [];
  const off = t.platform.onEvent((e) => e.type === pinged.type && seen.push(e));
  const tenantId = t.demo.tenantId;
  await assert.rejects(
    t.platform.uow(async (_tx, emit) => {
      emit(pinged.create({ tenantId, aggregateId: 'a', payload: { n: 1 } }));
      throw new Error('business rule failed');
    }),
    /business rule failed/,
  );
  await t.platform.relay.runOnce();
  await new Promise((r) => setTimeout(r, 200));
  off();
  assert.equal(seen.length, 0);
  const { rows } = await t.platform.database.db.execute(
    sql`select 1 from outbox where type = ${pinged.type}`,
  );
  assert.equal(rows.length, 0);
});

test(`a committed event reaches each consumer exactly once though the relay crashes after publishing (${mode})`, async () => {
  const p = t.platform;
  const effects = { a: 0, b: 0 };
  const consumer = (name: 'a' | 'b') =>
    idempotent(p.database.db, `test-${name}`, async (tx, e) => {
      if (e.type !== pinged.type) return;
      await tx.execute(sql`select 1`);
      effects[name]++;
    });
  const subA = await p.bus.subscribe('test-a', ['analytics.test.*'], consumer('a'));
  const subB = await p.bus.subscribe('test-b', ['analytics.>'], consumer('b'));

  // Stop the app's own relay so the crash is ours to stage.
  await p.relay.stop();
  const crashing = createOutboxRelay({
    db: p.database.db,
    bus: p.bus,
    log: p.log,
    pollMs: 1000,
    afterPublish: () => {
      throw new Error('relay died after publishing');
    },
  });
  await p.uow(async (_tx, emit) => {
    emit(pinged.create({ tenantId: t.demo.tenantId, aggregateId: 'x', payload: { n: 2 } }));
  });
  await crashing.runOnce();
  assert.ok((await unpublished()) >= 1, 'the crash left the row unmarked');

  // A new relay publishes it again: a duplicate on the wire, never a second effect.
  const recovered = createOutboxRelay({ db: p.database.db, bus: p.bus, log: p.log, pollMs: 1000 });
  await recovered.runOnce();
  assert.equal(await unpublished(), 0);
  await eventually(() => effects.a === 1 && effects.b === 1, 'both consumers');
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(effects, { a: 1, b: 1 });
  await subA.close();
  await subB.close();
  p.relay.start();
});

test(`the relay publishes in commit order and marks every row (${mode})`, async () => {
  const got: number[] = [];
  const sub = await t.platform.bus.subscribe('test-order', ['analytics.test.pinged'], async (e) => {
    got.push((e.payload as { n: number }).n);
  });
  for (let n = 10; n < 15; n++) {
    await t.platform.uow(async (_tx, emit) => {
      emit(pinged.create({ tenantId: t.demo.tenantId, aggregateId: String(n), payload: { n } }));
    });
  }
  await eventually(() => got.includes(14), 'the last event');
  // A new JetStream durable starts at the stream's beginning, so earlier tests' events come first.
  assert.deepEqual(
    got.filter((n) => n >= 10),
    [10, 11, 12, 13, 14],
  );
  assert.equal(await unpublished(), 0);
  await sub.close();
});

test('an event payload that breaks its schema is refused before it is stored', () => {
  assert.throws(() =>
    pinged.create({ tenantId: null, aggregateId: 'x', payload: { n: 'one' } as unknown as { n: number } }),
  );
});
