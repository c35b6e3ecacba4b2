import { addDays, fold, fullYear, isoDay, isoWeekStart, lastDayOfMonth, MONTHS } from './calendar.ts';

export type PeriodLength = 'day' | 'week' | 'month';
/** The days a period column covers, both inclusive, `YYYY-MM-DD`. */
export type Period = { start: string; end: string; period: PeriodLength };

/** The years a sales history can reasonably cover; also what cell dates accept. */
export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;

// Words a sales export puts before the period ("Ventas ENE-25", "Qty 2025-W10").
const LEAD = String.raw`(?:(?:ventas?|vtas?|sales|qty|cant(?:idad)?|unidades|uds|total)\.?\s+)?`;
const YEAR = String.raw`(\d{4}|\d{2})`;
const SEP = String.raw`[\s\-/.']*`;
const WEEK_WORD = String.raw`(?:w|s|sem|semana|week|wk)\.?\s*`;

const pattern = (body: string) => new RegExp(`^${LEAD}${body}$`);
const DAY_YMD = pattern(String.raw`(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})`);
const DAY_DMY = pattern(String.raw`(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})`);
const MONTH_YM = pattern(String.raw`(\d{4})[-/.](\d{1,2})`);
const MONTH_MY = pattern(String.raw`(\d{1,2})[-/.](\d{4})`);
const MONTH_NAME_Y = pattern(String.raw`([a-z]+)${SEP}(?:del?\s+)?${YEAR}`);
const Y_MONTH_NAME = pattern(String.raw`(\d{4})${SEP}([a-z]+)`);
const WEEK_YW = pattern(String.raw`(\d{4})[\s-]*${WEEK_WORD}(\d{1,2})`);
const WEEK_WY = pattern(String.raw`${WEEK_WORD}(\d{1,2})[\s\-/]*(?:del?\s+)?${YEAR}`);

const inRange = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;

const day = (y: number, m: number, d: number): Period | null => {
  const iso = inRange(y) ? isoDay(y, m, d) : null;
  return iso ? { start: iso, end: iso, period: 'day' } : null;
};

const month = (y: number, m: number | undefined): Period | null => {
  if (m === undefined || !inRange(y) || m < 1 || m > 12) return null;
  return { start: isoDay(y, m, 1)!, end: lastDayOfMonth(y, m), period: 'month' };
};

const week = (y: number, w: number): Period | null => {
  const start = inRange(y) ? isoWeekStart(y, w) : null;
  return start ? { start, end: addDays(start, 6), period: 'week' } : null;
};

const RULES: [RegExp, (m: string[]) => Period | null][] = [
  [DAY_YMD, ([y, m, d]) => day(Number(y), Number(m), Number(d))],
  [DAY_DMY, ([d, m, y]) => day(Number(y), Number(m), Number(d))],
  [MONTH_YM, ([y, m]) => month(Number(y), Number(m))],
  [MONTH_MY, ([m, y]) => month(Number(y), Number(m))],
  [WEEK_YW, ([y, w]) => week(Number(y), Number(w))],
  [WEEK_WY, ([w, y]) => week(fullYear(y!), Number(w))],
  [MONTH_NAME_Y, ([name, y]) => month(fullYear(y!), MONTHS.get(name!))],
  [Y_MONTH_NAME, ([y, name]) => month(Number(y), MONTHS.get(name!))],
];

/**
 * The period a sales column header names: months (`ENE-25`, `Enero 2025`, `JAN96`, `2025-03`,
 * `03/2025`), ISO weeks Monday to Sunday (`2025-W10`, `S10-2025`, `SEM 10 2025`) and days
 * (`2025-03-15`, `15/03/2025`, day first as in Mexico and Spain). Null for any other header.
 */
export const parsePeriodHeader = (header: string): Period | null => {
  const s = fold(header).trim().replace(/\s+/g, ' ');
  for (const [re, read] of RULES) {
    const m = s.match(re);
    if (m) return read(m.slice(1) as string[]);
  }
  return null;
};
