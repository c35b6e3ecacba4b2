import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertStoreAccess, hasPermission, type RequestContext } from '../domain/context.ts';

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
