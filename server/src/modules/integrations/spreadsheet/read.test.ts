import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detect, findHeaderRow, headerTexts } from '../domain/headers.ts';
import type { SheetRow } from '../domain/kinds.ts';
import { rowValidator } from '../domain/rows.ts';
import {
  bigXlsx,
  collect,
  lockedXls,
  oleOf,
  problemOf,
  repack,
  xlsOf,
  xlsxOf,
  zipOf,
} from './files.support.ts';
import { csvDialect, readRows, sheetNames } from './read.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const rowsOf = (bytes: Buffer, format: 'xlsx' | 'xls' | 'csv', sheet?: string) =>
  collect(readRows(bytes, format, sheet === undefined ? {} : { sheet }));
const brief = (rows: SheetRow[]) => rows.map((r) => [r.row, ...r.cells]);

test('xlsx: dates, cached formula results, rich text, errors and booleans become plain cells', async () => {
  const bytes = await xlsxOf({
    Stock: [
      ['Clave', 'Fecha', 'Total', 'Nota', 'Error', 'Activo', 'Blanco'],
      [
        'A-1',
        day('2025-03-15'),
        { formula: 'B2*2', result: 10 },
        { richText: [{ text: 'Tornillo ' }, { font: { bold: true }, text: '3/8' }] },
        { error: '#N/A' },
        true,
        '   ',
      ],
    ],
  });
  assert.deepEqual(brief(await rowsOf(bytes, 'xlsx')), [
    [1, 'Clave', 'Fecha', 'Total', 'Nota', 'Error', 'Activo', 'Blanco'],
    [2, 'A-1', day('2025-03-15'), 10, 'Tornillo 3/8', null, 'TRUE'],
  ]);
});

test('xlsx: a formula whose result is formatted as a date gives the date', async () => {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('S');
  ws.getCell('A1').value = { formula: 'TODAY()', result: 45731 };
  ws.getCell('A1').numFmt = 'dd/mm/yyyy';
  ws.getCell('B1').value = { formula: 'A1+1', result: 45732 };
  const rows = await rowsOf(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
  assert.deepEqual(rows[0]?.cells, [day('2025-03-15'), 45732]);
});

test('xlsx: row numbers are those the sheet shows, blank rows counted and skipped', async () => {
  const bytes = await xlsxOf({ S: [['a'], undefined, undefined, ['b'], [null, 'c']] });
  assert.deepEqual(brief(await rowsOf(bytes, 'xlsx')), [
    [1, 'a'],
    [4, 'b'],
    [5, null, 'c'],
  ]);
});

test('xlsx: the first tab with rows is read, visible tabs before hidden ones, or the named one', async () => {
  const bytes = await xlsxOf(
    { Portada: [], Oculta: [['hidden']], Datos: [['visible']], Notas: [['notes']] },
    ['Oculta'],
  );
  assert.deepEqual(await sheetNames(bytes, 'xlsx'), ['Portada', 'Oculta', 'Datos', 'Notas']);
  const cases: [string | undefined, string, unknown[][]][] = [
    [undefined, 'Datos', [[1, 'visible']]],
    ['Notas', 'Notas', [[1, 'notes']]],
    ['Oculta', 'Oculta', [[1, 'hidden']]],
  ];
  for (const [sheet, name, rows] of cases) {
    const got = await rowsOf(bytes, 'xlsx', sheet);
    assert.deepEqual(
      got.map((r) => r.sheet),
      [name],
      String(sheet),
    );
    assert.deepEqual(brief(got), rows);
  }
  assert.equal(await problemOf(rowsOf(bytes, 'xlsx', 'Ventas')), 'sheet_not_found');
  assert.equal(await problemOf(rowsOf(bytes, 'xlsx', 'Portada')), 'empty');
});

test('xlsx: tab order comes from the workbook, not from the order of the parts in the zip', async () => {
  const bytes = await xlsxOf({ Uno: [['one']], Dos: [['two']] });
  // Dragging "Dos" before "Uno" in Excel reorders workbook.xml only.
  const moved = repack(bytes, (name, content) => {
    if (name !== 'xl/workbook.xml') return content;
    const xml = content.toString();
    const [uno, dos] = [...xml.matchAll(/<sheet [^>]*\/>/g)].map((m) => m[0]);
    return xml.replace(`${uno}${dos}`, `${dos}${uno}`);
  });
  assert.deepEqual(await sheetNames(moved, 'xlsx'), ['Dos', 'Uno']);
  assert.deepEqual(brief(await rowsOf(moved, 'xlsx')), [[1, 'two']]);
});

test('xlsx: damaged, protected, empty and foreign files are refused with a code', async () => {
  const good = await xlsxOf({ S: [['a', 1]] });
  const cases: [string, Buffer, string][] = [
    ['cut short', good.subarray(0, good.length - 200), 'unreadable'],
    ['a zip that is not a workbook', zipOf({ 'a.txt': 'x' }), 'not_a_workbook'],
    [
      'a sheet whose compressed bytes are damaged',
      (() => {
        const b = Buffer.from(good);
        const at = b.indexOf('xl/worksheets/sheet1.xml') + 40;
        for (let i = 0; i < 16; i++) b[at + i]! ^= 0x5a;
        return b;
      })(),
      'unreadable',
    ],
    [
      'a sheet that is not XML',
      repack(good, (n, c) => (n === 'xl/worksheets/sheet1.xml' ? 'garbage <<<' : c)),
      'unreadable',
    ],
    [
      'password-protected',
      oleOf({ EncryptionInfo: Buffer.alloc(64, 1), EncryptedPackage: Buffer.alloc(5000, 2) }),
      'password_protected',
    ],
    ['no sheet with rows', await xlsxOf({ A: [], B: [[null, '  ']] }), 'empty'],
  ];
  for (const [name, bytes, code] of cases) assert.equal(await problemOf(rowsOf(bytes, 'xlsx')), code, name);
});

test('xls: a BIFF8 workbook made by SheetJS reads with dates, numbers and row numbers', async () => {
  const bytes = xlsOf(
    {
      Vacia: [],
      Ventas: [['Clave', 'Fecha', 'Cantidad'], [], ['007', 45731, 1.5], ['B', 'x', true]],
    },
    { B3: 'dd/mm/yyyy' },
  );
  assert.deepEqual(await sheetNames(bytes, 'xls'), ['Vacia', 'Ventas']);
  const rows = await rowsOf(bytes, 'xls');
  assert.deepEqual(
    rows.map((r) => r.sheet),
    ['Ventas', 'Ventas', 'Ventas'],
  );
  assert.deepEqual(brief(rows), [
    [1, 'Clave', 'Fecha', 'Cantidad'],
    [3, '007', day('2025-03-15'), 1.5],
    [4, 'B', 'x', 'TRUE'],
  ]);
  assert.equal(await problemOf(rowsOf(bytes, 'xls', 'Otra')), 'sheet_not_found');
});

test('xls: protected, damaged and empty files are refused with a code', async () => {
  const cases: [string, Buffer, string][] = [
    ['FILEPASS record', lockedXls(), 'password_protected'],
    ['cut short', xlsOf({ S: [['a', 1]] }).subarray(0, 1500), 'unreadable'],
    ['no rows', xlsOf({ S: [] }), 'empty'],
  ];
  for (const [name, bytes, code] of cases) assert.equal(await problemOf(rowsOf(bytes, 'xls')), code, name);
});

test('xls: an HTML table saved as .xls keeps its text as text', async () => {
  const html =
    '<table><tr><td>Clave</td><td>Existencia</td></tr><tr><td>007</td><td>1,234.50</td></tr></table>';
  assert.deepEqual(brief(await rowsOf(Buffer.from(html), 'xls')), [
    [1, 'Clave', 'Existencia'],
    [2, '007', '1,234.50'],
  ]);
});

test('csv: encoding, delimiter and decimal comma are taken from the bytes', () => {
  const cp1252 = (s: string) => Buffer.from(s, 'latin1');
  const cases: [string, Buffer, ReturnType<typeof csvDialect>][] = [
    [
      'Windows-1252, semicolons',
      cp1252('Clave;Descripción;Existencia\r\nA;Caño, 3/8";1.234,50\r\n'),
      { encoding: 'windows-1252', delimiter: ';', decimalComma: true },
    ],
    [
      'UTF-8 with a BOM, commas',
      Buffer.from('\ufeffsku,location,start_date,end_date,quantity\n'),
      { encoding: 'utf-8', delimiter: ',', decimalComma: false },
    ],
    [
      'a title line with a comma above a semicolon header',
      Buffer.from('Existencias al 15 de marzo, 2025\nClave;Existencia;Costo\nA;1,5;2,5\n'),
      { encoding: 'utf-8', delimiter: ';', decimalComma: true },
    ],
    [
      'decimal commas in the data outnumber the semicolons of the header',
      Buffer.from('Clave;Ene-25;Feb-25\n"A, x";1,5;2,5\n"B, y";1,5;2,5\n'),
      { encoding: 'utf-8', delimiter: ';', decimalComma: true },
    ],
    [
      'tabs',
      Buffer.from('clave\texistencia\nA\t3\n'),
      { encoding: 'utf-8', delimiter: '\t', decimalComma: false },
    ],
    [
      'unknown headers: the most frequent delimiter of the first line',
      Buffer.from('a;b;c\n1,2;3;4\n'),
      { encoding: 'utf-8', delimiter: ';', decimalComma: true },
    ],
    ['one column', Buffer.from('clave\nA\n'), { encoding: 'utf-8', delimiter: ',', decimalComma: false }],
    [
      'UTF-16 with a BOM',
      Buffer.from('\ufeffclave\texistencia\n', 'utf16le'),
      { encoding: 'utf-16le', delimiter: '\t', decimalComma: false },
    ],
  ];
  for (const [name, bytes, dialect] of cases) assert.deepEqual(csvDialect(bytes), dialect, name);
});

test('csv: a Windows-1252 file with semicolons reads as text, accents intact', async () => {
  const bytes = Buffer.from('Clave;Descripción;Existencia\r\nA;Caño 3/8";1.234,50\r\n', 'latin1');
  assert.deepEqual(brief(await rowsOf(bytes, 'csv')), [
    [1, 'Clave', 'Descripción', 'Existencia'],
    [2, 'A', 'Caño 3/8"', '1.234,50'],
  ]);
});

test('csv: the BOM is dropped, blank lines count, a quoted line break stays in its cell', async () => {
  const bytes = Buffer.from('\ufeffclave,nota\n\nA,"dos\nlíneas"\nB,\n');
  const rows = await rowsOf(bytes, 'csv');
  assert.deepEqual(brief(rows), [
    [1, 'clave', 'nota'],
    [3, 'A', 'dos\nlíneas'],
    [4, 'B'],
  ]);
  assert.deepEqual(await sheetNames(bytes, 'csv'), ['']);
});

test('csv: a long UTF-16 file decodes across chunk boundaries', async () => {
  const lines = ['clave\tdescripción', ...Array.from({ length: 20_000 }, (_, i) => `A${i}\tCaño ${i}`)];
  const rows = await rowsOf(Buffer.from(`\ufeff${lines.join('\r\n')}`, 'utf16le'), 'csv');
  assert.equal(rows.length, 20_001);
  assert.deepEqual(rows.at(-1), { sheet: '', row: 20_001, cells: ['A19999', 'Caño 19999'] });
});

test('csv: broken quoting, binary data and files without rows are refused with a code', async () => {
  const cases: [string, Buffer, string][] = [
    ['an unclosed quote', Buffer.from('a,b\n"x,1\n'), 'unreadable'],
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'not_a_workbook'],
    ['only blank lines', Buffer.from('\n ,  ,\n\n'), 'empty'],
    ['nothing', Buffer.alloc(0), 'empty'],
  ];
  for (const [name, bytes, code] of cases) assert.equal(await problemOf(rowsOf(bytes, 'csv')), code, name);
});

test('xlsx streaming: 50,000 rows read through with the right numbers', async () => {
  const n = 50_000;
  const bytes = await bigXlsx(n + 1, (i) =>
    i === 0 ? ['Clave', 'Descripción', 'Existencia'] : [`SKU-${i}`, `Producto ${i % 97}`, i],
  );
  let count = 0;
  let numbersRight = true;
  for await (const r of readRows(bytes, 'xlsx')) {
    count++;
    if (r.row !== count) numbersRight = false;
    if (count === n + 1) assert.deepEqual(r.cells, [`SKU-${n}`, `Producto ${n % 97}`, n]);
  }
  assert.equal(count, n + 1);
  assert.ok(numbersRight);
});

test('xlsx streaming: a consumer that pauses between batches (it writes each to the database) still reads to the end', async () => {
  const bytes = await bigXlsx(5001, (i) => (i === 0 ? ['Clave', 'Cantidad'] : [`SKU-${i}`, i]));
  let count = 0;
  for await (const _ of readRows(bytes, 'xlsx')) {
    count++;
    if (count % 1000 === 0) await new Promise((r) => setTimeout(r, 30));
  }
  assert.equal(count, 5001);
});

test('xlsx streaming: leaving early stops the reader', async () => {
  const bytes = await bigXlsx(5000, (i) => [`SKU-${i}`, i]);
  const seen: number[] = [];
  for await (const r of readRows(bytes, 'xlsx')) {
    seen.push(r.row);
    if (seen.length === 3) break;
  }
  assert.deepEqual(seen, [1, 2, 3]);
});

test('end to end: a Microsip stock export with two title rows reads, maps and validates', async () => {
  const bytes = await xlsxOf({
    Existencias: [
      ['MICROSIP - Existencias por almacén'],
      ['Almacén: SUC CENTRO', null, 'Al 15/03/2025'],
      ['Clave', 'Nombre del artículo', 'Unidad de medida', 'Existencia', 'Costo unitario'],
      ['A-1', 'Tornillo 3/8"', 'PZA', 1234.5, 1.5],
      ['A-2', 'Tuerca', 'PZA', -3, 0.8],
    ],
  });
  const rows = await rowsOf(bytes, 'xlsx');
  const at = findHeaderRow(rows);
  const headers = headerTexts(rows[at]!.cells);
  const d = detect(headers, { filename: 'Existencias SUC CENTRO.xlsx', sheet: rows[at]!.sheet });
  assert.equal(d.kind, 'inventory');
  const validate = rowValidator('inventory', d.mapping, headers, { decimalComma: false, store: d.store });
  assert.deepEqual(rows.slice(at + 1).map(validate), [
    { record: { sku: 'A-1', on_hand: '1234.5', store: 'CENTRO', name: 'Tornillo 3/8"', unit: 'PZA' } },
    { problems: [{ row: 5, column: 'Existencia', value: '-3', code: 'negative' }] },
  ]);
});

test('end to end: a Windows-1252 semicolon CSV of monthly sales with decimal commas', async () => {
  const text = 'CLAVE;DESCRIPCION;ENE-25;FEB-25\r\nA-1;Caño 1/2";1.234,50;\r\nA-2;Codo;0;-1\r\n';
  const bytes = Buffer.from(text, 'latin1');
  const dialect = csvDialect(bytes);
  const rows = await rowsOf(bytes, 'csv');
  const headers = headerTexts(rows[findHeaderRow(rows)]!.cells);
  const d = detect(headers, { filename: 'ventas 2025.csv', sheet: '' });
  assert.equal(d.kind, 'sales');
  const validate = rowValidator('sales', d.mapping, headers, dialect);
  const jan = { start: '2025-01-01', end: '2025-01-31' };
  const feb = { start: '2025-02-01', end: '2025-02-28' };
  assert.deepEqual(rows.slice(1).map(validate), [
    { record: { sku: 'A-1', name: 'Caño 1/2"', lines: [{ ...jan, quantity: '1234.5' }] } },
    {
      record: {
        sku: 'A-2',
        name: 'Codo',
        lines: [
          { ...jan, quantity: '0' },
          { ...feb, quantity: '-1' },
        ],
      },
    },
  ]);
});
