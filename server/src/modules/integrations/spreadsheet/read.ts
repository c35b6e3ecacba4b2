import type { SheetRow } from '../domain/kinds.ts';
import { CSV_SHEET, readCsv } from './csv.ts';
import { FileProblem } from './file-problem.ts';
import type { SheetFormat } from './sniff.ts';
import { textEncodingOf } from './text.ts';
import { readXls, xlsSheetNames } from './xls.ts';
import { readXlsx, xlsxSheetNames } from './xlsx.ts';

export { type CsvDelimiter, type CsvDialect, csvDialect } from './csv.ts';
export {
  FILE_PROBLEM_CODES,
  FileProblem,
  type FileProblemCode,
  fileProblemMessage,
} from './file-problem.ts';
export { type SheetFormat, sniffFile, sniffFormat } from './sniff.ts';

const checkText = (bytes: Uint8Array) => {
  if (bytes.length > 0 && !textEncodingOf(bytes.subarray(0, 64 * 1024)))
    throw new FileProblem('not_a_workbook', 'binary data read as CSV');
};

/**
 * The rows of a spreadsheet, one at a time, blank rows skipped: the named sheet, or the first
 * sheet (in tab order, visible before hidden) that has any row. `row` is the number the
 * spreadsheet shows. Throws a FileProblem when the file cannot be read (from the first
 * `next()`, or midway for a file damaged further in).
 */
export const readRows = (
  bytes: Buffer,
  format: SheetFormat,
  opts: { sheet?: string } = {},
): AsyncGenerator<SheetRow> => {
  switch (format) {
    case 'xlsx':
      return readXlsx(bytes, opts.sheet);
    case 'xls':
      return readXls(bytes, opts.sheet);
    case 'csv':
      return (async function* () {
        checkText(bytes);
        if (opts.sheet !== undefined && opts.sheet !== CSV_SHEET)
          throw new FileProblem('sheet_not_found', undefined, { sheet: opts.sheet });
        yield* readCsv(bytes);
      })();
  }
};

/** The sheets of a file in tab order; a CSV file has one, unnamed. */
export const sheetNames = async (bytes: Buffer, format: SheetFormat): Promise<string[]> => {
  switch (format) {
    case 'xlsx':
      return xlsxSheetNames(bytes);
    case 'xls':
      return xlsSheetNames(bytes);
    case 'csv':
      checkText(bytes);
      return [CSV_SHEET];
  }
};
