import { trimDecimal } from '../../../platform/decimal.ts';
import { wallClockToUtc } from './local-time.ts';

/** Why one row cannot become a record; the connector rejects that row and keeps the page. */
export class RowProblem extends Error {}

export type Row = Record<string, unknown>;

/**
 * Characters that cannot be text from a Windows-1252 database: controls other than tab and
 * line breaks, and U+0081/8D/8F/90/9D, which the driver's decoder gives for the five bytes
 * Windows-1252 leaves undefined (the rest of 0x80–0x9F are signs and letters such as €, Š and
 * curly quotes, which decode to their own code points).
 */
const unreadableCode = (c: number) =>
  (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f);

/** Null when the text is fine, else what is wrong with it. */
export const unreadable = (s: string): string | null => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (unreadableCode(c))
      return `U+${c.toString(16).toUpperCase().padStart(4, '0')} at position ${i + 1} is not Windows-1252 text`;
  }
  return null;
};

/** Text as Microsip pads and spaces it (CHAR folios, keys typed with a trailing blank): trimmed, empty → null. */
export const text = (row: Row, col: string): string | null => {
  const v = row[col];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new RowProblem(`${col} is not text`);
  const bad = unreadable(v);
  if (bad) throw new RowProblem(`${col}: ${bad}`);
  const t = v.trim();
  return t === '' ? null : t;
};

export const requiredText = (row: Row, col: string, what: string): string => {
  const t = text(row, col);
  if (t === null) throw new RowProblem(`no ${what}`);
  return t;
};

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** A NUMERIC as the driver hands it with `numericMode: 'string'`: exact text, trailing zeros dropped. */
export const decimal = (row: Row, col: string): string | null => {
  const v = row[col];
  if (v === null || v === undefined) return null;
  // INTEGER and SMALLINT come as numbers; they are exact.
  const s = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  if (typeof s !== 'string' || !DECIMAL.test(s))
    throw new RowProblem(`${col} is not a decimal: ${String(v)}`);
  const t = trimDecimal(s);
  return t === '-0' ? '0' : t;
};

export const id = (row: Row, col: string): string => {
  const v = row[col];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new RowProblem(`${col} is not an id`);
  return String(v);
};

/** A TIMESTAMP read as text (`CAST(… AS VARCHAR(24))`), in the company's zone → ISO UTC. */
export const instant = (row: Row, col: string, timeZone: string): string => {
  const v = row[col];
  if (typeof v !== 'string') throw new RowProblem(`no ${col}`);
  try {
    return wallClockToUtc(v, timeZone);
  } catch {
    throw new RowProblem(`${col} is not a date and time: ${v}`);
  }
};

/** A DATE read as text: the calendar day as it is, since a sale's day has no zone to convert. */
export const day = (row: Row, col: string): string => {
  const v = row[col];
  if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(v)) throw new RowProblem(`${col} is not a date`);
  return v;
};
