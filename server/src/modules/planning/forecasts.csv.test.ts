import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ItemRange,
  MAX_IMPORT_ROWS,
  overlappingPairs,
  parseForecastCsv,
  rangeClashes,
} from './forecasts.csv.ts';

const HEADER = 'sku,location,start_date,end_date,quantity';
const CSV_MISSING = [
  'header.sku',
  'header.location',
  'header.start_date',
  'header.end_date',
  'header.quantity',
];

test('comma files read decimal points; semicolon files also read decimal commas', () => {
  const cases: [string, string[]][] = [
    [`${HEADER}\nA,M,2026-01-01,2026-01-31,12.5`, ['12.5']],
    ['sku;location;start_date;end_date;quantity\nA;M;2026-01-01;2026-01-31;12,5', ['12.5']],
    ['sku;location;start_date;end_date;quantity\nA;M;2026-01-01;2026-01-31;12.5', ['12.5']],
    [`${HEADER}\nA,M,2026-01-01,2026-01-31,.5\nA,M,2026-02-01,2026-02-02,0`, ['.5', '0']],
  ];
  for (const [text, quantities] of cases) {
    const r = parseForecastCsv(text);
    assert.deepEqual(r.errors, [], text);
    assert.deepEqual(
      r.rows.map((x) => x.quantity),
      quantities,
    );
  }
});

test('header names are case-insensitive, in any order, with a byte-order mark and extra columns ignored', () => {
  const r = parseForecastCsv(
    '\ufeffNote,QUANTITY,End_Date,Start_Date,Location,SKU\r\n"a, b",3,2026-01-02,2026-01-01,MAD-001,TOR-1\r\n',
  );
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.rows, [
    {
      row: 2,
      sku: 'TOR-1',
      location: 'MAD-001',
      start_date: '2026-01-01',
      end_date: '2026-01-02',
      quantity: '3',
      valid: true,
    },
  ]);
});

test('rows are numbered as a spreadsheet shows them: header 1, blank lines counted', () => {
  const r = parseForecastCsv(`${HEADER}\n\nA,M,2026-01-01,2026-01-31,1\n\nA,M,2026-02-01,2026-02-28,x`);
  assert.deepEqual(r.errors, [{ field: 'rows[5].quantity', message: 'must be a number ≥ 0' }]);
});

test('every problem of every row is named by row and column', () => {
  const r = parseForecastCsv(
    [
      HEADER,
      ',M,2026-01-01,2026-01-31,1',
      'A,,2026-13-01,2026-01-31,-1',
      'A,M,2026-02-10,2026-02-01,"1,5"',
    ].join('\n'),
  );
  assert.deepEqual(
    r.errors.map((e) => e.field),
    [
      'rows[2].sku',
      'rows[3].location',
      'rows[3].start_date',
      'rows[3].quantity',
      'rows[4].end_date',
      'rows[4].quantity',
    ],
  );
  assert.deepEqual(
    r.rows.map((x) => x.valid),
    [false, false, false],
    'bad rows come back marked, for the catalogue check',
  );
});

test('missing or repeated columns, empty files and broken quoting are refused', () => {
  const cases: [string, string[]][] = [
    ['sku,location,start_date,end_date\nA,M,2026-01-01,2026-01-02', ['header.quantity']],
    [`${HEADER},sku\nA,M,2026-01-01,2026-01-02,1,B`, ['header.sku']],
    ['', CSV_MISSING],
    [HEADER, ['body']],
    [`${HEADER}\nA,M,2026-01-01,2026-01-02,"1`, ['rows[2]']],
  ];
  for (const [text, fields] of cases)
    assert.deepEqual(
      parseForecastCsv(text).errors.map((e) => e.field),
      fields,
      JSON.stringify(text),
    );
});

test(`more than ${MAX_IMPORT_ROWS} rows are refused before any is read`, () => {
  const row = 'A,M,2026-01-01,2026-01-01,1';
  const r = parseForecastCsv([HEADER, ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => row)].join('\n'));
  assert.deepEqual(
    r.errors.map((e) => e.field),
    ['body'],
  );
});

test('overlapping ranges are paired, touching ones are not', () => {
  const s = (start: string, end: string, name: string) => ({ start, end, name });
  const cases: [ReturnType<typeof s>[], [string, string][]][] = [
    [[s('2026-01-01', '2026-01-31', 'a'), s('2026-02-01', '2026-02-28', 'b')], []],
    [[s('2026-02-01', '2026-02-28', 'b'), s('2026-01-01', '2026-02-01', 'a')], [['b', 'a']]],
    [
      [
        s('2026-01-01', '2026-12-31', 'year'),
        s('2026-03-01', '2026-03-31', 'm'),
        s('2026-06-01', '2026-06-30', 'j'),
      ],
      [
        ['m', 'year'],
        ['j', 'year'],
      ],
    ],
    [[s('2026-01-01', '2026-01-01', 'x'), s('2026-01-01', '2026-01-01', 'y')], [['y', 'x']]],
  ];
  for (const [spans, pairs] of cases)
    assert.deepEqual(
      overlappingPairs(spans).map(([l, e]) => [l.name, e.name]),
      pairs,
    );
});

test('clashes are reported on the rows being checked, naming the range they overlap', () => {
  const mine = (row: number, start: string, end: string): ItemRange => ({ row, start, end, mine: true });
  const earlier = (row: number, start: string, end: string): ItemRange => ({ row, start, end, mine: false });
  const stored = (start: string, end: string): ItemRange => ({ start, end, mine: false });
  const cases: [string, ItemRange[][], [number, string, number | undefined, string][]][] = [
    ['apart, nothing', [[mine(2, '2026-01-01', '2026-01-31'), stored('2026-02-01', '2026-02-28')]], []],
    [
      'a row starting inside a stored range blames its start',
      [[stored('2026-01-01', '2026-01-31'), mine(2, '2026-01-15', '2026-02-15')]],
      [[2, 'start_date', undefined, '2026-01-01']],
    ],
    [
      'a row reaching into a stored range blames its end',
      [[mine(3, '2026-01-01', '2026-01-10'), stored('2026-01-10', '2026-01-31')]],
      [[3, 'end_date', undefined, '2026-01-10']],
    ],
    [
      'two rows: the later-starting one',
      [[mine(2, '2026-01-01', '2026-01-31'), mine(5, '2026-01-20', '2026-02-10')]],
      [[5, 'start_date', 2, '2026-01-01']],
    ],
    [
      "an earlier batch's row is never blamed; the row checked now is",
      [[mine(7, '2026-01-01', '2026-01-05'), earlier(600, '2026-01-03', '2026-01-31')]],
      [[7, 'end_date', 600, '2026-01-03']],
    ],
    [
      'items apart do not meet',
      [[mine(2, '2026-01-01', '2026-01-31')], [mine(3, '2026-01-01', '2026-01-31')]],
      [],
    ],
  ];
  for (const [name, items, expected] of cases)
    assert.deepEqual(
      rangeClashes(items).map((c) => [c.row, c.column, c.other.row, c.other.start]),
      expected,
      name,
    );
});
