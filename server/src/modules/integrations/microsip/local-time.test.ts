import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMs, utcToWallClock, wallClockToUtc } from './local-time.ts';

const MX = 'America/Mexico_City';

test('wall-clock text in a zone becomes ISO UTC, whatever zone the process runs in', () => {
  for (const [text, zone, iso] of [
    ['2026-01-10 10:30:00.0000', MX, '2026-01-10T16:30:00.000Z'],
    ['2025-12-31 19:30:00', MX, '2026-01-01T01:30:00.000Z'],
    ['2026-01-11 08:15:30.1234', MX, '2026-01-11T14:15:30.1234Z'],
    ['2026-01-11 08:15:30.5', MX, '2026-01-11T14:15:30.500Z'],
    ['2026-07-01 00:00:00', 'Europe/Madrid', '2026-06-30T22:00:00.000Z'],
    ['2026-07-01 00:00:00', 'UTC', '2026-07-01T00:00:00.000Z'],
  ] as const)
    assert.equal(wallClockToUtc(text, zone), iso, `${text} in ${zone}`);
});

test('a time that happened twice is the first; one that never happened is read with the offset before', () => {
  // Mexico City last turned its clocks back on 2022-10-30 at 02:00 (to 01:00) and forward on
  // 2022-04-03 at 02:00 (to 03:00).
  assert.equal(wallClockToUtc('2022-10-30 01:30:00', MX), '2022-10-30T06:30:00.000Z');
  assert.equal(wallClockToUtc('2022-04-03 02:30:00', MX), '2022-04-03T08:30:00.000Z');
});

test('ISO UTC goes back to the same wall-clock text, tenth of a millisecond included', () => {
  for (const text of ['2026-01-10 10:30:00.0000', '2026-01-11 08:15:30.1234', '2022-10-30 01:30:00.0000']) {
    assert.equal(utcToWallClock(wallClockToUtc(text, MX), MX), text);
  }
  assert.equal(utcToWallClock('2026-01-01T01:30:00.000Z', MX), '2025-12-31 19:30:00.0000');
});

test('moving an ISO time by milliseconds keeps its tenth', () => {
  assert.equal(addMs('2026-01-11T14:15:30.1234Z', -300_000), '2026-01-11T14:10:30.1234Z');
  assert.equal(addMs('2026-01-01T00:02:00.000Z', -300_000), '2025-12-31T23:57:00.000Z');
});

test('text that is not a date and time is refused', () => {
  for (const bad of ['', '2026-02-30 10:00:00', '2026-01-10 24:00:00', '10/01/2026 10:00', '2026-01-10'])
    assert.throws(() => wallClockToUtc(bad, MX), /not a date and time/, bad);
  assert.throws(() => utcToWallClock('2026-01-10 10:00:00', MX), /not an ISO UTC time/);
});
