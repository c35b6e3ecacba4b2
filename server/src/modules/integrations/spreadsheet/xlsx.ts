import { excelSerialDate } from '../domain/calendar.ts';
import type { Cell, SheetRow } from '../domain/kinds.ts';
import { FileProblem } from './file-problem.ts';
import { type SheetPart, type XlsxBook, xlsxBook } from './workbook.ts';
import { type StreamPart, zipStream } from './zip.ts';

/** What the typings leave out of exceljs's streaming reader. */
type StreamCell = { value: unknown; numFmt?: string };
type StreamRow = { number: number; eachCell: (f: (cell: StreamCell, col: number) => void) => void };

// exceljs's own test for date formats: letters of days, months, years or times outside
// quotes and brackets. Formula results are not converted by exceljs, so this repeats it.
const isDateFormat = (fmt: string | undefined) =>
  !!fmt && /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** A cell value of exceljs as a plain cell: formulas give their cached result, errors nothing. */
export const plainCell = (value: unknown, numFmt: string | undefined, date1904: boolean): Cell => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return null;
    return isDateFormat(numFmt) ? excelSerialDate(value, date1904) : value;
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('richText' in v && Array.isArray(v.richText))
      return plainCell(v.richText.map((r: { text?: string }) => r.text ?? '').join(''), undefined, date1904);
    if ('formula' in v || 'sharedFormula' in v) return plainCell(v.result, numFmt, date1904);
    if ('text' in v) return plainCell(v.text, undefined, date1904);
  }
  return null;
};

/**
 * A zip of just what exceljs needs for one sheet, in the order it needs it: workbook,
 * relationships, shared strings, styles, then the sheet under the name exceljs recognises.
 * exceljs otherwise spills every sheet that comes before the shared strings (Excel and exceljs
 * both write them after) to temporary files, and reads sheets in zip order, not tab order.
 */
const streamFor = (bytes: Uint8Array, book: XlsxBook, sheet: SheetPart) => {
  const parts: StreamPart[] = [];
  for (const name of [
    'xl/workbook.xml',
    'xl/_rels/workbook.xml.rels',
    'xl/sharedStrings.xml',
    'xl/styles.xml',
  ]) {
    const entry = book.entries.get(name);
    if (entry) parts.push({ entry });
    // Without a shared strings part exceljs would wait for one: an empty table ends the wait.
    else if (name === 'xl/sharedStrings.xml') parts.push({ name, content: '<sst/>' });
  }
  parts.push({ entry: sheet.entry, as: 'xl/worksheets/sheet1.xml' });
  return zipStream(bytes, parts);
};

async function* sheetRows(bytes: Uint8Array, book: XlsxBook, sheet: SheetPart): AsyncGenerator<SheetRow> {
  // exceljs is large and most processes never read a workbook: it loads with the first one.
  const { default: ExcelJS } = await import('exceljs');
  const { stream, failure } = streamFor(bytes, book, sheet);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let last = 0;
  for await (const worksheet of reader)
    for await (const r of worksheet as unknown as AsyncIterable<StreamRow>) {
      // Rows without a number (some writers leave `r` out) follow the one before.
      const number = Number.isInteger(r.number) ? r.number : last + 1;
      last = number;
      const cells: Cell[] = [];
      r.eachCell((cell, col) => {
        cells[col - 1] = plainCell(cell.value, cell.numFmt, book.date1904);
      });
      const filled = Array.from(cells, (c) => c ?? null);
      while (filled.length > 0 && filled[filled.length - 1] === null) filled.pop();
      if (filled.length > 0) yield { sheet: sheet.name, row: number, cells: filled };
    }
  const failed = failure();
  if (failed) throw new FileProblem('unreadable', failed.message);
}

/** Sheets in the order to try: the named one, or the visible tabs then the hidden ones. */
const sheetsToRead = (book: XlsxBook, name: string | undefined) => {
  if (name === undefined)
    return [...book.sheets.filter((s) => !s.hidden), ...book.sheets.filter((s) => s.hidden)];
  const sheet = book.sheets.find((s) => s.name === name);
  if (!sheet) throw new FileProblem('sheet_not_found', undefined, { sheet: name });
  return [sheet];
};

/** Rows of the named sheet or of the first sheet with any, streamed: memory does not grow with rows. */
export async function* readXlsx(bytes: Uint8Array, sheet?: string): AsyncGenerator<SheetRow> {
  const book = xlsxBook(bytes);
  for (const part of sheetsToRead(book, sheet)) {
    let any = false;
    try {
      for await (const row of sheetRows(bytes, book, part)) {
        any = true;
        yield row;
      }
    } catch (err) {
      if (err instanceof FileProblem) throw err;
      throw new FileProblem('unreadable', (err as Error).message);
    }
    if (any) return;
  }
  throw new FileProblem('empty');
}

export const xlsxSheetNames = (bytes: Uint8Array) => xlsxBook(bytes).sheets.map((s) => s.name);
