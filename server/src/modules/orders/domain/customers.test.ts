import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CUSTOMER_LIMITS,
  cleanText,
  type ErpCustomerIn,
  firstEmail,
  fromErp,
  normaliseTaxId,
} from './customers.ts';

describe('firstEmail: the first valid address of an ERP field', () => {
  const cases: [string | null, string | null][] = [
    [null, null],
    ['', null],
    ['compras@lapena.mx', 'compras@lapena.mx'],
    ['  compras@lapena.mx  ', 'compras@lapena.mx'],
    ['compras@lapena.mx; pagos@lapena.mx', 'compras@lapena.mx'],
    ['sin correo, pagos@lapena.mx', 'pagos@lapena.mx'],
    ['no tiene', null],
    ['compras@', null],
    [`${'a'.repeat(250)}@x.mx`, null],
  ];
  for (const [raw, expected] of cases)
    test(`${JSON.stringify(raw)} → ${JSON.stringify(expected)}`, () =>
      assert.equal(firstEmail(raw), expected));
});

describe('cleanText: trimmed, one space between words, bounded, empty is null', () => {
  const cases: [string | null, number, string | null][] = [
    [null, 10, null],
    ['   ', 10, null],
    [' 33  3612\t4455 ', 40, '33 3612 4455'],
    ['abcdefghijk', 5, 'abcde'],
    ['abcd efgh', 5, 'abcd'],
  ];
  for (const [raw, max, expected] of cases)
    test(`${JSON.stringify(raw)} within ${max} → ${JSON.stringify(expected)}`, () =>
      assert.equal(cleanText(raw, max), expected));
});

test('tax ids compare in capitals without surrounding spaces', () => {
  assert.equal(normaliseTaxId(' xaxx010101000 '), 'XAXX010101000');
});

describe('fromErp: an ERP customer as the master keeps it', () => {
  const base: ErpCustomerIn = {
    external_id: '502',
    name: 'Ferretería La Peña',
    email: null,
    phone: null,
    active: true,
  };
  const cases: [string, Partial<ErpCustomerIn>, ReturnType<typeof fromErp>][] = [
    [
      'kept as it came',
      {},
      { externalId: '502', name: 'Ferretería La Peña', email: null, phone: null, active: true },
    ],
    ['no name fails the record', { name: '   ' }, { reason: 'no name' }],
    ['no id fails the record', { external_id: ' ' }, { reason: 'no external id' }],
    [
      'an id past the bound fails the record',
      { external_id: 'x'.repeat(101) },
      { reason: `external id longer than ${CUSTOMER_LIMITS.externalId}` },
    ],
    [
      'a long name is cut, a bad address dropped, a retired customer inactive',
      { name: 'N'.repeat(300), email: 'no tiene', phone: ` ${'5'.repeat(50)}`, active: false },
      { externalId: '502', name: 'N'.repeat(200), email: null, phone: '5'.repeat(40), active: false },
    ],
  ];
  for (const [what, change, expected] of cases)
    test(what, () => assert.deepEqual(fromErp({ ...base, ...change }), expected));
});
