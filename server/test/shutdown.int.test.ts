import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildTestApp, mode } from './helpers.ts';
import { spawnFlujo } from './process.ts';

test(`shutdown lets an in-flight request finish and refuses new ones (${mode})`, async () => {
  let release: () => void = () => {};
  const t = await buildTestApp({
    extraRoutes: (app) => {
      app.get('/api/v1/test/slow', { config: { public: true } }, async () => {
        await new Promise<void>((r) => {
          release = r;
        });
        return { finished: true };
      });
    },
  });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const inflight = fetch(`${url}/api/v1/test/slow`).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));
  await new Promise((r) => setTimeout(r, 100));
  const closing = t.close();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(t.platform.lifecycle.shuttingDown, true);
  await assert.rejects(fetch(`${url}/api/health`), 'no new connections once shutdown began');
  release();
  assert.deepEqual(await inflight, { status: 200, body: { finished: true } });
  await closing;
});

test('SIGTERM stops `flujo serve --all` cleanly, and the data survives a restart', {
  timeout: 90_000,
}, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-cli-'));
  const first = await spawnFlujo(dataDir);
  assert.match(first.output(), /Sign in: {2}admin@demo\.flujo\.dev/);
  const login = await fetch(`${first.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.flujo.dev', password: 'flujo-demo-2026' }),
  });
  assert.equal(login.status, 200);
  assert.equal(await first.stop(), 0);
  assert.ok(!fs.existsSync(path.join(dataDir, 'flujo.lock')), 'the data directory lock is released');

  const second = await spawnFlujo(dataDir);
  const again = await fetch(`${second.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.flujo.dev', password: 'flujo-demo-2026' }),
  });
  assert.equal(again.status, 200, 'the demo tenant persisted in the data directory');
  assert.equal(await second.stop(), 0);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('`npm run dev` (node in watch mode) starts on a new data directory and signs in', {
  timeout: 120_000,
}, async () => {
  // Watch mode tells its process to report every file it loads; the embedded database's thread
  // (in the server and in the first start's seeding process) once inherited that and waited
  // for a watcher forever.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-dev-'));
  const dev = await spawnFlujo(
    dataDir,
    {},
    ['serve', '--all'],
    [`--watch-path=${path.resolve(import.meta.dirname, '../src')}`],
  );
  try {
    const login = await fetch(`${dev.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.flujo.dev', password: 'flujo-demo-2026' }),
    });
    assert.equal(login.status, 200, 'the demo was seeded on the first start');
  } finally {
    await dev.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
