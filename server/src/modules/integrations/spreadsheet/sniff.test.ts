import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oleOf, PNG, xlsOf, xlsxOf, zipOf } from './files.support.ts';
import { type SheetFormat, sniffFile, sniffFormat } from './sniff.ts';
import { encodingOf, textEncodingOf } from './text.ts';

const text = (s: string) => Buffer.from(s, 'utf8');
const cp1252 = (s: string) => Buffer.from(s, 'latin1');

test('files are told apart by their bytes: workbooks, legacy workbooks, text and everything else', async () => {
  const xlsx = await xlsxOf({ Hoja1: [['Clave', 'Existencia']] });
  const cases: [string, Buffer, SheetFormat | null][] = [
    ['an xlsx made by exceljs', xlsx, 'xlsx'],
    ['a zip whose directory lists xl/workbook.xml', zipOf({ 'xl/workbook.xml': '<workbook/>' }), 'xlsx'],
    ['a zip that is not a workbook', zipOf({ 'word/document.xml': '<w/>', 'a.txt': 'hola' }), null],
    ['an xls (BIFF8) made by SheetJS', xlsOf({ S1: [['Clave'], ['A']] }), 'xls'],
    ['an Excel 95 file with a Book stream', oleOf({ Book: Buffer.alloc(600, 1) }), 'xls'],
    [
      'a password-protected xlsx (OLE2 with an encrypted package)',
      oleOf({ EncryptionInfo: Buffer.alloc(64, 1), EncryptedPackage: Buffer.alloc(5000, 2) }),
      'xlsx',
    ],
    ['an OLE2 file that is a Word document', oleOf({ WordDocument: Buffer.alloc(5000, 3) }), null],
    ['UTF-8 CSV', text('clave,descripción\nA,Caño\n'), 'csv'],
    ['UTF-8 CSV with a BOM', text('\ufeffclave;existencia\r\nA;1,5\r\n'), 'csv'],
    ['Windows-1252 CSV', cp1252('Clave;Descripción\r\nA;Caño 3/8"\r\n'), 'csv'],
    ['tab-separated text', text('clave\texistencia\nA\t3\n'), 'csv'],
    [
      'UTF-16 text with a BOM, as Excel saves "Unicode text"',
      Buffer.from('\ufeffclave\tx\n', 'utf16le'),
      'csv',
    ],
    ['an HTML table saved as .xls', text('<html><body><table><tr><td>Clave</td></tr></table>'), 'xls'],
    [
      'XML Spreadsheet 2003',
      text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'),
      'xls',
    ],
    ['other markup', text('<?xml version="1.0"?><invoice/>'), null],
    ['a PNG renamed .xlsx', PNG, null],
    ['a PDF', text('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), null],
    ['random bytes', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)), null],
    ['text with a NUL', text('clave,x\n\u0000A,1\n'), null],
    ['bytes undefined in Windows-1252', Buffer.from([0x41, 0x2c, 0x81, 0x0a]), null],
    ['nothing at all', Buffer.alloc(0), null],
  ];
  for (const [name, bytes, want] of cases) assert.equal(sniffFile(bytes), want, name);
});

test('the head of an xlsx is enough when its workbook parts come first', async () => {
  const xlsx = await xlsxOf({ Hoja1: [['Clave', 'Existencia']] });
  // exceljs writes the relationships and sheets first and xl/workbook.xml last.
  assert.equal(sniffFormat(xlsx.subarray(0, 2048)), 'xlsx');
  const notBook = zipOf({ 'a.txt': 'x'.repeat(5000), 'b.txt': 'y' });
  assert.equal(sniffFormat(notBook.subarray(0, 200)), null);
});

test('a UTF-8 character cut by the end of the head does not turn the text into Windows-1252', () => {
  const bytes = text('clave,descripción\nA,Caño\n');
  const cut = bytes.subarray(0, bytes.indexOf(0xb1) /* second byte of ñ */);
  assert.equal(textEncodingOf(cut), 'utf-8');
  assert.equal(textEncodingOf(cp1252('clave,descripción')), 'windows-1252');
  assert.equal(encodingOf(bytes), 'utf-8');
});
