import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertStoreAccess, hasPermission, type RequestContext } from '../domain/context.ts';
import { createTokenService } from './auth.ts';
import { memorySampler } from './system.routes.ts';

const cases: [string[], string, boolean][] = [
  [['*:*'], 'inventory:write', true],
  [['inventory:*'], 'inventory:write', true],
  [['inventory:read'], 'inventory:write', false],
  [['*:read'], 'orders:read', true],
  [['*:read'], 'orders:write', false],
  [[], 'profile:read', false],
  [['*:*'], 'platform:tenants', false],
  [['*:read'], 'platform:read', false],
  [['platform:tenants'], 'platform:tenants', true],
  [['platform:*'], 'platform:tenants', true],
];
for (const [granted, required, expected] of cases) {
  test(`${granted.join(',') || 'nothing'} ${expected ? 'grants' : 'does not grant'} ${required}`, () => {
    assert.equal(hasPermission(granted, required), expected);
  });
}

test('a store-scoped user reaches only their stores; others are not limited', () => {
  const base: RequestContext = {
    tenantId: 't',
    userId: 'u',
    kind: 'user',
    roles: [],
    permissions: [],
    storeIds: null,
  };
  assert.doesNotThrow(() => assertStoreAccess(base, 'MAD-001'));
  const seller = { ...base, storeIds: ['s1'] };
  assert.doesNotThrow(() => assertStoreAccess(seller, 's1'));
  assert.throws(() => assertStoreAccess(seller, 's2'), /stores assigned to you/);
  assert.throws(() => assertStoreAccess({ ...base, storeIds: [] }, 's1'));
});

const ctx: RequestContext = {
  tenantId: '0190f3c4-0000-7000-8000-000000000001',
  userId: '0190f3c4-0000-7000-8000-000000000002',
  kind: 'user',
  roles: ['Seller'],
  permissions: ['inventory:read'],
  storeIds: ['s1'],
};

test('a token checked once is still refused once it expires', async (t) => {
  const tokens = createTokenService('a-secret-of-at-least-thirty-two-characters');
  const token = await tokens.sign(ctx, 60);
  assert.equal((await tokens.verify(token)).userId, ctx.userId);
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 61_000 });
  await assert.rejects(tokens.verify(token), /expired/);
});

test('every check of a token answers a context of its own', async () => {
  const tokens = createTokenService('a-secret-of-at-least-thirty-two-characters');
  const token = await tokens.sign(ctx, 60);
  const first = await tokens.verify(token);
  first.tenantId = 'someone-else';
  assert.throws(() => first.permissions.push('*:*'));
  assert.throws(() => first.storeIds?.push('s2'));
  const second = await tokens.verify(token);
  assert.equal(second.tenantId, ctx.tenantId);
  assert.deepEqual(second.permissions, ['inventory:read']);
  assert.deepEqual(second.storeIds, ['s1']);
});

test('a token signed with another key, or changed, is refused every time', async () => {
  const tokens = createTokenService('a-secret-of-at-least-thirty-two-characters');
  const other = createTokenService('another-secret-of-at-least-thirty-two-chars');
  const token = await tokens.sign(ctx, 60);
  await tokens.verify(token);
  const foreign = await other.sign(ctx, 60);
  const [h, p, sig] = token.split('.');
  const changed = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), perms: ['*:*'] })).toString('base64url')}.${sig}`;
  for (let i = 0; i < 2; i++) {
    await assert.rejects(tokens.verify(foreign), /not valid/);
    await assert.rejects(tokens.verify(changed), /not valid/);
  }
});

test('health reads the process memory at most once a second', () => {
  let reads = 0;
  const read = () => {
    reads++;
    return process.memoryUsage();
  };
  const sample = memorySampler(1000, read);
  sample();
  sample();
  assert.equal(reads, 1);
});
