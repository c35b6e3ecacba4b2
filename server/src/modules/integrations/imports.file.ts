import { isBlank } from './domain/cells.ts';
import { findHeaderRow, headerTexts as rawHeaderTexts } from './domain/headers.ts';
import type { Cell, SheetRow } from './domain/kinds.ts';
import type { FileFormat } from './schema.ts';
import { csvDialect, FileProblem, fileProblemMessage, readRows, sheetNames } from './spreadsheet/read.ts';
import { DomainError } from '../../platform/domain/errors.ts';

/** How far down a title block may push the header row (ERP exports put a few lines above it). */
const HEAD_ROWS = 15;

export type SheetHead = {
  sheet: string;
  headerRow: number;
  headers: string[];
  decimalComma: boolean;
  /** Up to `previewRows` data rows after the header, as the reader gave them. */
  preview: SheetRow[];
};

/**
 * Header texts as the file has them (dates as the periods they stand for); blank ones are named
 * by position and repeats numbered, so every column has its own key in a mapping.
 */
export const headerTexts = (cells: Cell[]) => {
  const seen = new Map<string, number>();
  return rawHeaderTexts(cells).map((text, i) => {
    const base = text.trim() === '' ? `#${i + 1}` : text;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
};

export const decimalCommaOf = (bytes: Buffer, format: FileFormat) =>
  format === 'csv' ? csvDialect(bytes).decimalComma : false;

/** Finds the sheet's header row and reads a few rows after it; the rest of the file is not read. */
export const readHead = async (
  bytes: Buffer,
  format: FileFormat,
  o: { sheet?: string | null; previewRows: number },
): Promise<SheetHead> => {
  const sheet = o.sheet ?? (await sheetNames(bytes, format))[0] ?? '';
  const rows: SheetRow[] = [];
  for await (const r of readRows(bytes, format, sheet ? { sheet } : {})) {
    rows.push(r);
    if (rows.length >= HEAD_ROWS + o.previewRows) break;
  }
  const header = rows[findHeaderRow(rows.slice(0, HEAD_ROWS))];
  const headerRow = header?.row ?? 1;
  const headers = header ? headerTexts(header.cells) : [];
  const preview = rows.filter((r) => r.row > headerRow && !r.cells.every(isBlank)).slice(0, o.previewRows);
  return { sheet, headerRow, headers, decimalComma: decimalCommaOf(bytes, format), preview };
};

/** Every data row after the header, blank rows skipped, in file order; a file that breaks off is a 400. */
export async function* dataRows(
  bytes: Buffer,
  format: FileFormat,
  o: { sheet: string | null; headerRow: number; filename?: string },
): AsyncGenerator<SheetRow> {
  try {
    for await (const r of readRows(bytes, format, o.sheet ? { sheet: o.sheet } : {})) {
      if (r.row <= o.headerRow || r.cells.every(isBlank)) continue;
      yield r;
    }
  } catch (err) {
    if (!(err instanceof FileProblem)) throw err;
    throw new DomainError('integrations.unreadable_file', {
      detail: `${o.filename ?? 'The file'}: ${fileProblemMessage(err, 'en')}.`,
      errors: [{ field: 'file', message: fileProblemMessage(err, 'en') }],
    });
  }
}

/** Rows in groups of `size`, so each group is validated, resolved and written together. */
export async function* batches<T>(rows: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const r of rows) {
    batch.push(r);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** A cell as the preview shows it: numbers stay numbers, dates are days. */
export const previewCell = (c: Cell | undefined): string | number | null =>
  c === undefined || c === null ? null : c instanceof Date ? c.toISOString().slice(0, 10) : c;
