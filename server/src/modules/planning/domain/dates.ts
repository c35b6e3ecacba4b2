/** Calendar days as `YYYY-MM-DD`, computed in UTC so no time zone shifts a day. */
const DAY = 86_400_000;

export const dayNumber = (iso: string): number => {
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not a date: ${iso}`);
  return Math.round(t / DAY);
};

export const isoDay = (n: number): string => new Date(n * DAY).toISOString().slice(0, 10);

export const addDays = (iso: string, days: number): string => isoDay(dayNumber(iso) + days);
