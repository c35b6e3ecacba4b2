import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { Cell, SheetRow } from '../domain/kinds.ts';
import { parsePeriodHeader } from '../domain/periods.ts';
import { fieldMatches } from '../domain/synonyms.ts';
import { FileProblem } from './file-problem.ts';
import { HEAD_BYTES } from './sniff.ts';
import { decoderFor, encodingOf, type TextEncoding } from './text.ts';

export type CsvDelimiter = ',' | ';' | '\t';
export type CsvDialect = {
  encoding: TextEncoding;
  delimiter: CsvDelimiter;
  /** Semicolon files come from locales whose decimal mark is the comma (Spain, Excel in Spanish). */
  decimalComma: boolean;
};

/** CSV files have no sheets; their one sheet has no name. */
export const CSV_SHEET = '';

// On a tie the rarer character wins: a tab or a semicolon is seldom inside a header's text.
const DELIMITERS: CsvDelimiter[] = ['\t', ';', ','];

/** The cells of one line split outside double quotes; good enough to tell a dialect. */
const splitLine = (line: string, d: string) => {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
};

const known = (cells: string[]) =>
  cells.filter((c) => fieldMatches(c).length > 0 || parsePeriodHeader(c)).length;

/**
 * How a CSV file is written: its encoding (UTF-8, else Windows-1252, or UTF-16 with a BOM) and
 * its delimiter, the one that splits one of the first lines into the most recognised headers
 * (so title lines above the header and decimal commas in the data do not mislead), else the
 * one most frequent in the first line that has any.
 */
export const csvDialect = (bytes: Uint8Array): CsvDialect => {
  const encoding = encodingOf(bytes);
  const head = decoderFor(encoding).decode(bytes.subarray(0, HEAD_BYTES));
  const lines = head
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim() !== '')
    .slice(0, 15);
  const first = lines.find((l) => DELIMITERS.some((d) => l.includes(d))) ?? '';
  const rank = (d: CsvDelimiter) => ({
    d,
    known: Math.max(0, ...lines.filter((l) => l.includes(d)).map((l) => known(splitLine(l, d)))),
    count: splitLine(first, d).length - 1,
  });
  const [best] = DELIMITERS.map(rank).sort((a, b) => b.known - a.known || b.count - a.count);
  const delimiter = best && (best.known > 0 || best.count > 0) ? best.d : ',';
  return { encoding, delimiter, decimalComma: delimiter === ';' };
};

/** The file as UTF-8 chunks for the parser: a Windows-1252 or UTF-16 file is decoded piece by piece. */
function* utf8Chunks(bytes: Uint8Array, encoding: TextEncoding) {
  const size = 64 * 1024;
  if (encoding === 'utf-8') {
    for (let i = 0; i < bytes.length; i += size) yield Buffer.from(bytes.subarray(i, i + size));
    return;
  }
  const decoder = decoderFor(encoding);
  for (let i = 0; i < bytes.length; i += size)
    yield Buffer.from(decoder.decode(bytes.subarray(i, i + size), { stream: true }), 'utf8');
  yield Buffer.from(decoder.decode(), 'utf8');
}

/**
 * Rows of a CSV file, streamed through csv-parse. `row` counts records as Excel shows them when
 * it opens the file: blank lines count, a line break inside quotes does not. Cells are text;
 * blank ones are null and blank rows are skipped.
 */
export async function* readCsv(bytes: Uint8Array, dialect = csvDialect(bytes)): AsyncGenerator<SheetRow> {
  const parser = parse({
    delimiter: dialect.delimiter,
    bom: true,
    relax_column_count: true,
    // ERP descriptions hold inch marks unquoted: 'TORNILLO 3/8" X 2'.
    relax_quotes: true,
    skip_empty_lines: false,
  });
  Readable.from(utf8Chunks(bytes, dialect.encoding)).pipe(parser);
  let row = 0;
  let any = false;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      const cells: Cell[] = record.map((c) => (c.trim() === '' ? null : c));
      while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
      if (cells.length === 0) continue;
      any = true;
      yield { sheet: CSV_SHEET, row, cells };
    }
  } catch (err) {
    if (err instanceof CsvError) throw new FileProblem('unreadable', err.message, { row: row + 1 });
    throw err;
  }
  if (!any) throw new FileProblem('empty');
}
