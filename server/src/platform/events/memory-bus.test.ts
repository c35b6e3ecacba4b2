import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../observability/log.ts';
import type { EventEnvelope } from './envelope.ts';
import { createMemoryBus } from './memory-bus.ts';

const log = createLogger({ LOG_LEVEL: 'silent', LOG_FORMAT: 'json' });
const ev = (id: string, type = 'inventory.stock.updated'): EventEnvelope => ({
  id,
  type,
  version: 1,
  tenantId: null,
  aggregateId: 'a',
  payload: {},
  occurredAt: new Date().toISOString(),
});
const settle = () => new Promise((r) => setTimeout(r, 30));

test('each consumer gets each matching event once, in order; a re-published id is dropped', async () => {
  const bus = createMemoryBus({ log });
  const a: string[] = [];
  const b: string[] = [];
  await bus.subscribe('a', ['inventory.>'], async (e) => void a.push(e.id));
  await bus.subscribe('b', ['inventory.reservation.*'], async (e) => void b.push(e.id));
  await bus.publish(ev('1'));
  await bus.publish(ev('2', 'inventory.reservation.created'));
  await bus.publish(ev('1'));
  await settle();
  assert.deepEqual(a, ['1', '2']);
  assert.deepEqual(b, ['2']);
  await bus.close();
});

test('a failing handler is retried, then dropped after maxDeliver attempts', async () => {
  const outcomes: string[] = [];
  const bus = createMemoryBus({
    log,
    retryDelayMs: 1,
    maxDeliver: 3,
    onDelivered: (_c, o) => outcomes.push(o),
  });
  let calls = 0;
  await bus.subscribe('flaky', ['>'], async () => {
    calls++;
    if (calls < 2) throw new Error('transient');
  });
  await bus.subscribe('broken', ['>'], async () => {
    throw new Error('always');
  });
  await bus.publish(ev('x'));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(calls, 2);
  assert.deepEqual(outcomes.filter((o) => o === 'dropped').length, 1);
  assert.ok(outcomes.includes('ok'));
  await bus.close();
});

test('a consumer name can be subscribed once; taps see everything', async () => {
  const bus = createMemoryBus({ log });
  await bus.subscribe('one', ['>'], async () => {});
  await assert.rejects(
    bus.subscribe('one', ['>'], async () => {}),
    /already subscribed/,
  );
  const tapped: string[] = [];
  await bus.tap((e) => void tapped.push(e.type));
  await bus.publish(ev('t1', 'planning.buffer.calculated'));
  assert.deepEqual(tapped, ['planning.buffer.calculated']);
  await bus.close();
  assert.equal(bus.status(), 'down');
});
