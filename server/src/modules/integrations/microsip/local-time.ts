/**
 * Microsip keeps TIMESTAMP without a zone, in the company's wall-clock time. These convert
 * that text to an ISO instant in UTC and back, through `Intl` only, so the process zone (TZ)
 * never enters. Firebird keeps tenths of a millisecond: a fourth fraction digit survives the
 * round trip, or a watermark taken from such a row would not equal the row and its page
 * would be read again forever.
 */
const WALL = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,4}))?$/;
const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,4}))?Z$/;
const HOUR_MS = 3_600_000;

/** An instant as tenths of a millisecond since 1970 (exact in a double for any real date). */
type Tenths = number;

const formats = new Map<string, Intl.DateTimeFormat>();
const formatIn = (timeZone: string) => {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
};

/** The wall clock at a UTC instant (whole ms), as if it were UTC: its fields, in ms since 1970. */
const wallAt = (timeZone: string, ms: number): number => {
  const p: Record<string, number> = {};
  for (const part of formatIn(timeZone).formatToParts(ms)) p[part.type] = Number(part.value);
  const whole = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return whole + (((ms % 1000) + 1000) % 1000);
};

const offsetAt = (timeZone: string, ms: number) => wallAt(timeZone, ms) - ms;

const fields = (m: RegExpExecArray): Tenths => {
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (new Date(ms).getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    throw new Error(`not a date and time: ${m[0]}`);
  return ms * 10 + Number(frac.padEnd(4, '0'));
};

const two = (n: number) => String(n).padStart(2, '0');

/**
 * Wall-clock text (`2026-01-10 10:30:00.1234`, as `CAST(ts AS VARCHAR(24))` gives it) read in
 * an IANA zone → ISO UTC. A time that happened twice (clocks turned back) is the first one;
 * one that never happened (clocks turned forward) is read with the offset from before.
 */
export const wallClockToUtc = (text: string, timeZone: string): string => {
  const m = WALL.exec(text.trim());
  if (!m) throw new Error(`not a date and time: ${text}`);
  const tenths = fields(m);
  const local = Math.floor(tenths / 10);
  // The offsets in force a little before and after; at most one change lies between them.
  const before = offsetAt(timeZone, local - 14 * HOUR_MS);
  const after = offsetAt(timeZone, local + 14 * HOUR_MS);
  const fits = [before, after].filter((o) => offsetAt(timeZone, local - o) === o).map((o) => local - o);
  const ms = fits.length > 0 ? Math.min(...fits) : local - before;
  return isoFromTenths(ms * 10 + (tenths % 10));
};

/** ISO UTC → the wall-clock text of that instant in an IANA zone, with four fraction digits. */
export const utcToWallClock = (iso: string, timeZone: string): string => {
  const tenths = tenthsOfIso(iso);
  const ms = Math.floor(tenths / 10);
  const w = new Date(wallAt(timeZone, ms));
  const date = `${w.getUTCFullYear()}-${two(w.getUTCMonth() + 1)}-${two(w.getUTCDate())}`;
  const time = `${two(w.getUTCHours())}:${two(w.getUTCMinutes())}:${two(w.getUTCSeconds())}`;
  return `${date} ${time}.${String(w.getUTCMilliseconds()).padStart(3, '0')}${tenths % 10}`;
};

export const tenthsOfIso = (iso: string): Tenths => {
  const m = ISO.exec(iso);
  if (!m) throw new Error(`not an ISO UTC time: ${iso}`);
  return fields(m);
};

/** Milliseconds as `toISOString` writes them, plus the tenth of a millisecond when there is one. */
export const isoFromTenths = (tenths: Tenths): string => {
  const iso = new Date(Math.floor(tenths / 10)).toISOString();
  const tenth = tenths % 10;
  return tenth === 0 ? iso : `${iso.slice(0, -1)}${tenth}Z`;
};

/** An ISO UTC time moved by whole milliseconds, keeping its tenth. */
export const addMs = (iso: string, ms: number): string => isoFromTenths(tenthsOfIso(iso) + ms * 10);
