import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ensureTenant } from '../src/modules/identity/index.ts';
import { type Operation, operationsOf, resolver } from './fuzz/openapi.ts';
import { collect } from './fuzz/pools.ts';
import { createRng } from './fuzz/prng.ts';
import {
  type Failure,
  type FuzzSettings,
  fuzzOperation,
  report,
  type Stats,
  type Target,
} from './fuzz/runner.ts';
import type { Pools, SampleContext } from './fuzz/values.ts';
import { buildTestApp, mode, type TestApp } from './helpers.ts';

/**
 * The OpenAPI-driven fuzz walk: every operation gets a valid request and its mutations (wrong
 * types, missing and unknown fields, empty, 10k, NUL and lone-surrogate strings, extreme and
 * non-finite numbers, 30-digit decimals, malformed and foreign ids, bad enums, deep nesting,
 * broken JSON, other content types, no token). Any 5xx, stall, or health check slower than
 * a second fails, listed by route and mutation. FUZZ_SEED replays a run; FUZZ_MODE=nightly
 * (or FUZZ_ITERATIONS=n) runs more rounds per operation with a fresh seed.
 */
const nightly = process.env.FUZZ_MODE === 'nightly';
const seed = Number(process.env.FUZZ_SEED ?? (nightly ? Math.floor(Math.random() * 2 ** 31) : 20_250_601));
const settings: FuzzSettings = {
  rounds: Number(process.env.FUZZ_ITERATIONS ?? (nightly ? 10 : 1)),
  requestTimeoutMs: 15_000,
};
console.log(`fuzz: seed ${seed}, ${settings.rounds} round(s) per operation; replay with FUZZ_SEED=${seed}`);

/** The event stream never ends; its auth and validation are walked by the isolation test. */
const SKIPPED = new Set(['GET /api/v1/events/stream']);

let t: TestApp;
let target: Target;
let operations: Operation[];
let lists: Operation[];
const stats: Stats = { requests: 0, slowest: [], refusedValid: [] };
/** `FUZZ_ONLY="POST /api/v1/products,/shop/"` walks only the operations whose "METHOD path" holds one. */
const only = (process.env.FUZZ_ONLY ?? '').split(',').filter(Boolean);
let serial = 0;

const hash = (s: string) => [...s].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, 0);

/** GETs every list route as the given token and gathers the ids, codes and SKUs it sees. */
const gather = async (token: string, exclude: Set<string>) => {
  const pools: Pools = new Map();
  for (const op of lists) {
    if (SKIPPED.has(`GET ${op.path}`)) continue;
    const res = await t.app.inject({
      method: 'GET',
      url: op.path,
      headers: { authorization: `Bearer ${token}` },
    });
    // Exports answer files, not JSON: they name nothing the pools need.
    if (res.statusCode === 200 && String(res.headers['content-type']).startsWith('application/json'))
      collect(pools, op.path.split('/').pop() ?? '', res.json(), exclude);
  }
  return pools;
};

before(async () => {
  t = await buildTestApp({ demoData: true });
  const doc = t.app.swagger();
  lists = operationsOf(doc).filter((o) => o.method === 'GET' && !o.path.includes('{'));
  operations = operationsOf(doc).filter(
    (o) =>
      !SKIPPED.has(`${o.method} ${o.path}`) &&
      (only.length === 0 || only.some((x) => `${o.method} ${o.path}`.includes(x))),
  );
  const sign = (tenantId: string, userId: string) =>
    t.platform.tokens.sign(
      {
        tenantId,
        userId,
        kind: 'user',
        roles: ['Admin'],
        permissions: ['*:*', 'platform:tenants'],
        storeIds: null,
      },
      24 * 3600,
    );
  const admin = await sign(t.demo.tenantId, t.demo.adminUserId);
  // Another tenant to take foreign ids from, and a spare one the operator routes may change.
  const other = await ensureTenant(t.platform, {
    slug: 'fuzz-other',
    name: 'Otra S.A.',
    admin: { email: 'admin@fuzz-other.example', name: 'Otra', password: 'fuzz-other-password' },
  });
  const spare = await ensureTenant(t.platform, {
    slug: 'fuzz-spare',
    name: 'Repuesto S.A.',
    admin: { email: 'admin@fuzz-spare.example', name: 'Repuesto', password: 'fuzz-spare-password' },
  });
  const otherToken = await sign(other.tenantId, other.adminUserId);
  const asOther = { authorization: `Bearer ${otherToken}` };
  for (const [url, payload] of [
    ['/api/v1/locations', { code: 'OTRA-1', name: 'Almacén de otra', type: 'warehouse' }],
    ['/api/v1/products', { sku: 'OTRA-P1', name: 'Producto de otra' }],
    ['/api/v1/suppliers', { name: 'Proveedor de otra' }],
  ] as const) {
    const res = await t.app.inject({ method: 'POST', url, headers: asOther, payload });
    assert.equal(res.statusCode, 201, `${url}: ${res.body}`);
  }
  const keep = new Set([t.demo.adminUserId, t.demo.tenantId, other.tenantId]);
  const pools = await gather(admin, keep);
  pools.set('list:tenants', [spare.tenantId]);
  target = {
    app: t.app,
    adminToken: () => admin,
    pools,
    foreign: await gather(otherToken, new Set()),
    resolve: resolver(doc),
    fixed: { slug: 'demo', tenant_id: t.demo.tenantId },
  };
});

after(async () => {
  const slowest = stats.slowest.map((s) => `${Math.round(s.ms)} ms ${s.what}`).join('\n  ');
  console.log(`fuzz: ${stats.requests} requests (seed ${seed}); slowest:\n  ${slowest}`);
  if (process.env.FUZZ_VERBOSE)
    console.log(`fuzz: valid requests refused:\n  ${stats.refusedValid.join('\n  ')}`);
  await t?.close();
});

const run = async (ops: Operation[], group: string) => {
  const rng = createRng(seed ^ hash(group));
  const c: SampleContext = { rng, resolve: target.resolve, pools: target.pools, serial: () => ++serial };
  const failures: Failure[] = [];
  for (const op of ops) failures.push(...(await fuzzOperation(op, target, c, settings, stats)));
  assert.equal(
    failures.length,
    0,
    `${group}: ${failures.length} failing request(s) (replay with FUZZ_SEED=${seed}):\n${report(failures)}`,
  );
};

// Groups by tag, each its own test with its own seed stream; deletions run last, so the
// routes before them still find the demo data.
const groups = ['identity', 'catalog', 'inventory', 'planning', 'orders', 'shop', 'payments', 'system'];
const timeout = nightly ? 4 * 3600_000 : 10 * 60_000;

describe(`every operation survives malformed input (${mode}, seed ${seed})`, () => {
  for (const group of [...groups, 'other']) {
    test(`${group} routes`, { timeout }, async () => {
      const ops = operations.filter(
        (o) => o.method !== 'DELETE' && (group === 'other' ? !groups.includes(o.tag) : o.tag === group),
      );
      await run(ops, group);
    });
  }
  test('deletions', { timeout }, async () => {
    await run(
      operations.filter((o) => o.method === 'DELETE'),
      'deletions',
    );
  });
});
