import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, dayNumber, isoDay, isTimeZone, todayIn, todayUtc } from './dates.ts';

test('todayIn gives the calendar day where the tenant is, on either side of its midnight', () => {
  const cases: [zone: string, now: string, day: string][] = [
    // Mexico City keeps UTC−6 all year (no daylight saving since 2022).
    ['America/Mexico_City', '2026-03-10T05:59:59Z', '2026-03-09'],
    ['America/Mexico_City', '2026-03-10T06:00:00Z', '2026-03-10'],
    ['America/Mexico_City', '2026-01-01T05:59:59Z', '2025-12-31'],
    // Madrid: UTC+1 in winter, UTC+2 in summer.
    ['Europe/Madrid', '2026-01-14T22:59:59Z', '2026-01-14'],
    ['Europe/Madrid', '2026-01-14T23:00:00Z', '2026-01-15'],
    ['Europe/Madrid', '2026-07-14T21:59:59Z', '2026-07-14'],
    ['Europe/Madrid', '2026-07-14T22:00:00Z', '2026-07-15'],
    // Auckland: UTC+13 in the southern summer, UTC+12 in winter; a new year before London's.
    ['Pacific/Auckland', '2026-01-14T10:59:59Z', '2026-01-14'],
    ['Pacific/Auckland', '2026-01-14T11:00:00Z', '2026-01-15'],
    ['Pacific/Auckland', '2026-07-14T11:59:59Z', '2026-07-14'],
    ['Pacific/Auckland', '2026-07-14T12:00:00Z', '2026-07-15'],
    ['Pacific/Auckland', '2025-12-31T11:00:00Z', '2026-01-01'],
    ['UTC', '2026-03-10T23:59:59Z', '2026-03-10'],
    ['UTC', '2026-03-11T00:00:00Z', '2026-03-11'],
  ];
  for (const [zone, now, day] of cases) assert.equal(todayIn(zone, new Date(now)), day, `${zone} at ${now}`);
});

test('todayIn in UTC is the UTC day every date was kept in before tenants had zones', () => {
  for (const now of ['2026-03-10T00:00:00Z', '2026-03-10T12:34:56Z', '2026-12-31T23:59:59Z']) {
    assert.equal(todayIn('UTC', new Date(now)), todayUtc(new Date(now)));
  }
});

test('todayIn refuses a zone that does not exist', () => {
  assert.throws(() => todayIn('Mars/Olympus'), RangeError);
});

test('addDays moves a day by whole days across months, years and daylight saving', () => {
  const cases: [string, number, string][] = [
    ['2026-01-31', 1, '2026-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-05-10', 0, '2026-05-10'],
  ];
  for (const [d, n, want] of cases) assert.equal(addDays(d, n), want, `${d} + ${n}`);
});

test('dayNumber and isoDay are inverses; dayNumber refuses text that is no date', () => {
  assert.equal(dayNumber('1970-01-02'), 1);
  assert.equal(isoDay(dayNumber('2026-07-15')), '2026-07-15');
  assert.throws(() => dayNumber('yesterday'), /not a date/);
});

test('isTimeZone accepts IANA zones and UTC, nothing else', () => {
  const cases: [string, boolean][] = [
    ['America/Mexico_City', true],
    ['Europe/Madrid', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['america/mexico_city', false],
    ['', false],
  ];
  for (const [zone, want] of cases) assert.equal(isTimeZone(zone), want, zone);
});
