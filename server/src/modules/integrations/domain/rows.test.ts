import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mappingFor } from './headers.ts';
import type { Cell, CellProblem, ImportKind, Mapping } from './kinds.ts';
import { type RowOptions, rowValidator, validateRow } from './rows.ts';

const point: RowOptions = { decimalComma: false };

/** Validates one row of `cells` under `headers`, mapped as detection would for `kind`. */
const check = (kind: ImportKind, headers: string[], cells: Cell[], opts: RowOptions = point) =>
  validateRow(kind, mappingFor(kind, headers), headers, { sheet: 'S', row: 7, cells }, opts);

/** The problems of a row as `column code`, or the record. */
const outcome = (r: ReturnType<typeof check>) =>
  'record' in r ? r.record : r.problems.map((p) => `${p.column} ${p.code}`);

test('products: the SKU is required, amounts are bounded, optional fields are left out when empty', () => {
  const headers = ['Clave', 'Descripción', 'Precio', 'Costo', 'Línea', 'Unidad', 'Código de barras'];
  const cases: [string, Cell[], unknown][] = [
    [
      'a full row',
      ['A-1', 'Tornillo', '$1,200.50', 3.1, 'Ferretería', 'PZA', 7501234567890],
      {
        sku: 'A-1',
        name: 'Tornillo',
        price: '1200.5',
        cost: '3.1',
        category: 'Ferretería',
        unit: 'PZA',
        barcode: '7501234567890',
      },
    ],
    ['only the SKU', [1001], { sku: '1001' }],
    ['no SKU', [null, 'Tornillo'], ['Clave required']],
    ['a negative price', ['A', null, -1], ['Precio negative']],
    ['a price that is no number', ['A', null, 'consultar'], ['Precio not_a_number']],
    ['an amount past 1e12', ['A', null, null, 2e12], ['Costo too_large']],
    ['a unit too long', ['A', null, null, null, null, 'x'.repeat(21)], ['Unidad too_long']],
  ];
  for (const [name, cells, want] of cases)
    assert.deepEqual(outcome(check('products', headers, cells)), want, name);
});

test('inventory: decimal commas, bounds, max not below min, the store from the file name', () => {
  const headers = ['Clave', 'Existencia', 'Mínimo', 'Máximo'];
  const comma: RowOptions = { decimalComma: true, store: 'CENTRO' };
  const cases: [string, Cell[], RowOptions, unknown][] = [
    [
      'a semicolon file',
      ['A', '1.234,50', '10', '20,5'],
      comma,
      { sku: 'A', on_hand: '1234.5', store: 'CENTRO', min: '10', max: '20.5' },
    ],
    ['no store anywhere is fine for stock', ['A', 5], point, { sku: 'A', on_hand: '5' }],
    ['on hand is required', ['A', null], point, ['Existencia required']],
    ['negative stock', ['A', -2], point, ['Existencia negative']],
    ['a billion and one', ['A', 1e9 + 1], point, ['Existencia too_large']],
    ['max below min', ['A', 5, 10, 8], point, ['Máximo max_below_min']],
    [
      'every problem at once',
      [null, 'x', -1],
      point,
      ['Clave required', 'Existencia not_a_number', 'Mínimo negative'],
    ],
  ];
  for (const [name, cells, opts, want] of cases)
    assert.deepEqual(outcome(check('inventory', headers, cells, opts)), want, name);
  // A store column wins over the file's name.
  assert.deepEqual(
    outcome(check('inventory', ['Clave', 'Existencia', 'Almacén'], ['A', 1, 'NORTE'], comma)),
    {
      sku: 'A',
      on_hand: '1',
      store: 'NORTE',
    },
  );
});

test('sales by period: a zero is a line, an empty cell is none, a return is negative', () => {
  const headers = ['CLAVE', 'DESCRIPCION', 'ENE-25', 'FEB-25', 'MAR-25'];
  const cases: [string, Cell[], unknown][] = [
    [
      'three months',
      ['A', 'Tornillo', 10, 0, '-2'],
      {
        sku: 'A',
        name: 'Tornillo',
        lines: [
          { start: '2025-01-01', end: '2025-01-31', quantity: '10' },
          { start: '2025-02-01', end: '2025-02-28', quantity: '0' },
          { start: '2025-03-01', end: '2025-03-31', quantity: '-2' },
        ],
      },
    ],
    [
      'an empty month',
      ['A', null, 5, null, '  '],
      { sku: 'A', lines: [{ start: '2025-01-01', end: '2025-01-31', quantity: '5' }] },
    ],
    ['no sales at all', ['A'], { sku: 'A', lines: [] }],
    ['a return beyond a billion', ['A', null, -2e9], ['ENE-25 too_large']],
    ['text in a month', ['A', null, 'n/a'], ['ENE-25 not_a_number']],
  ];
  for (const [name, cells, want] of cases)
    assert.deepEqual(outcome(check('sales', headers, cells)), want, name);
});

test('dated sales: a line needs its date and its quantity', () => {
  const headers = ['Fecha', 'Folio', 'Clave', 'Cantidad', 'Sucursal'];
  const cases: [string, Cell[], unknown][] = [
    [
      'a ticket line',
      [new Date(Date.UTC(2025, 2, 15)), 'T-100', 'A', 3, 'CENTRO'],
      {
        sku: 'A',
        lines: [{ start: '2025-03-15', end: '2025-03-15', quantity: '3' }],
        store: 'CENTRO',
        folio: 'T-100',
      },
    ],
    [
      'text dates, day first',
      ['15/03/2025', null, 'A', '1,5'],
      { sku: 'A', lines: [{ start: '2025-03-15', end: '2025-03-15', quantity: '1.5' }] },
    ],
    ['no date', [null, null, 'A', 3], ['Fecha required']],
    ['no quantity', ['15/03/2025', null, 'A'], ['Cantidad required']],
    ['an impossible date', ['31/02/2025', null, 'A', 1], ['Fecha not_a_date']],
  ];
  for (const [name, cells, want] of cases)
    assert.deepEqual(outcome(check('sales', headers, cells)), want, name);
});

test('suppliers: emails, currencies and whole days of lead time', () => {
  const headers = ['Proveedor', 'RFC', 'Correo', 'Teléfono', 'Moneda', 'Días de entrega'];
  const cases: [string, Cell[], unknown][] = [
    [
      'a full row',
      ['Aceros SA', 'aba010101ab1', 'Ventas@Aceros.mx', '81 1234 5678', 'M.N.', 15],
      {
        supplier: 'Aceros SA',
        tax_id: 'ABA010101AB1',
        email: 'ventas@aceros.mx',
        phone: '81 1234 5678',
        currency: 'MXN',
        lead_time_days: 15,
      },
    ],
    ['dollars', ['X', null, null, null, 'dlls'], { supplier: 'X', currency: 'USD' }],
    ['a bad email', ['X', null, 'ventas@aceros'], ['Correo bad_email']],
    ['an unknown currency', ['X', null, null, null, 'XYZ'], ['Moneda bad_currency']],
    ['a symbol is no currency', ['X', null, null, null, '$'], ['Moneda bad_currency']],
    ['half a day', ['X', null, null, null, null, 2.5], ['Días de entrega not_whole']],
    ['eleven years', ['X', null, null, null, null, 4000], ['Días de entrega too_large']],
    ['no supplier', [null, 'RFC'], ['Proveedor required']],
  ];
  for (const [name, cells, want] of cases)
    assert.deepEqual(outcome(check('suppliers', headers, cells)), want, name);
});

test("supplier items: the supplier's price, minimum order and preference", () => {
  const headers = ['Proveedor', 'Clave', 'Costo', 'Mínimo', 'Preferido'];
  const cases: [string, Cell[], unknown][] = [
    [
      'a full row',
      ['Aceros', 'A', '12.50', 100, 'Sí'],
      { supplier: 'Aceros', sku: 'A', price: '12.5', min_qty: '100', preferred: true },
    ],
    ['not preferred', ['Aceros', 'A', null, null, 'no'], { supplier: 'Aceros', sku: 'A', preferred: false }],
    ['a preference that is neither', ['Aceros', 'A', null, null, 'tal vez'], ['Preferido bad_boolean']],
    ['both keys missing', [null, null, 1], ['Proveedor required', 'Clave required']],
  ];
  for (const [name, cells, want] of cases)
    assert.deepEqual(outcome(check('supplier_items', headers, cells)), want, name);
});

test('bills of materials: a product is no component of itself, and quantities are positive', () => {
  const headers = ['Producto terminado', 'Componente', 'Cantidad'];
  const cases: [string, Cell[], unknown][] = [
    ['a line', ['MESA', 'PATA', 4], { parent_sku: 'MESA', component_sku: 'PATA', quantity: '4' }],
    ['itself', ['MESA', 'MESA', 1], ['Componente same_product']],
    ['zero', ['MESA', 'PATA', 0], ['Cantidad not_positive']],
    ['negative', ['MESA', 'PATA', -1], ['Cantidad negative']],
    ['no quantity', ['MESA', 'PATA'], ['Cantidad required']],
  ];
  for (const [name, cells, want] of cases)
    assert.deepEqual(outcome(check('boms', headers, cells)), want, name);
});

test('forecasts: a store is required, and the range must not run backwards', () => {
  const headers = ['sku', 'location', 'start_date', 'end_date', 'quantity'];
  const cases: [string, Cell[], unknown][] = [
    [
      'a forecast',
      ['A', 'MAD-001', '2026-01-01', '2026-01-31', '12.5'],
      { sku: 'A', store: 'MAD-001', start_date: '2026-01-01', end_date: '2026-01-31', quantity: '12.5' },
    ],
    ['backwards', ['A', 'M', '2026-02-10', '2026-02-01', 1], ['end_date end_before_start']],
    ['no store', ['A', null, '2026-01-01', '2026-01-31', 1], ['location required']],
  ];
  for (const [name, cells, want] of cases)
    assert.deepEqual(outcome(check('forecasts', headers, cells)), want, name);
  // Without a store column the store comes from the file's name, or the row fails on "store".
  const noColumn = ['sku', 'start_date', 'end_date', 'quantity'];
  const row = ['A', '2026-01-01', '2026-01-31', 1];
  assert.deepEqual(outcome(check('forecasts', noColumn, row)), ['store required']);
  assert.equal(
    (
      check('forecasts', noColumn, row, { decimalComma: false, store: 'NORTE' }) as {
        record: { store: string };
      }
    ).record.store,
    'NORTE',
  );
});

test('a problem names the row, the header as written and the cell as text of at most 200 characters', () => {
  const long = 'x'.repeat(300);
  const r = check('products', ['  Clave  ', 'Descripción'], ['A', long]);
  const problem: CellProblem = {
    row: 7,
    column: 'Descripción',
    value: 'x'.repeat(200),
    code: 'too_long',
    params: { max: 200 },
  };
  assert.deepEqual(r, { problems: [problem] });
  const date = check('products', ['Clave', 'Precio'], ['A', new Date(Date.UTC(2025, 0, 2))]);
  assert.deepEqual(date, {
    problems: [{ row: 7, column: 'Precio', value: '2025-01-02', code: 'not_a_number' }],
  });
});

test('a repeated header keeps its first column; a validator resolves the mapping once for many rows', () => {
  const headers = ['Clave', 'Existencia', 'Existencia'];
  const mapping: Mapping = { Clave: 'sku', Existencia: 'on_hand' };
  const validate = rowValidator('inventory', mapping, headers, point);
  assert.deepEqual(validate({ sheet: 'S', row: 2, cells: ['A', 1, 99] }), {
    record: { sku: 'A', on_hand: '1' },
  });
  assert.deepEqual(validate({ sheet: 'S', row: 3, cells: ['B', 'x', 2] }), {
    problems: [{ row: 3, column: 'Existencia', value: 'x', code: 'not_a_number' }],
  });
});
