import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Period, parsePeriodHeader } from './periods.ts';

const month = (start: string, end: string): Period => ({ start, end, period: 'month' });
const week = (start: string, end: string): Period => ({ start, end, period: 'week' });
const day = (d: string): Period => ({ start: d, end: d, period: 'day' });

test('month headers in Spanish and English, abbreviated or not, with two- or four-digit years', () => {
  const cases: [string, Period][] = [
    ['ENE-25', month('2025-01-01', '2025-01-31')],
    ['ene 2025', month('2025-01-01', '2025-01-31')],
    ['Enero 2025', month('2025-01-01', '2025-01-31')],
    ['FEB-24', month('2024-02-01', '2024-02-29')],
    ['Feb-2025', month('2025-02-01', '2025-02-28')],
    ['JAN96', month('1996-01-01', '1996-01-31')],
    ['Jan-2025', month('2025-01-01', '2025-01-31')],
    ['ABR.25', month('2025-04-01', '2025-04-30')],
    ['AGO-25', month('2025-08-01', '2025-08-31')],
    ['SEPT-25', month('2025-09-01', '2025-09-30')],
    ['SET 2025', month('2025-09-01', '2025-09-30')],
    ['Septiembre de 2025', month('2025-09-01', '2025-09-30')],
    ['DIC-25', month('2025-12-01', '2025-12-31')],
    ['Dec 69', month('2069-12-01', '2069-12-31')],
    ['Ventas MAR-25', month('2025-03-01', '2025-03-31')],
    ['2025-03', month('2025-03-01', '2025-03-31')],
    ['2025/3', month('2025-03-01', '2025-03-31')],
    ['03/2025', month('2025-03-01', '2025-03-31')],
    ['3-2025', month('2025-03-01', '2025-03-31')],
    ['2025 enero', month('2025-01-01', '2025-01-31')],
  ];
  for (const [header, want] of cases) assert.deepEqual(parsePeriodHeader(header), want, header);
});

test('ISO week headers run Monday to Sunday, week 1 holding 4 January', () => {
  const cases: [string, Period | null][] = [
    ['2025-W10', week('2025-03-03', '2025-03-09')],
    ['2025W01', week('2024-12-30', '2025-01-05')],
    ['S10-2025', week('2025-03-03', '2025-03-09')],
    ['SEM 10 2025', week('2025-03-03', '2025-03-09')],
    ['Semana 1 de 2021', week('2021-01-04', '2021-01-10')],
    ['W53-2020', week('2020-12-28', '2021-01-03')],
    ['W53-2025', null],
    ['S0-2025', null],
  ];
  for (const [header, want] of cases) assert.deepEqual(parsePeriodHeader(header), want, header);
});

test('day headers, year first or day first as in Mexico and Spain', () => {
  const cases: [string, Period | null][] = [
    ['2025-03-15', day('2025-03-15')],
    ['15/03/2025', day('2025-03-15')],
    ['5-3-2025', day('2025-03-05')],
    ['31/04/2025', null],
    ['29/02/2024', day('2024-02-29')],
    ['29/02/2025', null],
  ];
  for (const [header, want] of cases) assert.deepEqual(parsePeriodHeader(header), want, header);
});

test('headers that are not periods, and years out of range, give null', () => {
  for (const header of [
    'Clave',
    'Descripción',
    'Total',
    '',
    'ENE',
    '2025',
    'MES-25',
    '13/2025',
    'ENE-1985',
    'JAN2101',
    'Sept',
  ])
    assert.equal(parsePeriodHeader(header), null, header);
});
