/**
 * Calendar days as ISO `YYYY-MM-DD`. Day arithmetic runs in UTC so no time zone or daylight
 * saving change shifts a day; which day it is *today* depends on where one stands (`todayIn`).
 */
const DAY_MS = 86_400_000;

/** Days since 1970-01-01; throws on text that is not a date. */
export const dayNumber = (iso: string): number => {
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not a date: ${iso}`);
  return Math.round(t / DAY_MS);
};

export const isoDay = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

export const addDays = (iso: string, days: number): string => isoDay(dayNumber(iso) + days);

/** The zone of a tenant that has chosen none: every date Flujo kept before zones existed was a UTC day. */
export const DEFAULT_TIME_ZONE = 'UTC';

const formats = new Map<string, Intl.DateTimeFormat>();
const formatIn = (timeZone: string) => {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
};

/** The calendar day at `now` in an IANA time zone (`America/Mexico_City`); throws on an unknown zone. */
export const todayIn = (timeZone: string, now: Date = new Date()): string => {
  const part = (type: string) =>
    formatIn(timeZone)
      .formatToParts(now)
      .find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
};

/** Today in UTC: the day where no tenant is known (jobs across tenants, scripts). */
export const todayUtc = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

const zones = new Set(Intl.supportedValuesOf('timeZone'));

/** An IANA zone of the runtime's canonical list; `UTC` always counts, though some runtimes leave it out. */
export const isTimeZone = (v: string): boolean => v === 'UTC' || zones.has(v);
