import { excelSerialDate, fold, fullYear, isoDay, isoOfUtc, MONTHS } from './calendar.ts';
import type { Cell, CellProblemCode } from './kinds.ts';
import { FIRST_YEAR, LAST_YEAR } from './periods.ts';

/** A cell read as a value, or why it could not be. */
export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; code: CellProblemCode; params?: Record<string, string | number> };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(code: CellProblemCode, params?: Record<string, string | number>): Parsed<T> =>
  params ? { ok: false, code, params } : { ok: false, code };

export const MAX_AMOUNT = 1e12;
export const MAX_DECIMALS = 6;

export const isBlank = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '');

/** A cell as text for a problem report: what the user sees in that cell, at most 200 characters. */
export const cellText = (c: Cell): string => {
  if (c === null) return '';
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : isoOfUtc(c);
  return String(c).slice(0, 200);
};

/** Decimal text made plain: no leading or trailing zeros, no "-0". */
const canonical = (negative: boolean, int: string, frac: string) => {
  const i = int.replace(/^0+(?=\d)/, '') || '0';
  const f = frac.replace(/0+$/, '');
  const text = f ? `${i}.${f}` : i;
  return negative && text !== '0' ? `-${text}` : text;
};

/** Rounds plain decimal text half away from zero to `places` decimals, in decimal arithmetic. */
const roundText = (text: string, places: number) => {
  const negative = text.startsWith('-');
  const [int = '0', frac = ''] = text.replace('-', '').split('.');
  if (frac.length <= places) return canonical(negative, int, frac);
  let digits = BigInt(int + frac.slice(0, places));
  if (frac[places]! >= '5') digits += 1n;
  const all = digits.toString().padStart(places + 1, '0');
  return canonical(negative, all.slice(0, all.length - places), all.slice(all.length - places));
};

/**
 * A number from a spreadsheet as decimal text. Excel keeps 15 significant digits, so the binary
 * noise beyond them goes (0.1 + 0.2 is "0.3"), then the value is rounded to six decimals.
 */
const numberText = (x: number): Parsed<string> => {
  if (!Number.isFinite(x)) return fail('not_a_number');
  if (Math.abs(x) > MAX_AMOUNT) return fail('too_large', { max: MAX_AMOUNT });
  const p = Number(x.toPrecision(15));
  // String() switches to exponents below 1e-6; such values round to 0 or 0.000001 anyway.
  return ok(roundText(Math.abs(p) < 1e-6 ? p.toFixed(7) : String(p), MAX_DECIMALS));
};

const CURRENCY =
  /^(?:us\$|mx\$|\$|€|£|mxn|usd|eur|m\.?n\.?|dlls?\.?)|(?:us\$|\$|€|£|mxn|usd|eur|m\.?n\.?|dlls?\.?)$/i;

/**
 * Decimal text with a point from a cell. Text may carry thousands separators, a currency sign
 * or code, spaces, a sign before or after (`1,200.00-`) or accounting brackets. With
 * `decimalComma` (semicolon CSV files), `1.234,50` is 1234.5; a lone separator followed by
 * exactly three digits is a thousands separator unless it is the file's decimal mark.
 * Any magnitude above 1e12 is `too_large`; sign checks are the caller's.
 */
export const parseDecimal = (cell: Cell, opts: { decimalComma: boolean }): Parsed<string> => {
  if (cell === null || isBlank(cell)) return fail('required');
  if (typeof cell === 'number') return numberText(cell);
  if (cell instanceof Date) return fail('not_a_number');
  let s = cell.trim().replace(/[\s\u00a0\u202f]+/g, ' ');
  let negative = false;
  if (/^\(.*\)$/.test(s)) [s, negative] = [s.slice(1, -1).trim(), true];
  for (let i = 0; i < 2; i++) s = s.replace(CURRENCY, '').trim();
  if (/^[-+]/.test(s)) [s, negative] = [s.slice(1).trim(), negative || s[0] === '-'];
  else if (/-$/.test(s)) [s, negative] = [s.slice(0, -1).trim(), true];
  s = s.replace(/ /g, '');
  if (/^\d+(\.\d+)?e[+-]?\d+$/i.test(s)) return numberText(negative ? -Number(s) : Number(s));
  if (!/^[\d.,]*\d[\d.,]*$/.test(s)) return fail('not_a_number');
  const point = decimalMark(s, opts.decimalComma);
  const thousands = point ? (point === ',' ? '.' : ',') : s.includes('.') ? '.' : ',';
  const [int = '', frac = '', extra] = point ? s.split(point) : [s];
  if (extra !== undefined || frac.includes(thousands) || !/^\d*$/.test(frac)) return fail('not_a_number');
  const grouped = int.includes(thousands);
  if (grouped ? !new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})+$`).test(int) : !/^\d*$/.test(int))
    return fail('not_a_number');
  const text = canonical(negative, int.replaceAll(thousands, ''), frac);
  if (Math.abs(Number(text)) > MAX_AMOUNT) return fail('too_large', { max: MAX_AMOUNT });
  if ((text.split('.')[1] ?? '').length > MAX_DECIMALS)
    return fail('too_many_decimals', { max: MAX_DECIMALS });
  return ok(text);
};

/** Which of `.` and `,` is the decimal mark in digits that may hold both; null when neither. */
const decimalMark = (s: string, decimalComma: boolean): '.' | ',' | null => {
  const dot = s.lastIndexOf('.');
  const comma = s.lastIndexOf(',');
  if (dot >= 0 && comma >= 0) return dot > comma ? '.' : ',';
  if (dot < 0 && comma < 0) return null;
  const mark = dot >= 0 ? '.' : ',';
  if (s.indexOf(mark) !== s.lastIndexOf(mark)) return null;
  const at = s.indexOf(mark);
  const ambiguous = s.length - at - 1 === 3 && at > 0 && !s.startsWith('0');
  if (!ambiguous) return mark;
  return (mark === ',') === decimalComma ? mark : null;
};

const inYears = (iso: string): Parsed<string> => {
  const year = Number(iso.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR
    ? ok(iso)
    : fail('date_out_of_range', { min: FIRST_YEAR, max: LAST_YEAR });
};

const fromParts = (y: number, m: number, d: number): Parsed<string> => {
  const iso = isoDay(y, m, d);
  return iso ? inYears(iso) : fail('not_a_date');
};

const fromNumber = (n: number): Parsed<string> => {
  // ERPs write 20250315 for a day; no Excel serial is that large.
  if (Number.isInteger(n) && n >= 10_000_000 && n <= 99_999_999)
    return fromParts(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100);
  const d = excelSerialDate(n);
  return d ? inYears(isoOfUtc(d)) : fail('not_a_date');
};

const TIME = String.raw`(?:[t\s]+\d{1,2}:\d{2}.*)?`;
const YMD = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}$`);
const DMY = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})${TIME}$`);
const D_MONTH_Y = new RegExp(
  String.raw`^(\d{1,2})(?:[-/.\s]+de)?[-/.\s]+([a-z]+)\.?(?:[-/.\s]+del?)?[-/.\s]+(\d{4}|\d{2})${TIME}$`,
);
const MONTH_D_Y = new RegExp(String.raw`^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})${TIME}$`);

const named = (name: string | undefined, read: (month: number) => Parsed<string>) => {
  const month = MONTHS.get(name ?? '');
  return month ? read(month) : fail<string>('not_a_date');
};
const DATE_RULES: [RegExp, (m: string[]) => Parsed<string>][] = [
  [YMD, ([y, m, d]) => fromParts(Number(y), Number(m), Number(d))],
  [DMY, ([d, m, y]) => fromParts(fullYear(y!), Number(m), Number(d))],
  [D_MONTH_Y, ([d, name, y]) => named(name, (m) => fromParts(fullYear(y!), m, Number(d)))],
  [MONTH_D_Y, ([name, d, y]) => named(name, (m) => fromParts(Number(y), m, Number(d)))],
];

/**
 * A day as `YYYY-MM-DD`: Excel date cells (their UTC day), Excel serial numbers, `yyyymmdd`,
 * and text as `yyyy-mm-dd`, `dd/mm/yyyy`, `dd-mm-yyyy`, `dd/mm/yy` (day first, as in Mexico
 * and Spain), `15-mar-2025`, `15 de marzo de 2025` or `Mar 15, 2025`; a time after it is
 * ignored. Days that do not exist are `not_a_date`, years outside 1990–2100 out of range.
 */
export const parseDate = (cell: Cell): Parsed<string> => {
  if (cell === null || isBlank(cell)) return fail('required');
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime()) ? fail('not_a_date') : inYears(isoOfUtc(cell));
  if (typeof cell === 'number') return fromNumber(cell);
  const s = fold(cell.trim()).replace(/\s+/g, ' ');
  if (/^\d{5,8}$/.test(s)) return fromNumber(Number(s));
  for (const [re, read] of DATE_RULES) {
    const m = s.match(re);
    if (m) return read(m.slice(1) as string[]);
  }
  return fail('not_a_date');
};

// Control characters or U+FFFD: text that was not decoded right (a wrong encoding, binary data).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const UNREADABLE = /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/;

/**
 * A cell as trimmed text of at most `max` characters. Numbers read as Excel shows them (a code
 * 1001 is "1001", not "1001.0"), dates as `YYYY-MM-DD`.
 */
export const parseText = (cell: Cell, max: number): Parsed<string> => {
  if (cell === null || isBlank(cell)) return fail('required');
  let s: string;
  if (typeof cell === 'number') s = Number.isFinite(cell) ? String(Number(cell.toPrecision(15))) : '';
  else if (cell instanceof Date) s = cellText(cell);
  else s = cell.trim();
  if (s === '') return fail('required');
  if (UNREADABLE.test(s) || !s.isWellFormed()) return fail('unconvertible_text');
  if ([...s].length > max) return fail('too_long', { max });
  return ok(s);
};

const TRUE = new Set(['si', 's', 'yes', 'y', 'true', 'verdadero', 'v', '1', 'x']);
const FALSE = new Set(['no', 'n', 'false', 'falso', 'f', '0']);

/** Yes or no: sí/si/s, yes/y, true/verdadero, 1 and a mark `x`; no/n, false/falso, 0. */
export const parseBoolean = (cell: Cell): Parsed<boolean> => {
  if (cell === null || isBlank(cell)) return fail('required');
  const s = cell instanceof Date ? '' : fold(String(cell).trim()).replace(/\.$/, '');
  if (TRUE.has(s)) return ok(true);
  if (FALSE.has(s)) return ok(false);
  return fail('bad_boolean');
};
