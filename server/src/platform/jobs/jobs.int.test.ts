import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, eventually, mode, type TestApp } from '../../../test/helpers.ts';
import { createJobs, type Jobs } from './jobs.ts';

let t: TestApp;
let jobs: Jobs;
const ran: string[] = [];

before(async () => {
  t = await buildTestApp();
  const p = t.platform;
  jobs = createJobs({ pool: p.database.pool, mode: p.database.mode, log: p.log });
  jobs.define<{ tag: string }>({
    name: 'test-echo',
    handler: async (data) => {
      ran.push(data.tag);
    },
  });
  let failures = 0;
  jobs.define<{ tag: string }>({
    name: 'test-flaky',
    retryLimit: 2,
    handler: async (data) => {
      if (failures++ === 0) throw new Error('first attempt fails');
      ran.push(data.tag);
    },
  });
  jobs.define({ name: 'test-nightly', cron: '0 3 * * *', handler: async () => {} });
  await jobs.start({ work: true });
});
after(async () => {
  await jobs?.stop();
  await t?.close();
});

test(`a job sent inside a committed transaction runs (${mode})`, async () => {
  await t.platform.uow(async (tx) => {
    await jobs.send('test-echo', { tag: 'committed' }, { tx });
  });
  await eventually(() => ran.includes('committed'), 'the committed job', 15_000);
});

test(`a job sent inside a rolled-back transaction never exists (${mode})`, async () => {
  await assert.rejects(
    t.platform.uow(async (tx) => {
      await jobs.send('test-echo', { tag: 'rolled-back' }, { tx });
      throw new Error('rollback');
    }),
  );
  await jobs.send('test-echo', { tag: 'after' });
  await eventually(() => ran.includes('after'), 'the later job', 15_000);
  assert.ok(!ran.includes('rolled-back'));
});

test(`a failing job is retried (${mode})`, async () => {
  await jobs.send('test-flaky', { tag: 'flaky-done' });
  await eventually(() => ran.includes('flaky-done'), 'the retried job', 30_000);
});

test(`cron schedules are stored in the queue (${mode})`, async () => {
  const { rows } = await t.platform.database.db.execute<{ name: string; cron: string }>(
    sql`select name, cron from pgboss.schedule where name = 'test-nightly'`,
  );
  assert.deepEqual(
    rows.map((r) => [r.name, r.cron]),
    [['test-nightly', '0 3 * * *']],
  );
});

test('sending a job nobody defined is refused', async () => {
  await assert.rejects(jobs.send('no-such-job', {}), /unknown job no-such-job/);
});

test(`stopping waits for a job that is running to finish (${mode})`, async () => {
  const p = t.platform;
  const own = createJobs({ pool: p.database.pool, mode: p.database.mode, log: p.log });
  let state = 'idle';
  own.define({
    name: 'test-slow',
    handler: async () => {
      state = 'running';
      await new Promise((r) => setTimeout(r, 800));
      state = 'done';
    },
  });
  await own.start({ work: true });
  await own.send('test-slow', {});
  await eventually(() => state === 'running', 'the job to start', 15_000);
  await own.stop();
  assert.equal(state, 'done');
  assert.equal(own.status(), 'down');
});

test(`a tenant-scoped transaction (row-level security role) can enqueue a job (${mode})`, async () => {
  await t.platform.uow.forTenant(t.demo.tenantId, async (tx) => {
    await jobs.send('test-echo', { tag: 'scoped' }, { tx });
  });
  await eventually(() => ran.includes('scoped'), 'the scoped job', 15_000);
});
