import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { buildTestApp, eventually, mode } from '../../../test/helpers.ts';
import { ensureTenant } from '../../modules/identity/index.ts';
import { defineEvent } from './envelope.ts';

const moved = defineEvent('inventory.test.moved', 1, z.object({ qty: z.number() }));
const planned = defineEvent('planning.test.planned', 1, z.object({ qty: z.number() }));

test(`the event stream carries the caller's tenant events it may read, and nothing else (${mode})`, async () => {
  const t = await buildTestApp();
  const controller = new AbortController();
  try {
    const other = await ensureTenant(t.platform, {
      slug: 'other',
      name: 'Other Co',
      admin: { email: 'boss@other.example', name: 'Boss', password: 'other-password-1' },
    });
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const anon = await fetch(`${url}/api/v1/events/stream`);
    assert.equal(anon.status, 401);

    const token = await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['events:read', 'inventory:read'],
    });
    const res = await fetch(`${url}/api/v1/events/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    // The stream writes its own head; the security headers are there all the same.
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy') ?? '', /^default-src 'self';/);
    let text = '';
    const reader = res.body?.getReader();
    void (async () => {
      for (;;) {
        const chunk = await reader?.read().catch(() => undefined);
        if (!chunk || chunk.done) return;
        text += new TextDecoder().decode(chunk.value);
      }
    })();
    await eventually(() => text.includes(': connected'), 'the stream to open');

    await t.platform.uow(async (_tx, emit) => {
      emit(moved.create({ tenantId: other.tenantId, aggregateId: 'x', payload: { qty: 666 } }));
      emit(planned.create({ tenantId: t.demo.tenantId, aggregateId: 'y', payload: { qty: 777 } }));
      emit(moved.create({ tenantId: t.demo.tenantId, aggregateId: 'z', payload: { qty: 5 } }));
    });
    await eventually(() => text.includes('"qty":5'), 'own event');
    await new Promise((r) => setTimeout(r, 300));
    assert.match(text, /event: inventory\.test\.moved\n/);
    assert.doesNotMatch(text, /"qty":666/, 'another tenant event leaked');
    assert.doesNotMatch(text, /"qty":777/, 'an event of a context the caller may not read leaked');

    // Planning's events are read as buffers are: a planner with buffer:read sees them.
    const planner = await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['events:read', 'buffer:read'],
    });
    const second = await fetch(`${url}/api/v1/events/stream`, {
      headers: { authorization: `Bearer ${planner}` },
      signal: controller.signal,
    });
    let plannerText = '';
    void (async () => {
      const reader = second.body?.getReader();
      for (;;) {
        const chunk = await reader?.read().catch(() => undefined);
        if (!chunk || chunk.done) return;
        plannerText += new TextDecoder().decode(chunk.value);
      }
    })();
    await eventually(() => plannerText.includes(': connected'), 'the planner stream');
    await t.platform.uow(async (_tx, emit) => {
      emit(planned.create({ tenantId: t.demo.tenantId, aggregateId: 'w', payload: { qty: 888 } }));
    });
    await eventually(() => plannerText.includes('"qty":888'), 'the planning event for a buffer reader');
  } finally {
    controller.abort();
    await t.close();
  }
});
