import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, eventually, mode } from '../../../test/helpers.ts';
import { DEMO } from '../../demo.ts';

/** Opens the stream and reports whether the server has ended it. */
const open = async (url: string, token: string, signal: AbortSignal) => {
  const res = await fetch(`${url}/api/v1/events/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal,
  });
  assert.equal(res.status, 200);
  const state = { text: '', ended: false };
  const reader = res.body?.getReader();
  void (async () => {
    for (;;) {
      const chunk = await reader?.read().catch(() => undefined);
      if (!chunk || chunk.done) {
        state.ended = true;
        return;
      }
      state.text += new TextDecoder().decode(chunk.value);
    }
  })();
  await eventually(() => state.text.includes(': connected'), 'the stream to open');
  return state;
};

test(`the event stream ends when its access token expires (${mode})`, async () => {
  const t = await buildTestApp();
  const controller = new AbortController();
  try {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const token = await t.platform.tokens.sign(
      {
        tenantId: t.demo.tenantId,
        userId: crypto.randomUUID(),
        kind: 'user',
        roles: [],
        permissions: ['events:read'],
        storeIds: null,
      },
      2,
    );
    const stream = await open(url, token, controller.signal);
    await eventually(() => stream.ended, 'the stream to end at expiry', 5000);
  } finally {
    controller.abort();
    await t.close();
  }
});

test(`the event stream ends when its session is revoked (${mode})`, async () => {
  const t = await buildTestApp();
  const controller = new AbortController();
  try {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: DEMO.planner, password: t.demo.password },
    });
    const { access_token } = login.json() as { access_token: string };
    const stream = await open(url, access_token, controller.signal);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(stream.ended, false);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${access_token}` },
      payload: { all: true },
    });
    assert.equal(out.statusCode, 204);
    await eventually(() => stream.ended, 'the stream to end after logout', 5000);
  } finally {
    controller.abort();
    await t.close();
  }
});
