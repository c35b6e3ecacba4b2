import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Parsed, parseBoolean, parseDate, parseDecimal, parseText } from './cells.ts';
import type { Cell } from './kinds.ts';

const value = <T>(r: Parsed<T>) => (r.ok ? r.value : `!${r.code}`);
const point = { decimalComma: false };
const comma = { decimalComma: true };

test('decimals from text: separators, currency, signs and spaces', () => {
  const cases: [Cell, boolean, string][] = [
    ['12', false, '12'],
    ['0012.50', false, '12.5'],
    ['1,234.50', false, '1234.5'],
    ['1,234.50', true, '1234.5'],
    ['1.234,50', true, '1234.5'],
    ['1.234,50', false, '1234.5'],
    ['1,234', false, '1234'],
    ['1,234', true, '1.234'],
    ['1.234', false, '1.234'],
    ['1.234', true, '1234'],
    ['1,5', false, '1.5'],
    ['12.5', true, '12.5'],
    ['0,125', false, '0.125'],
    ['1,234,567.891', false, '1234567.891'],
    ['1.234.567', true, '1234567'],
    ['1 234,50', true, '1234.5'],
    ['1\u00a0234,50', true, '1234.5'],
    ['$ 1,200', false, '1200'],
    ['$1,200.00 MXN', false, '1200'],
    ['1.200,00 €', true, '1200'],
    ['USD 15', false, '15'],
    ['-3', false, '-3'],
    ['+3', false, '3'],
    ['1,200.00-', false, '-1200'],
    ['(1,200.00)', false, '-1200'],
    ['-0', false, '0'],
    ['.5', false, '0.5'],
    ['1.5E+3', false, '1500'],
    ['  7  ', false, '7'],
    ['12 %', false, '!not_a_number'],
    ['abc', false, '!not_a_number'],
    ['1,23,4', false, '!not_a_number'],
    ['1.2.3', false, '!not_a_number'],
    ['1,234.5,6', false, '!not_a_number'],
    ['$', false, '!not_a_number'],
    ['', false, '!required'],
    ['   ', false, '!required'],
    [null, false, '!required'],
    ['1.1234567', false, '!too_many_decimals'],
    ['1.1234560', false, '1.123456'],
    ['1000000000000', false, '1000000000000'],
    ['1000000000000.5', false, '!too_large'],
    ['-2,000,000,000,000', false, '!too_large'],
    [new Date(0), false, '!not_a_number'],
  ];
  for (const [cell, decimalComma, want] of cases)
    assert.equal(value(parseDecimal(cell, { decimalComma })), want, `${String(cell)} (${decimalComma})`);
});

test('decimals from Excel numbers: no binary noise, six decimals at most, bounded', () => {
  const cases: [number, string][] = [
    [0.1 + 0.2, '0.3'],
    [1.1 * 3, '3.3'],
    [1234.5, '1234.5'],
    [-0, '0'],
    [1 / 3, '0.333333'],
    [2 / 3, '0.666667'],
    [0.0000004, '0'],
    [0.0000006, '0.000001'],
    [-0.0000006, '-0.000001'],
    [123456789012.1, '123456789012.1'],
    [1e12, '1000000000000'],
    [1e12 + 1, '!too_large'],
    [Number.NaN, '!not_a_number'],
    [Number.POSITIVE_INFINITY, '!not_a_number'],
  ];
  for (const [n, want] of cases) assert.equal(value(parseDecimal(n, point)), want, String(n));
});

test('a decimal written as text, or stored as a number, reads back as the same text', () => {
  // Plain decimal text with at most six decimals within ±1e12, in its shortest form.
  const decimalText = fc
    .tuple(
      fc.boolean(),
      fc.bigInt({ min: 0n, max: 999_999_999_999n }),
      fc.integer({ min: 0, max: 6 }),
      fc.bigInt({ min: 0n, max: 999_999n }),
    )
    .map(([negative, int, places, frac]) => {
      const f = places === 0 ? '' : frac.toString().padStart(6, '0').slice(0, places).replace(/0+$/, '');
      const text = f ? `${int}.${f}` : `${int}`;
      return negative && text !== '0' ? `-${text}` : text;
    });
  const grouped = (text: string, mark: ',' | '.') => {
    const [int, frac] = text.replace('-', '').split('.');
    const thousands = mark === '.' ? ',' : '.';
    const g = int!.replace(/\B(?=(\d{3})+$)/g, thousands);
    return `${text.startsWith('-') ? '-' : ''}${g}${frac ? `${mark}${frac}` : ''}`;
  };
  fc.assert(
    fc.property(decimalText, (text) => {
      assert.equal(value(parseDecimal(text, point)), text);
      assert.equal(value(parseDecimal(grouped(text, '.'), point)), text);
      assert.equal(value(parseDecimal(grouped(text, ','), comma)), text);
      // A double keeps 15 significant digits exactly, as Excel does.
      if (text.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15)
        assert.equal(value(parseDecimal(Number(text), point)), text);
    }),
    { numRuns: 2000 },
  );
});

test('dates from date cells, serial numbers and text, day first', () => {
  const cases: [Cell, string][] = [
    [new Date(Date.UTC(2025, 2, 15)), '2025-03-15'],
    [new Date(Date.UTC(2025, 2, 15, 23, 59)), '2025-03-15'],
    [45731, '2025-03-15'],
    [45731.75, '2025-03-15'],
    [20250315, '2025-03-15'],
    ['20250315', '2025-03-15'],
    ['45731', '2025-03-15'],
    ['2025-03-15', '2025-03-15'],
    ['2025/3/5', '2025-03-05'],
    ['2025-03-15T10:30:00Z', '2025-03-15'],
    ['15/03/2025', '2025-03-15'],
    ['15-03-2025', '2025-03-15'],
    ['15.03.2025', '2025-03-15'],
    ['5/3/2025', '2025-03-05'],
    ['15/03/25', '2025-03-15'],
    ['15/03/99', '1999-03-15'],
    ['15/03/2025 14:05', '2025-03-15'],
    ['15-mar-2025', '2025-03-15'],
    ['15-MAR-25', '2025-03-15'],
    ['1 ene 2025', '2025-01-01'],
    ['15 de marzo de 2025', '2025-03-15'],
    ['3-Sept-2025', '2025-09-03'],
    ['7 dic. 2025', '2025-12-07'],
    ['Mar 15, 2025', '2025-03-15'],
    ['March 15 2025', '2025-03-15'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2025', '!not_a_date'],
    ['31/04/2025', '!not_a_date'],
    ['03/15/2025', '!not_a_date'],
    ['2025-13-01', '!not_a_date'],
    ['15-foo-2025', '!not_a_date'],
    ['mañana', '!not_a_date'],
    ['15/03/1989', '!date_out_of_range'],
    ['01/01/2101', '!date_out_of_range'],
    [60, '!not_a_date'],
    [100, '!date_out_of_range'],
    [0, '!not_a_date'],
    [2958466, '!not_a_date'],
    [new Date(Number.NaN), '!not_a_date'],
    ['', '!required'],
    [null, '!required'],
  ];
  for (const [cell, want] of cases) assert.equal(value(parseDate(cell)), want, String(cell));
});

test('Excel serials honour the 1900 leap-year bug at both ends of their range', () => {
  // 1900 is out of Flujo's years, but the count must be right for the days that matter.
  const cases: [number, string][] = [
    [32874, '1990-01-01'],
    [36526, '2000-01-01'],
    [73415, '2100-12-31'],
  ];
  for (const [serial, want] of cases) assert.equal(value(parseDate(serial)), want, String(serial));
});

test('text cells: trimmed, bounded, numbers as Excel shows them', () => {
  const cases: [Cell, number, string][] = [
    ['  A-1  ', 64, 'A-1'],
    [1001, 64, '1001'],
    [7501234567890, 64, '7501234567890'],
    [0.1 + 0.2, 64, '0.3'],
    [new Date(Date.UTC(2025, 0, 2)), 64, '2025-01-02'],
    ['ñandú', 5, 'ñandú'],
    ['ñandúes', 5, '!too_long'],
    ['😀😀', 2, '😀😀'],
    ['Ca\ufffdo', 64, '!unconvertible_text'],
    ['a\u0000b', 64, '!unconvertible_text'],
    ['a\ud800b', 64, '!unconvertible_text'],
    ['línea\tuno', 64, 'línea\tuno'],
    ['  ', 64, '!required'],
    [null, 64, '!required'],
  ];
  for (const [cell, max, want] of cases) assert.equal(value(parseText(cell, max)), want, String(cell));
});

test('yes and no in Spanish and English', () => {
  const cases: [Cell, boolean | string][] = [
    ['Sí', true],
    ['si', true],
    ['S', true],
    ['yes', true],
    ['TRUE', true],
    ['Verdadero', true],
    ['x', true],
    [1, true],
    ['No', false],
    ['n', false],
    ['FALSE', false],
    ['falso', false],
    [0, false],
    ['quizá', '!bad_boolean'],
    [2, '!bad_boolean'],
    ['', '!required'],
  ];
  for (const [cell, want] of cases) assert.equal(value(parseBoolean(cell)), want, String(cell));
});
