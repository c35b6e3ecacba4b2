import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detect, findHeaderRow, headerTexts, mappingFor, normalizeHeader, shapeOf } from './headers.ts';
import type { Cell, ImportKind, Mapping, SheetRow } from './kinds.ts';

const ctx = { filename: 'archivo.xlsx', sheet: 'Hoja1' };
const MONTHS_25 = ['ENE', 'FEB', 'MAR', 'ABR', 'MAY', 'JUN', 'JUL', 'AGO', 'SEP', 'OCT', 'NOV', 'DIC'].map(
  (m) => `${m}-25`,
);

test('headers are compared lower case, without accents, punctuation or extra spaces', () => {
  const cases: [string, string][] = [
    ['Descripción', 'descripcion'],
    ['  CÓDIGO   de  Barras ', 'codigo de barras'],
    ['Precio_Venta (IVA)', 'precio venta iva'],
    ['No. de parte', 'no de parte'],
    ['Año', 'ano'],
    ['Cant.\tmínima', 'cant minima'],
    ['', ''],
  ];
  for (const [raw, want] of cases) assert.equal(normalizeHeader(raw), want, raw);
});

test('each kind is detected from Spanish and English headers', () => {
  const cases: { name: string; headers: string[]; kind: ImportKind; mapping: Mapping }[] = [
    {
      name: 'a product list',
      headers: ['Clave', 'Descripción', 'Precio', 'Línea', 'U.M.'],
      kind: 'products',
      mapping: { Clave: 'sku', Descripción: 'name', Precio: 'price', Línea: 'category', 'U.M.': 'unit' },
    },
    {
      name: 'an English stock report',
      headers: ['SKU', 'Description', 'Qty on hand', 'Warehouse', 'Reorder point', 'Maximum'],
      kind: 'inventory',
      mapping: {
        SKU: 'sku',
        Description: 'name',
        'Qty on hand': 'on_hand',
        Warehouse: 'store',
        'Reorder point': 'min',
        Maximum: 'max',
      },
    },
    {
      name: 'a catalogue with a stock column is a stock file',
      headers: ['Código', 'Nombre', 'Precio', 'Costo', 'Familia', 'Unidad', 'Existencia'],
      kind: 'inventory',
      mapping: {
        Código: 'sku',
        Nombre: 'name',
        Precio: null,
        Costo: null,
        Familia: 'category',
        Unidad: 'unit',
        Existencia: 'on_hand',
      },
    },
    {
      name: 'dated sales lines',
      headers: ['Fecha', 'Folio', 'Clave artículo', 'Cantidad vendida', 'Sucursal'],
      kind: 'sales',
      mapping: {
        Fecha: 'date',
        Folio: 'folio',
        'Clave artículo': 'sku',
        'Cantidad vendida': 'quantity',
        Sucursal: 'store',
      },
    },
    {
      name: 'suppliers',
      headers: ['Proveedor', 'RFC', 'Correo electrónico', 'Teléfono', 'Moneda', 'Días de entrega'],
      kind: 'suppliers',
      mapping: {
        Proveedor: 'supplier',
        RFC: 'tax_id',
        'Correo electrónico': 'email',
        Teléfono: 'phone',
        Moneda: 'currency',
        'Días de entrega': 'lead_time_days',
      },
    },
    {
      name: 'suppliers under "Nombre", beside a tax id',
      headers: ['Nombre', 'RFC', 'E-mail'],
      kind: 'suppliers',
      mapping: { Nombre: 'supplier', RFC: 'tax_id', 'E-mail': 'email' },
    },
    {
      name: "a supplier's price list: its cost is our price, its minimum the minimum order",
      headers: ['Proveedor', 'Clave', 'Costo', 'Mínimo', 'Tiempo de entrega', 'Preferido'],
      kind: 'supplier_items',
      mapping: {
        Proveedor: 'supplier',
        Clave: 'sku',
        Costo: 'price',
        Mínimo: 'min_qty',
        'Tiempo de entrega': 'lead_time_days',
        Preferido: 'preferred',
      },
    },
    {
      name: 'a bill of materials',
      headers: ['Producto terminado', 'Componente', 'Cantidad'],
      kind: 'boms',
      mapping: { 'Producto terminado': 'parent_sku', Componente: 'component_sku', Cantidad: 'quantity' },
    },
    {
      name: "the project's forecast CSV",
      headers: ['sku', 'location', 'start_date', 'end_date', 'quantity'],
      kind: 'forecasts',
      mapping: {
        sku: 'sku',
        location: 'store',
        start_date: 'start_date',
        end_date: 'end_date',
        quantity: 'quantity',
      },
    },
    {
      name: 'Mexican tax codes are not the SKU; a barcode is not a code',
      headers: ['Clave SAT', 'Código de barras', 'Código', 'Descripción'],
      kind: 'products',
      mapping: { 'Clave SAT': null, 'Código de barras': 'barcode', Código: 'sku', Descripción: 'name' },
    },
  ];
  for (const c of cases) {
    const d = detect(c.headers, ctx);
    assert.equal(d.kind, c.kind, c.name);
    assert.deepEqual(d.mapping, c.mapping, c.name);
    assert.ok(d.confidence > 0 && d.confidence <= 1, c.name);
    assert.equal(d.candidates[0]?.kind, c.kind, c.name);
  }
});

test('a sales file with one column per month maps each month to its days', () => {
  const d = detect(['CLAVE', 'DESCRIPCION', ...MONTHS_25, 'TOTAL'], ctx);
  assert.equal(d.kind, 'sales');
  assert.equal(d.mapping.CLAVE, 'sku');
  assert.equal(d.mapping.DESCRIPCION, 'name');
  assert.equal(d.mapping.TOTAL, null);
  assert.deepEqual(d.mapping['ENE-25'], { period: { start: '2025-01-01', end: '2025-01-31' } });
  assert.deepEqual(d.mapping['DIC-25'], { period: { start: '2025-12-01', end: '2025-12-31' } });
  // One period column alone could be anything.
  assert.notEqual(detect(['CLAVE', 'DESCRIPCION', 'ENE-25'], ctx).kind, 'sales');
});

test('what the required columns rule out', () => {
  const cases: [string, string[], ImportKind | null][] = [
    ['stock needs an on-hand column', ['Clave', 'Descripción', 'Almacén'], 'products'],
    ['sales need a date beside the quantity', ['Clave', 'Cantidad'], null],
    ['a supplier list with SKUs is a supplier price list', ['Proveedor', 'Artículo'], 'supplier_items'],
    ['"Nombre" alone does not make suppliers', ['Nombre', 'Teléfono'], null],
    ['forecasts need a store column or a store in the name', ['sku', 'start', 'end', 'qty'], null],
    ['nothing known', ['foo', 'bar', ''], null],
    ['no headers', [], null],
  ];
  for (const [name, headers, kind] of cases) assert.equal(detect(headers, ctx).kind, kind, name);
  const none = detect(['foo', 'bar'], ctx);
  assert.deepEqual(none, {
    kind: null,
    mapping: { foo: null, bar: null },
    confidence: 0,
    candidates: [],
    store: null,
  });
});

test('the file and sheet names give the store and tip close calls', () => {
  const forecast = detect(['sku', 'start', 'end', 'qty'], {
    filename: 'Pronóstico Sucursal Norte.csv',
    sheet: '',
  });
  assert.equal(forecast.kind, 'forecasts');
  assert.equal(forecast.store, 'NORTE');
  const named = detect(['Nombre', 'Teléfono'], { filename: 'Proveedores.xlsx', sheet: 'Hoja1' });
  assert.equal(named.kind, 'suppliers');
  assert.deepEqual(named.mapping, { Nombre: 'supplier', Teléfono: 'phone' });
  const stock = detect(['Clave', 'Existencia'], {
    filename: 'reporte.xlsx',
    sheet: 'Existencias SUC CENTRO',
  });
  assert.equal(stock.store, 'CENTRO');
  // "Clave, Nombre, Precio" with a stock-like name is still products: no on-hand column.
  assert.equal(
    detect(['Clave', 'Nombre', 'Precio'], { filename: 'existencias.xlsx', sheet: '' }).kind,
    'products',
  );
});

test('a mapping for a kind the user chose', () => {
  assert.deepEqual(mappingFor('products', ['Clave', 'Existencia', 'Precio']), {
    Clave: 'sku',
    Existencia: null,
    Precio: 'price',
  });
  assert.deepEqual(mappingFor('supplier_items', ['Clave', 'Costo']), { Clave: 'sku', Costo: 'price' });
});

const rows = (cells: Cell[][]): SheetRow[] => cells.map((c, i) => ({ sheet: 'S', row: i + 1, cells: c }));

test('the header row is found below the titles ERP exports put above it', () => {
  const microsip = rows([
    ['MICROSIP - Existencias por almacén'],
    ['Almacén:', 'SUC CENTRO', null, 'Fecha:', new Date(Date.UTC(2025, 2, 15))],
    ['Clave', 'Nombre del artículo', 'Unidad de medida', 'Existencia', 'Costo unitario'],
    ['A-1', 'Tornillo', 'PZA', 120, 1.5],
  ]);
  const cases: [string, SheetRow[], number][] = [
    ['two title rows (Microsip)', microsip, 2],
    [
      'header first',
      rows([
        ['Clave', 'Existencia'],
        ['A', 3],
      ]),
      0,
    ],
    ['a one-cell title naming a field', rows([['Inventario'], ['Clave', 'Descripción', 'Existencia']]), 1],
    ['period headers', rows([['Ventas 2025'], ['CLAVE', ...MONTHS_25]]), 1],
    ['nothing known: the first row of two cells', rows([['Reporte'], ['foo', 'bar'], ['1', '2']]), 1],
    ['no rows', [], 0],
  ];
  for (const [name, r, want] of cases) assert.equal(findHeaderRow(r), want, name);
  const header = microsip[findHeaderRow(microsip)]!;
  const d = detect(headerTexts(header.cells), { filename: 'Existencias SUC CENTRO.xlsx', sheet: 'Hoja1' });
  assert.equal(d.kind, 'inventory');
  assert.equal(d.store, 'CENTRO');
  assert.deepEqual(d.mapping, {
    Clave: 'sku',
    'Nombre del artículo': 'name',
    'Unidad de medida': 'unit',
    Existencia: 'on_hand',
    'Costo unitario': null,
  });
});

test('header cells that are dates read as months, ISO weeks or days', () => {
  const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const cases: [Cell[], string[]][] = [
    [
      ['Clave', d('2025-01-01'), d('2025-02-01'), 2025, null],
      ['Clave', '2025-01', '2025-02', '2025', ''],
    ],
    [
      ['Clave', d('2025-03-03'), d('2025-03-10')],
      ['Clave', '2025-W10', '2025-W11'],
    ],
    [
      ['Clave', d('2024-12-30'), d('2025-01-06')],
      ['Clave', '2025-W01', '2025-W02'],
    ],
    [
      ['Clave', d('2025-03-15'), d('2025-03-16')],
      ['Clave', '2025-03-15', '2025-03-16'],
    ],
    [
      ['Clave', d('2025-03-01')],
      ['Clave', '2025-03-01'],
    ],
  ];
  for (const [cells, want] of cases) assert.deepEqual(headerTexts(cells), want);
});

test('the shape of a file ignores column order, case and accents, and nothing else', () => {
  const a = shapeOf(['Clave', 'Descripción', 'Existencia']);
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.equal(shapeOf(['EXISTENCIA', 'clave', 'descripcion']), a);
  assert.equal(shapeOf(['Clave', '', 'Descripción', 'Existencia']), a);
  assert.notEqual(shapeOf(['Clave', 'Descripción', 'Existencias']), a);
  assert.notEqual(shapeOf(['Clave', 'Descripción']), a);
});
