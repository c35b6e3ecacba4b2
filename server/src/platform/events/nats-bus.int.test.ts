import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { v7 as uuidv7 } from 'uuid';
import { eventually } from '../../../test/helpers.ts';
import { createLogger } from '../observability/log.ts';
import type { EventBus } from './bus.ts';
import type { EventEnvelope } from './envelope.ts';
import { createNatsBus, type NatsBusOptions } from './nats-bus.ts';

const url = process.env.NATS_URL;
const log = createLogger({ LOG_LEVEL: 'silent', LOG_FORMAT: 'json' });
const prefix = `t${Math.random().toString(36).slice(2, 8)}`;
const contexts = ['inventory', 'planning'];
const buses: EventBus[] = [];

const bus = async (extra: Partial<NatsBusOptions> = {}) => {
  const b = await createNatsBus({
    url: url ?? '',
    log,
    contexts,
    streamPrefix: prefix,
    ackWaitMs: 2000,
    retryDelayMs: 20,
    ...extra,
  });
  buses.push(b);
  return b;
};
const ev = (type = 'inventory.stock.updated', id = uuidv7()): EventEnvelope => ({
  id,
  type,
  version: 1,
  tenantId: '0190f3c4-0000-7000-8000-000000000001',
  aggregateId: 'p-1',
  payload: { qty: '12.5' },
  occurredAt: new Date().toISOString(),
});
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

describe('JetStream event bus', { skip: !url && 'NATS_URL not set' }, () => {
  after(async () => {
    for (const b of buses) await b.close().catch(() => {});
    const nc = await connect({ servers: url });
    const jsm = await jetstreamManager(nc);
    for (const c of contexts) await jsm.streams.delete(`${prefix}_${c}`.toUpperCase()).catch(() => {});
    await nc.close();
  });

  test('a durable subscriber receives the envelope intact, once even when published twice', async () => {
    const b = await bus();
    const got: EventEnvelope[] = [];
    await b.subscribe('intact', ['inventory.>'], async (e) => void got.push(e));
    const e = ev();
    await b.publish(e);
    await b.publish(e);
    await eventually(() => got.length === 1, 'delivery');
    await settle();
    assert.deepEqual(got, [e]);
  });

  test('a failing handler is redelivered; one that always fails is terminated after maxDeliver', async () => {
    const outcomes: string[] = [];
    const b = await bus({ maxDeliver: 3, onDelivered: (c, o) => outcomes.push(`${c}:${o}`) });
    let flaky = 0;
    let broken = 0;
    await b.subscribe('flaky', ['planning.>'], async () => {
      if (++flaky === 1) throw new Error('transient');
    });
    await b.subscribe('broken', ['planning.>'], async () => {
      broken++;
      throw new Error('always');
    });
    await b.publish(ev('planning.buffer.calculated'));
    await eventually(
      () => outcomes.includes('broken:dropped') && outcomes.includes('flaky:ok'),
      'both outcomes',
      10_000,
    );
    assert.equal(flaky, 2);
    assert.equal(broken, 3);
  });

  test('a durable consumer resumes after a restart without redelivering what it acknowledged', async () => {
    const a = await bus();
    const first: string[] = [];
    const sub = await a.subscribe('resume', ['inventory.reservation.*'], async (e) => void first.push(e.id));
    const e1 = ev('inventory.reservation.created');
    await a.publish(e1);
    await eventually(() => first.length === 1, 'first event');
    await sub.close();
    const e2 = ev('inventory.reservation.created');
    await a.publish(e2);
    const b = await bus();
    const second: string[] = [];
    await b.subscribe('resume', ['inventory.reservation.*'], async (e) => void second.push(e.id));
    await eventually(() => second.length === 1, 'second event');
    await settle();
    assert.deepEqual(second, [e2.id]);
  });

  test('two processes sharing a durable name split the work: each event to one of them', async () => {
    const a = await bus();
    const b = await bus();
    const seen: string[] = [];
    await a.subscribe('shared', ['planning.alert.*'], async (e) => void seen.push(`a:${e.id}`));
    await b.subscribe('shared', ['planning.alert.*'], async (e) => void seen.push(`b:${e.id}`));
    const events = Array.from({ length: 6 }, () => ev('planning.alert.raised'));
    for (const e of events) await a.publish(e);
    await eventually(() => seen.length >= 6, 'six deliveries');
    await settle();
    assert.equal(seen.length, 6);
    assert.deepEqual(new Set(seen.map((s) => s.slice(2))).size, 6);
  });

  test('patterns select by type, across contexts too', async () => {
    const b = await bus();
    const stock: string[] = [];
    const anyStock: string[] = [];
    const all: string[] = [];
    await b.subscribe('p-stock', ['inventory.stock.*'], async (e) => void stock.push(e.type));
    await b.subscribe('p-any', ['*.stock.updated'], async (e) => void anyStock.push(e.type));
    await b.subscribe('p-all', ['>'], async (e) => void all.push(e.type));
    const before = all.length;
    await b.publish(ev('inventory.stock.updated'));
    await b.publish(ev('inventory.reservation.created'));
    await b.publish(ev('planning.stock.updated'));
    await eventually(() => all.length - before >= 3, 'all three');
    await settle();
    // A new durable starts from the stream's beginning, so earlier tests' events arrive too.
    assert.ok(stock.length >= 1 && stock.every((t) => t === 'inventory.stock.updated'), stock.join());
    assert.ok(anyStock.includes('inventory.stock.updated') && anyStock.includes('planning.stock.updated'));
    assert.ok(!anyStock.includes('inventory.reservation.created'));
  });

  test('stock events carry the location code in the subject; a store can listen to its own', async () => {
    const nc = await connect({ servers: url });
    const mine: string[] = [];
    const sub = nc.subscribe(`${prefix}.inventory.stock.updated.MAD-001`, {
      callback: (_err, m) => void mine.push(m.subject),
    });
    await nc.flush();
    const b = await bus();
    const durable: string[] = [];
    await b.subscribe('p-updated', ['inventory.stock.updated'], async (e) => void durable.push(e.id));
    const at = (code: string) => ({ ...ev('inventory.stock.updated'), payload: { location_code: code } });
    const mad = at('MAD-001');
    const bcn = at('BCN.001');
    await b.publish(mad);
    await b.publish(bcn);
    await eventually(
      () => durable.includes(mad.id) && durable.includes(bcn.id),
      'the durable consumer gets both',
    );
    await eventually(() => mine.length >= 1, 'the MAD-001 subscriber');
    await settle(100);
    assert.deepEqual(mine, [`${prefix}.inventory.stock.updated.MAD-001`]);
    sub.unsubscribe();
    await nc.close();
  });

  test('the tap sees every published event; unknown contexts are refused', async () => {
    const b = await bus();
    const tapped: string[] = [];
    await b.tap((e) => void tapped.push(e.id));
    const e = ev('planning.buffer.penetrated');
    await b.publish(e);
    await eventually(() => tapped.includes(e.id), 'the tap');
    await assert.rejects(b.publish(ev('nowhere.thing.happened')), /no stream for events of context nowhere/);
  });

  test('status follows the connection; an unreachable server fails fast naming NATS', async () => {
    const b = await bus();
    assert.equal(b.status(), 'connected');
    await b.close();
    assert.equal(b.status(), 'down');
    const started = Date.now();
    await assert.rejects(
      createNatsBus({ url: 'nats://127.0.0.1:1', log, contexts, streamPrefix: prefix }),
      /cannot connect to NATS at nats:\/\/127\.0\.0\.1:1/,
    );
    assert.ok(Date.now() - started < 7000);
  });
});
