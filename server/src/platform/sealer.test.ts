import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSealer } from './sealer.ts';

test('a sealed value opens with the same secret only, and sealing twice differs', () => {
  const s = createSealer('x'.repeat(40));
  const a = s.seal('JBSWY3DPEHPK3PXP');
  assert.notEqual(a, s.seal('JBSWY3DPEHPK3PXP'));
  assert.equal(s.open(a), 'JBSWY3DPEHPK3PXP');
  assert.throws(() => createSealer('y'.repeat(40)).open(a));
  const [v, iv, tag, body = ''] = a.split('.');
  const flipped = `${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
  assert.throws(() => s.open([v, iv, tag, flipped].join('.')), 'tampering is detected');
});
