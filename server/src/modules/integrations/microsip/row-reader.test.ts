import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toProduct, toSale } from './microsip.records.ts';
import { decimal, instant, RowProblem, text, unreadable } from './row-reader.ts';

test('Windows-1252 text reads as it is; undefined bytes and controls are named', () => {
  assert.equal(unreadable('Tijera «Señorial» € – Ñandú'), null);
  assert.equal(unreadable('línea 1\r\nlínea 2\tfin'), null);
  // What the driver's windows-1252 decoder makes of bytes 0x81 and 0x9D, and Firebird's UTF8 of 0x81.
  assert.equal(unreadable('Tornillo \u0081 1/4'), 'U+0081 at position 10 is not Windows-1252 text');
  assert.match(unreadable('x\u009d')!, /U\+009D/);
  assert.match(unreadable('A\u0000B')!, /U\+0000/);
});

test('text is trimmed (CHAR folios come padded), empty is null, bad text fails the row', () => {
  assert.equal(text({ F: 'FA0000101 ' }, 'F'), 'FA0000101');
  assert.equal(text({ F: '   ' }, 'F'), null);
  assert.equal(text({}, 'F'), null);
  assert.throws(() => text({ F: 'a\u0081' }, 'F'), RowProblem);
  assert.throws(() => text({ F: 3 }, 'F'), RowProblem);
});

test('decimals stay exact text without trailing zeros', () => {
  for (const [v, out] of [
    ['189.90000', '189.9'],
    ['59.25000', '59.25'],
    ['1.00001', '1.00001'],
    ['-2.00000', '-2'],
    ['-0.00000', '0'],
    ['0.100000', '0.1'],
    [12, '12'],
    [null, null],
  ] as const)
    assert.equal(decimal({ N: v }, 'N'), out, String(v));
  for (const bad of [0.1, '1e5', 'NaN', ''])
    assert.throws(() => decimal({ N: bad }, 'N'), RowProblem, String(bad));
});

test('times are read in the company zone; a missing or bad one fails the row', () => {
  assert.equal(
    instant({ M: '2026-01-12 11:00:00.0000' }, 'M', 'America/Mexico_City'),
    '2026-01-12T17:00:00.000Z',
  );
  assert.throws(() => instant({ M: null }, 'M', 'UTC'), RowProblem);
  assert.throws(() => instant({ M: 'yesterday' }, 'M', 'UTC'), RowProblem);
});

const article = {
  ARTICULO_ID: 1001,
  NOMBRE: 'Martillo de uña 16 oz',
  ESTATUS: 'A',
  UNIDAD_VENTA: 'Pieza',
  LINEA: 'Ferretería',
  CLAVE: 'MART-16',
  PRECIO: '189.900000',
  MODIF: '2025-12-31 19:30:00.0000',
};

test('an article becomes a product; only ESTATUS A is active; no key fails it', () => {
  assert.deepEqual(toProduct(article, 'America/Mexico_City'), {
    external_id: '1001',
    sku: 'MART-16',
    name: 'Martillo de uña 16 oz',
    category: 'Ferretería',
    unit: 'Pieza',
    price: '189.9',
    cost: null,
    active: true,
    modified_at: '2026-01-01T01:30:00.000Z',
  });
  assert.equal(toProduct({ ...article, ESTATUS: 'B' }, 'UTC').active, false);
  assert.equal(toProduct({ ...article, ESTATUS: 'S' }, 'UTC').active, false);
  assert.throws(() => toProduct({ ...article, CLAVE: null }, 'UTC'), /no article key/);
});

const line = {
  DOC_ID: 9001,
  LINE_ID: 90011,
  TIPO_DOCTO: 'F',
  FOLIO: 'FA0000101',
  FECHA: '2026-01-12',
  ALMACEN_ID: 19,
  ESTATUS: 'N',
  UNIDADES: '2.00000',
  CLAVE: 'MART-16',
};

test('a sales line is cancelled with its document, and when it is a remisión already invoiced', () => {
  const at = '2026-01-12T17:00:00.000Z';
  assert.deepEqual(toSale(line, 'VE', at), {
    external_id: 'VE-90011',
    folio: 'FA0000101',
    sku: 'MART-16',
    warehouse_code: '19',
    date: '2026-01-12',
    quantity: '2',
    cancelled: false,
    modified_at: at,
  });
  assert.equal(toSale({ ...line, ESTATUS: 'C' }, 'VE', at).cancelled, true);
  assert.equal(toSale({ ...line, ESTATUS: 'C' }, 'PV', at).cancelled, true);
  assert.equal(toSale({ ...line, TIPO_DOCTO: 'R', ESTATUS: 'F' }, 'VE', at).cancelled, true);
  assert.equal(toSale({ ...line, TIPO_DOCTO: 'R', ESTATUS: 'N' }, 'VE', at).cancelled, false);
  assert.equal(toSale(line, 'PV', at).external_id, 'PV-90011');
  assert.throws(() => toSale({ ...line, ALMACEN_ID: null }, 'VE', at), /no warehouse/);
});
