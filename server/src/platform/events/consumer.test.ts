import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { createLogger, type Logger } from '../observability/log.ts';
import { eventConsumer, on } from './consumer.ts';
import { defineEvent, type EventEnvelope } from './envelope.ts';
import { createMemoryBus } from './memory-bus.ts';

const moved = defineEvent('test.stock.moved', 1, z.object({ product_id: z.string(), qty: z.number() }));
const held = defineEvent('test.stock.held', 1, z.object({ product_ids: z.array(z.string()) }));
const released = defineEvent('test.stock.released', 1, z.object({ product_ids: z.array(z.string()) }));

const raw = (id: string, type: string, payload: unknown): EventEnvelope => ({
  id,
  type,
  version: 1,
  tenantId: 't',
  aggregateId: 'a',
  payload,
  occurredAt: new Date().toISOString(),
});

/** A logger that keeps what is logged at error level. */
const recording = () => {
  const errors: { obj: Record<string, unknown>; msg: string }[] = [];
  const log = {
    error: (obj: Record<string, unknown>, msg: string) => void errors.push({ obj, msg }),
  } as unknown as Logger;
  return { log, errors };
};

test('a consumer listens to exactly the event types it handles', () => {
  const c = eventConsumer(recording().log, 'c', [
    on(moved, async () => {}),
    on([held, released], async () => {}),
  ]);
  assert.deepEqual(c.patterns, ['test.stock.moved', 'test.stock.held', 'test.stock.released']);
});

test('each handler gets its own event with the payload parsed (extra keys dropped)', async () => {
  const seen: string[] = [];
  const c = eventConsumer(recording().log, 'c', [
    on(moved, async (e) => void seen.push(`${e.payload.product_id}×${e.payload.qty + 1}`)),
    on([held, released], async (e) => void seen.push(`${e.type}:${e.payload.product_ids.join()}`)),
  ]);
  await c.handle(raw('1', 'test.stock.moved', { product_id: 'p', qty: 1, extra: true }));
  await c.handle(raw('2', 'test.stock.released', { product_ids: ['p', 'q'] }));
  await c.handle(raw('3', 'test.stock.other', {}));
  assert.deepEqual(seen, ['p×2', 'test.stock.released:p,q']);
});

test('a malformed payload is logged and skipped, not handed to the handler', async () => {
  const { log, errors } = recording();
  let calls = 0;
  const c = eventConsumer(log, 'c', [on(moved, async () => void calls++)]);
  for (const payload of [null, {}, { product_id: 'p', qty: 'one' }]) {
    await c.handle(raw('1', 'test.stock.moved', payload));
  }
  assert.equal(calls, 0);
  assert.equal(errors.length, 3);
  assert.deepEqual(
    errors.map((e) => [e.msg, e.obj.consumer, e.obj.type]),
    Array(3).fill(['malformed event payload; skipped', 'c', 'test.stock.moved']),
  );
});

test('a malformed payload does not hold up the events behind it on the bus', async () => {
  const outcomes: string[] = [];
  const bus = createMemoryBus({
    log: createLogger({ LOG_LEVEL: 'silent', LOG_FORMAT: 'json' }),
    retryDelayMs: 1,
    onDelivered: (_c, o) => outcomes.push(o),
  });
  const handled: string[] = [];
  const c = eventConsumer(recording().log, 'c', [on(moved, async (e) => void handled.push(e.id))]);
  await bus.subscribe(c.name, c.patterns, c.handle);
  await bus.publish(raw('bad', 'test.stock.moved', { qty: 1 }));
  await bus.publish(raw('good', 'test.stock.moved', { product_id: 'p', qty: 1 }));
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(handled, ['good']);
  assert.deepEqual(outcomes, ['ok', 'ok'], 'skipped at once, never retried');
  await bus.close();
});

test('one event type handled twice in a consumer is refused at start', () => {
  assert.throws(
    () => eventConsumer(recording().log, 'c', [on(moved, async () => {}), on(moved, async () => {})]),
    /c handles test.stock.moved twice/,
  );
});

test('read returns the event typed when its payload fits, else undefined', () => {
  assert.equal(moved.read(raw('1', 'test.stock.moved', { product_id: 'p', qty: 2 }))?.payload.qty, 2);
  assert.equal(moved.read(raw('1', 'test.stock.moved', { product_id: 'p' })), undefined);
  assert.equal(moved.read(raw('1', 'test.stock.held', { product_id: 'p', qty: 2 })), undefined);
});
