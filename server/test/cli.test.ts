import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const main = path.resolve(import.meta.dirname, '../src/main.ts');
const flujo = (args: string[], env: Record<string, string> = {}, input?: string) =>
  spawnSync(process.execPath, [main, ...args], {
    env: { ...process.env, DATABASE_URL: '', NATS_URL: '', REDIS_URL: '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    // A backstop for a command that would hang, with room for a slow, busy machine.
    timeout: 120_000,
    // The OpenAPI document is past the 1 MiB default.
    maxBuffer: 64 * 1024 * 1024,
    ...(input === undefined ? {} : { input }),
  });

test('every verb has --help', () => {
  const top = flujo(['--help']);
  assert.equal(top.status, 0);
  for (const verb of ['serve', 'worker', 'migrate', 'seed', 'openapi', 'ddmrp', 'forecast']) {
    assert.match(top.stdout, new RegExp(`\\b${verb}\\b`));
    const r = flujo([verb, '--help']);
    assert.equal(r.status, 0, `${verb} --help`);
    assert.match(r.stdout, new RegExp(`Usage: flujo ${verb}`));
  }
});

test('a bad environment value exits 1 with one line naming the variable', () => {
  const r = flujo(['serve', '--all'], { PORT: 'eighty' });
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^flujo: invalid configuration: PORT must be an integer/);
});

test('an unreachable DATABASE_URL fails with a clear message instead of waiting', () => {
  const r = flujo(['migrate'], {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:1/flujo',
    JWT_SECRET: 'x'.repeat(32),
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /flujo: cannot connect to the database at 127\.0\.0\.1:1\/flujo: ECONNREFUSED/);
});

test('production mode refuses to start without JWT_SECRET', () => {
  const r = flujo(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/flujo' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /JWT_SECRET must be set/);
});

test('a separate worker on the embedded database is refused with the reason', () => {
  const r = flujo(['worker']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /embedded database serves one process; set DATABASE_URL/);
});

test('openapi prints the OpenAPI 3.1 document', () => {
  const r = flujo(['openapi']);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { openapi: string; paths: object };
  assert.equal(doc.openapi, '3.1.0');
  assert.ok('/api/v1/auth/login' in doc.paths);
});

test('ddmrp compute and dlt read JSON on stdin and write JSON on stdout; bad input exits 1 naming the field', () => {
  const buffer = {
    as_of: '2026-03-02',
    adu: { method: 'fixed', value: 4 },
    dlt: 10,
    on_hand: 200,
    supply: [{ date: '2026-03-07', qty: 10 }],
    demand: [{ date: '2026-03-02', qty: 150 }],
  };
  const ok = flujo(['ddmrp', 'compute'], {}, JSON.stringify(buffer));
  assert.equal(ok.status, 0, ok.stderr);
  const r = JSON.parse(ok.stdout) as {
    zones: { top_of_green: number };
    net_flow_position: number;
    recommended_qty: number;
  };
  assert.deepEqual([r.zones.top_of_green, r.net_flow_position, r.recommended_qty], [90, 60, 30]);
  const dlt = flujo(
    ['ddmrp', 'dlt'],
    {},
    JSON.stringify({
      items: [
        { id: 'A', type: 'manufactured', lead_time_days: 2, components: ['B'] },
        { id: 'B', type: 'purchased', lead_time_days: 9 },
      ],
    }),
  );
  assert.deepEqual(JSON.parse(dlt.stdout), { dlt: { A: 11, B: 9 } });
  const bad = flujo(['ddmrp', 'compute'], {}, JSON.stringify({ ...buffer, on_hand: undefined }));
  assert.equal(bad.status, 1);
  assert.equal(bad.stdout, '', 'nothing half-computed');
  assert.match(bad.stderr.trim(), /^flujo: on_hand: [^\n]+$/);
});

test('forecast reads series on stdin and writes results in input order; bad input exits 1 naming the field', () => {
  const monthly = Array.from({ length: 36 }, (_, t) => 50 + 10 * Math.sin((2 * Math.PI * t) / 12) + (t % 5));
  const series = [
    { id: 'SKU-1@MAD-001', values: monthly, period: 'month', horizon: 6 },
    {
      id: 'SKU-2@MAD-001',
      values: [0, 0, 3, 0, 5, 0, 0, 4, 0, 0, 2, 0],
      period: 'week',
      horizon: 4,
      levels: [90],
    },
    { id: 'SKU-3@MAD-001', values: [4, 4, 4, 4, 4, 4, 4, 4], period: 'day', horizon: 3, method: 'ses' },
  ];
  const ok = flujo(['forecast'], {}, JSON.stringify({ series }));
  assert.equal(ok.status, 0, ok.stderr);
  const { results } = JSON.parse(ok.stdout) as {
    results: { id: string; method: string; mean: number[]; intervals: Record<string, unknown> }[];
  };
  assert.deepEqual(
    results.map((r) => [r.id, r.mean.length, Object.keys(r.intervals)]),
    [
      ['SKU-1@MAD-001', 6, ['80', '95']],
      ['SKU-2@MAD-001', 4, ['90']],
      ['SKU-3@MAD-001', 3, ['80', '95']],
    ],
  );
  assert.equal(results[2]!.method, 'ses');
  assert.deepEqual(results[2]!.mean, [4, 4, 4]);
  const bad = structuredClone(series);
  bad[1]!.values[3] = -1;
  const r = flujo(['forecast'], {}, JSON.stringify({ series: bad }));
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '', 'nothing half-computed');
  assert.match(r.stderr.trim(), /^flujo: series\[1\]\.values\[3\]: [^\n]+$/);
});
