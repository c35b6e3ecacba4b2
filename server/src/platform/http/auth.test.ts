import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasPermission } from './auth.ts';

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
