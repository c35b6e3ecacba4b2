import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passwordProblem } from './password-policy.ts';

const cases: [string, string, number | undefined, ReturnType<typeof passwordProblem>][] = [
  ['short-one', 'ana@x.example', undefined, 'too_short'],
  ['exactly-10', 'ana@x.example', undefined, null],
  ['ñandú-ñandú', 'ana@x.example', undefined, null],
  ['ana@x.example', 'ana@x.example', undefined, 'contains_email'],
  ['my-ANA.LOPEZ-pass', 'ana.lopez@x.example', undefined, 'contains_email'],
  ['password123', 'ana@x.example', undefined, 'common'],
  ['qwertyuiop', 'ana@x.example', undefined, 'common'],
  ['Sunflower-Carpet-42', 'ana@x.example', undefined, null],
  ['twelve-chars', 'ana@x.example', 14, 'too_short'],
  ['x'.repeat(300), 'ana@x.example', undefined, 'too_long'],
];
for (const [password, email, min, expected] of cases) {
  test(`password ${JSON.stringify(password.slice(0, 20))} for ${email} → ${expected ?? 'accepted'}`, () => {
    assert.equal(passwordProblem(password, email, min), expected);
  });
}
