import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError, type ErrorCode } from './errors.ts';

// The codes are checked by the type checker, which `npm test` runs first: if the lines marked
// below stopped being errors, the expectation itself would fail the type check.
test('a declared code, platform or module, makes a DomainError that carries it', () => {
  const codes: ErrorCode[] = [
    'platform.not_found',
    'catalog.product_not_found',
    'inventory.insufficient_stock',
  ];
  for (const code of codes) assert.equal(new DomainError(code).code, code);
});

test('a code no catalog declares does not type-check', () => {
  // @ts-expect-error a misspelt code is not an ErrorCode
  const misspelt = () => new DomainError('catalog.product_not_foud');
  // @ts-expect-error nor is a code of a module that does not exist
  const unknown: ErrorCode = 'billing.card_declined';
  assert.equal(misspelt().code, 'catalog.product_not_foud');
  assert.equal(unknown, 'billing.card_declined');
});
