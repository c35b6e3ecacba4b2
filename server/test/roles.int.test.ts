import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { test } from 'node:test';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createTokenService } from '../src/platform/http/auth.ts';
import { dropStreams, eventually, realServers } from './helpers.ts';
import { type FlujoProcess, spawnFlujo } from './process.ts';

const skip = !(realServers.database && realServers.nats) && 'needs DATABASE_URL and NATS_URL';

test('separate api replicas and a worker start together, and an event crosses processes to SSE', {
  skip,
  timeout: 90_000,
}, async () => {
  const dbName = `flujo_t_${randomBytes(6).toString('hex')}`;
  // Short-lived admin connections: an idle one held through the test can be cut by the server
  // while the processes migrate and start, which surfaces as an uncaught error afterwards.
  const asAdmin = async (statement: string) => {
    const admin = new pg.Client({ connectionString: realServers.database });
    admin.on('error', () => {});
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await asAdmin(`create database ${dbName}`);
  const url = new URL(realServers.database ?? '');
  url.pathname = `/${dbName}`;
  const secret = randomBytes(32).toString('hex');
  const env = {
    DATABASE_URL: url.toString(),
    NATS_URL: realServers.nats ?? '',
    REDIS_URL: realServers.redis ?? '',
    JWT_SECRET: secret,
    NATS_STREAM_PREFIX: `r${randomBytes(4).toString('hex')}`,
    OUTBOX_POLL_MS: '50',
  };
  const procs: FlujoProcess[] = [];
  const controller = new AbortController();
  try {
    // All three at once: migrations and the job queue's schema must not race.
    procs.push(
      ...(await Promise.all([
        spawnFlujo(os.tmpdir(), env, ['worker']),
        spawnFlujo(os.tmpdir(), env, ['serve']),
        spawnFlujo(os.tmpdir(), env, ['serve']),
      ])),
    );
    const [worker, , api2] = procs as [FlujoProcess, FlujoProcess, FlujoProcess];
    const health = (await (await fetch(`${worker.url}/api/health`)).json()) as { services: { jobs: string } };
    assert.equal(health.services.jobs, 'connected');

    const tenantId = randomUUID();
    const token = await createTokenService(secret).sign(
      { tenantId, userId: randomUUID(), kind: 'user', roles: [], permissions: ['*:*'], storeIds: null },
      300,
    );
    const res = await fetch(`${api2.url}/api/v1/events/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    let text = '';
    void (async () => {
      const reader = res.body?.getReader();
      for (;;) {
        const chunk = await reader?.read().catch(() => undefined);
        if (!chunk || chunk.done) return;
        text += new TextDecoder().decode(chunk.value);
      }
    })();
    await eventually(() => text.includes(': connected'), 'the stream');

    // As a module's transaction would: the event row commits; only the worker relays it.
    const db = new pg.Client({ connectionString: env.DATABASE_URL });
    db.on('error', () => {});
    await db.connect();
    const id = uuidv7();
    await db.query(
      `insert into outbox (id, tenant_id, type, version, aggregate_id, payload, occurred_at)
       values ($1, $2, 'inventory.stock.updated', 1, 'p-1', '{"on_hand":"7"}', now())`,
      [id, tenantId],
    );
    await eventually(() => text.includes(id), 'the event on the other api replica', 10_000);
    // The tap can deliver before the relay's mark commits: the mark follows shortly.
    await eventually(async () => {
      const { rows } = await db.query('select published_at from outbox where id = $1', [id]);
      return rows[0]?.published_at;
    }, 'the worker to mark it published');
    await db.end();
  } finally {
    controller.abort();
    for (const p of procs) assert.equal(await p.stop(), 0);
    await asAdmin(`drop database if exists ${dbName} with (force)`);
    await dropStreams(env.NATS_STREAM_PREFIX);
  }
});
