import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canGrant, PERMISSION } from './permissions.ts';

const grants: [string[], string[], boolean][] = [
  [['*:*'], ['inventory:write', '*:*'], true],
  [['inventory:*'], ['inventory:write', 'inventory:read'], true],
  [['inventory:*'], ['inventory:*'], true],
  [['inventory:read'], ['inventory:*'], false],
  [['inventory:*'], ['*:*'], false],
  [['*:read'], ['orders:read'], true],
  [['*:read'], ['*:read'], true],
  [['*:read'], ['orders:write'], false],
  [['user:write', 'role:write'], ['buffer:read'], false],
  [['*:*'], ['platform:*'], false],
  [['*:*'], ['platform:tenants'], false],
];
for (const [granted, wanted, expected] of grants) {
  test(`holding ${granted.join(',')} ${expected ? 'may' : 'may not'} grant ${wanted.join(',')}`, () => {
    assert.equal(canGrant(granted, wanted), expected);
  });
}

test('permission strings are resource:action with optional wildcards', () => {
  for (const ok of ['inventory:read', '*:*', 'ai-query:execute', 'buffer:*']) assert.match(ok, PERMISSION);
  for (const bad of ['inventory', 'Inventory:read', 'a:b:c', ':read', 'x: y'])
    assert.doesNotMatch(bad, PERMISSION);
});
