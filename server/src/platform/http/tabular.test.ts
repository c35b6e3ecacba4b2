import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { type Column, csvStream, safeText, xlsxStream } from './tabular.ts';

type Row = { sku: string; name: string | null; qty: number };
const columns: Column<Row>[] = [
  { header: 'SKU', value: (r) => r.sku },
  { header: 'Nombre', value: (r) => r.name },
  { header: 'Cantidad', value: (r) => r.qty },
];
const rowsOf = async function* (rows: Row[]) {
  yield* rows;
};
const text = async (s: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
};

test('a CSV starts with a byte-order mark and the headings, one CRLF line per row', async () => {
  const csv = (await text(csvStream(columns, rowsOf([{ sku: 'A-1', name: 'Tuerca', qty: 3 }])))).toString();
  assert.ok(csv.startsWith('\ufeffSKU,Nombre,Cantidad\r\n'));
  assert.equal(csv, '\ufeffSKU,Nombre,Cantidad\r\nA-1,Tuerca,3\r\n');
});

test('CSV fields with commas, quotes, semicolons or line breaks are quoted, quotes doubled', async () => {
  const csv = (
    await text(
      csvStream(
        columns,
        rowsOf([
          { sku: 'A,1', name: 'Dice "hola"', qty: 1 },
          { sku: 'B;2', name: 'dos\nlíneas', qty: -2.5 },
          { sku: 'C-3', name: null, qty: 0 },
        ]),
      ),
    )
  ).toString();
  const lines = csv.slice(1).split('\r\n');
  assert.equal(lines[1], '"A,1","Dice ""hola""",1');
  assert.equal(lines[2], '"B;2","dos\nlíneas",-2.5');
  assert.equal(lines[3], 'C-3,,0', 'null is an empty field');
});

test('text a spreadsheet would run as a formula gets a leading quote; numbers stay numbers', async () => {
  const cases: [string, string][] = [
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['plain', 'plain'],
  ];
  for (const [given, shown] of cases) assert.equal(safeText(given), shown, given);
  const csv = (
    await text(csvStream(columns, rowsOf([{ sku: '=SUM(A1)', name: '=HYPERLINK("x")', qty: -4 }])))
  ).toString();
  assert.equal(csv.split('\r\n')[1], `'=SUM(A1),"'=HYPERLINK(""x"")",-4`);
});

test('an .xlsx reads back with exceljs: bold headings, the same rows, numbers as numbers', async () => {
  const rows = Array.from({ length: 250 }, (_v, i) => ({
    sku: `P-${String(i).padStart(3, '0')}`,
    name: i === 7 ? '=SUM(A1)' : `Producto ${i}`,
    qty: i / 2,
  }));
  const file = await text(xlsxStream('Productos', columns, rowsOf(rows)));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const ws = book.getWorksheet('Productos');
  assert.ok(ws);
  assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), ['SKU', 'Nombre', 'Cantidad']);
  assert.equal(ws.getRow(1).font?.bold, true);
  assert.equal(ws.rowCount, 251);
  assert.deepEqual((ws.getRow(2).values as unknown[]).slice(1), ['P-000', 'Producto 0', 0]);
  assert.deepEqual((ws.getRow(251).values as unknown[]).slice(1), ['P-249', 'Producto 249', 124.5]);
  assert.equal(ws.getRow(9).getCell(2).value, "'=SUM(A1)", 'a formula is text, never a formula cell');
});

test('an .xlsx of no rows still opens, with its headings', async () => {
  const file = await text(xlsxStream('Vacío', columns, rowsOf([])));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  assert.equal(book.getWorksheet('Vacío')?.rowCount, 1);
});

test('a failing row source ends the .xlsx stream with the error', async () => {
  const failing = async function* () {
    yield { sku: 'A', name: 'a', qty: 1 };
    throw new Error('database went away');
  };
  await assert.rejects(text(xlsxStream('X', columns, failing())), /database went away/);
  await assert.rejects(text(csvStream(columns, failing())), /database went away/);
});
