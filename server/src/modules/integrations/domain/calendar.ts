/** Calendar pieces shared by cell dates and period headers; days are ISO `YYYY-MM-DD` in UTC. */
const DAY_MS = 86_400_000;

export const isoOfUtc = (d: Date) => d.toISOString().slice(0, 10);

/** The ISO day of year-month-day, or null when that day does not exist (31 April, 29 Feb 2025). */
export const isoDay = (year: number, month: number, day: number): string | null => {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  d.setUTCFullYear(year);
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return isoOfUtc(d);
};

export const addDays = (iso: string, days: number) => isoOfUtc(new Date(Date.parse(iso) + days * DAY_MS));

export const lastDayOfMonth = (year: number, month: number) => isoOfUtc(new Date(Date.UTC(year, month, 0)));

/** Two-digit years as Excel reads them: 00–69 are 20xx, 70–99 are 19xx. */
export const fullYear = (y: string) => {
  const n = Number(y);
  return y.length > 2 ? n : n < 70 ? 2000 + n : 1900 + n;
};

/** Monday of ISO week `week` of `year` (week 1 holds 4 January), or null past the year's last week. */
export const isoWeekStart = (year: number, week: number): string | null => {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday1 = Date.UTC(year, 0, 4) - ((jan4.getUTCDay() + 6) % 7) * DAY_MS;
  // A year has 53 weeks when it starts on a Thursday, or on a Wednesday in a leap year.
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = isoDay(year, 2, 29) !== null;
  const weeks = jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
  if (week < 1 || week > weeks) return null;
  return isoOfUtc(new Date(monday1 + (week - 1) * 7 * DAY_MS));
};

/**
 * The day of an Excel serial number (1900 date system): Excel counts 29 February 1900, which
 * never was, so serials from 61 on are one day ahead of the plain count from 1899-12-31.
 * `date1904` workbooks (old Mac Excel) count from 1904-01-01 instead. Time of day is dropped.
 */
export const excelSerialDate = (serial: number, date1904 = false): Date | null => {
  const days = Math.floor(serial);
  if (!Number.isFinite(serial) || days < 1 || days > 2_958_465 || (!date1904 && days === 60)) return null;
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, days < 60 ? 31 : 30);
  const ms = Math.round((serial - days) * DAY_MS);
  return new Date(base + days * DAY_MS + ms);
};

/** Month names and abbreviations in Spanish and English, accents stripped, lower case. */
const MONTH_NAMES = [
  'enero ene january jan',
  'febrero feb february',
  'marzo mar march',
  'abril abr april apr',
  'mayo may',
  'junio jun june',
  'julio jul july',
  'agosto ago august aug',
  'septiembre setiembre sep sept set september',
  'octubre oct october',
  'noviembre nov november',
  'diciembre dic december dec',
];
export const MONTHS: ReadonlyMap<string, number> = new Map(
  MONTH_NAMES.flatMap((names, i) => names.split(' ').map((n) => [n, i + 1] as const)),
);

/** Lower case, accents stripped: the form month names and headers are compared in. */
export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
