import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { FieldError } from '../../platform/domain/errors.ts';
import { LIMITS } from './domain/limits.ts';

export const CSV_COLUMNS = ['sku', 'location', 'start_date', 'end_date', 'quantity'] as const;
export const MAX_IMPORT_ROWS = 50_000;

/** One data row of a forecast file; `row` is the number a spreadsheet shows (the header is row 1). */
export type CsvForecast = {
  row: number;
  sku: string;
  location: string;
  start_date: string;
  end_date: string;
  /** Decimal text with a point, exact for a `numeric` column. */
  quantity: string;
  /** False when a cell of the row is bad (its problems are in `errors`). */
  valid: boolean;
};

const Day = z.iso.date();
const NUMBER = /^(\d+(\.\d*)?|\.\d+)$/;

/** Spanish spreadsheets export `;` because the comma is their decimal mark: the header line tells. */
const separatorOf = (text: string) => {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
};

/** A decimal comma only where it cannot be the separator. */
const quantityOf = (raw: string, sep: string) => {
  const s = sep === ';' && !raw.includes('.') ? raw.replace(',', '.') : raw;
  return NUMBER.test(s) ? s : undefined;
};

/**
 * Reads a forecast file: header `sku,location,start_date,end_date,quantity` in any order and
 * case, comma or semicolon separated. Returns every data row and every problem found, naming
 * row and column; catalogue lookups and overlaps are the caller's.
 */
export const parseForecastCsv = (text: string): { rows: CsvForecast[]; errors: FieldError[] } => {
  const sep = separatorOf(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: sep,
      bom: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = typeof err.lines === 'number' ? err.lines : 1;
    return { rows: [], errors: [{ field: `rows[${line}]`, message: `is not valid CSV (${err.code})` }] };
  }
  const blank = (r: string[]) => r.every((c) => c === '');
  const headerAt = records.findIndex((r) => !blank(r));
  const header = records[headerAt]?.map((h) => h.toLowerCase()) ?? [];
  const errors: FieldError[] = [];
  const col = {} as Record<(typeof CSV_COLUMNS)[number], number>;
  for (const name of CSV_COLUMNS) {
    const at = header.indexOf(name);
    if (at < 0) errors.push({ field: `header.${name}`, message: 'is a missing column' });
    else if (header.indexOf(name, at + 1) >= 0)
      errors.push({ field: `header.${name}`, message: 'appears more than once' });
    col[name] = at;
  }
  if (errors.length > 0) return { rows: [], errors };

  const data = records.map((r, i) => ({ r, row: i + 1 })).filter((x, i) => i > headerAt && !blank(x.r));
  if (data.length === 0) return { rows: [], errors: [{ field: 'body', message: 'has no data rows' }] };
  if (data.length > MAX_IMPORT_ROWS)
    return {
      rows: [],
      errors: [
        { field: 'body', message: `has ${data.length} rows; at most ${MAX_IMPORT_ROWS} are accepted` },
      ],
    };

  // Bad rows come back too, so the caller can still name their unknown SKUs in the same answer.
  const rows = data.map(({ r, row }): CsvForecast => {
    const cell = (name: (typeof CSV_COLUMNS)[number]) => r[col[name]] ?? '';
    const before = errors.length;
    const bad = (name: string, message: string) => errors.push({ field: `rows[${row}].${name}`, message });
    const out = {
      row,
      sku: cell('sku'),
      location: cell('location'),
      start_date: cell('start_date'),
      end_date: cell('end_date'),
      quantity: quantityOf(cell('quantity'), sep),
    };
    if (!out.sku) bad('sku', 'is required');
    if (!out.location) bad('location', 'is required');
    const startOk = Day.safeParse(out.start_date).success;
    const endOk = Day.safeParse(out.end_date).success;
    if (!startOk) bad('start_date', 'must be a date as YYYY-MM-DD');
    if (!endOk) bad('end_date', 'must be a date as YYYY-MM-DD');
    if (startOk && endOk && out.end_date < out.start_date) bad('end_date', 'must not be before start_date');
    if (out.quantity === undefined) bad('quantity', 'must be a number ≥ 0');
    else if (Number(out.quantity) > LIMITS.quantity) bad('quantity', `must be at most ${LIMITS.quantity}`);
    return { ...out, quantity: out.quantity ?? '', valid: errors.length === before };
  });
  return { rows, errors };
};

export type Span = { start: string; end: string };

/**
 * Pairs of ranges sharing a day, swept in start order against the range reaching furthest so
 * far: every overlap is reported at least once, on the later-starting range.
 */
export const overlappingPairs = <T extends Span>(spans: T[]): [later: T, earlier: T][] => {
  const sorted = [...spans].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: [T, T][] = [];
  let reach: T | undefined;
  for (const s of sorted) {
    if (reach && s.start <= reach.end) out.push([s, reach]);
    if (!reach || s.end > reach.end) reach = s;
  }
  return out;
};

/** A range of one item: one of the rows being checked (`mine`), or one they must not overlap. */
export type ItemRange = Span & { row?: number | undefined; mine: boolean };
export type RangeClash = {
  row: number;
  /** The cell to blame: the start of a row starting inside another range, else its end. */
  column: 'start_date' | 'end_date';
  other: { row?: number; start: string; end: string };
};

/**
 * The rows of `mine` sharing a day with another range of the same item (one list per item),
 * each reported on the row being checked, never on a stored range or an earlier batch's row.
 */
export const rangeClashes = (items: Iterable<ItemRange[]>): RangeClash[] => {
  const out: RangeClash[] = [];
  for (const list of items)
    for (const [later, before] of overlappingPairs(list)) {
      const [own, other, column] = later.mine
        ? [later, before, 'start_date' as const]
        : [before, later, 'end_date' as const];
      if (!own.mine || own.row === undefined) continue;
      out.push({
        row: own.row,
        column,
        other: { ...(other.row !== undefined ? { row: other.row } : {}), start: other.start, end: other.end },
      });
    }
  return out.sort((a, b) => a.row - b.row);
};
