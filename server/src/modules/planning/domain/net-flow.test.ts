import assert from 'node:assert/strict';
import { test } from 'node:test';
import { incoming, incomingWindowDays, withinWindow } from './net-flow.ts';

test('the window of supply counted in net flow is DLT × the incoming safety factor, rounded up', () => {
  const cases: { name: string; dlt: number; factor: number; want: number }[] = [
    { name: 'a factor of 1 is the DLT', dlt: 10, factor: 1, want: 10 },
    { name: 'half the DLT', dlt: 10, factor: 0.5, want: 5 },
    { name: 'a part day counts as a day', dlt: 7, factor: 0.5, want: 4 },
    { name: 'a fractional DLT rounds up', dlt: 2.25, factor: 1, want: 3 },
    { name: 'a factor of 0: only what is due today or overdue', dlt: 10, factor: 0, want: 0 },
    { name: 'a factor above 1 looks further', dlt: 10, factor: 1.5, want: 15 },
  ];
  for (const c of cases) assert.equal(incomingWindowDays(c.dlt, c.factor), c.want, c.name);
});

test('supply counts when due within the window, the last day included, or overdue', () => {
  const cases: { name: string; date: string; window: number; want: boolean }[] = [
    { name: 'overdue', date: '2026-02-20', window: 5, want: true },
    { name: 'due today with no window', date: '2026-03-02', window: 0, want: true },
    { name: 'due tomorrow with no window', date: '2026-03-03', window: 0, want: false },
    { name: 'due on the last day of the window', date: '2026-03-07', window: 5, want: true },
    { name: 'due the day after the window', date: '2026-03-08', window: 5, want: false },
    { name: 'across a month end', date: '2026-04-01', window: 30, want: true },
  ];
  for (const c of cases) assert.equal(withinWindow('2026-03-02', c.date, c.window), c.want, c.name);
});

test('open supply splits into what counts in net flow and what comes later', () => {
  const supply = [
    { date: '2026-02-27', qty: 5 },
    { date: '2026-03-07', qty: 10 },
    { date: '2026-03-08', qty: 20 },
    { date: '2026-05-01', qty: 40 },
  ];
  const cases: { name: string; window: number; want: { within: number; outside: number } }[] = [
    { name: 'a 5-day window', window: 5, want: { within: 15, outside: 60 } },
    { name: 'no window: only the overdue', window: 0, want: { within: 5, outside: 70 } },
    { name: 'a window past every date', window: 90, want: { within: 75, outside: 0 } },
  ];
  for (const c of cases) assert.deepEqual(incoming('2026-03-02', supply, c.window), c.want, c.name);
});
