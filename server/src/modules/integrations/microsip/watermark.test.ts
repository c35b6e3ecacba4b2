import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterDocumentWatermark, afterPage, afterWatermark, idNumber, OVERLAP_MS } from './watermark.ts';

const MX = 'America/Mexico_City';
const T = '2026-01-10T16:30:00.000Z';

test('a full page continues strictly after its last row; a short one rests the overlap before it', () => {
  assert.deepEqual(afterPage(null, { ts: T, id: '1004' }, true), {
    next: { ts: T, id: '1004' },
    done: false,
  });
  assert.equal(OVERLAP_MS, 300_000);
  assert.deepEqual(afterPage(null, { ts: T, id: '1004' }, false), {
    next: { ts: '2026-01-10T16:25:00.000Z', id: '' },
    done: true,
  });
});

test('an empty page rests once and then stays put, so runs without changes do not walk back', () => {
  const rest = afterPage({ ts: T, id: '1004' }, null, false);
  assert.deepEqual(rest, { next: { ts: '2026-01-10T16:25:00.000Z', id: '' }, done: true });
  assert.deepEqual(afterPage(rest.next, null, false), rest);
  // Re-reading the overlap finds the same newest row: the watermark does not move.
  assert.deepEqual(afterPage(rest.next, { ts: T, id: '1004' }, false), rest);
  // Rows within the overlap that are older than the newest one do not pull it back.
  assert.deepEqual(afterPage(rest.next, { ts: '2026-01-10T16:27:00.000Z', id: '1' }, false), rest);
  assert.deepEqual(afterPage(null, null, false), { next: null, done: true });
});

test('the SQL condition: everything, at-or-after a resting time, or strictly after (time, id)', () => {
  assert.deepEqual(afterWatermark('t', 'i', null, MX), { sql: '1 = 1', params: [] });
  const resting = afterWatermark('t', 'i', { ts: T, id: '' }, MX);
  assert.match(resting.sql, /^t >= CAST\(CAST\(\? AS VARCHAR\(24\)\) AS TIMESTAMP\)$/);
  assert.deepEqual(resting.params, ['2026-01-10 10:30:00.0000']);
  const strict = afterWatermark('t', 'i', { ts: T, id: '1004' }, MX);
  assert.match(strict.sql, /^\(t > .+ OR \(t = .+ AND i > \?\)\)$/);
  assert.deepEqual(strict.params, ['2026-01-10 10:30:00.0000', '2026-01-10 10:30:00.0000', 1004]);
});

test('sales: PV sorts before VE at one instant, so each table gets its own bound', () => {
  const afterVe = { ts: T, id: 'VE-9001' };
  assert.match(afterDocumentWatermark('PV', 't', 'i', afterVe, MX).sql, /^t > CAST/);
  assert.match(afterDocumentWatermark('VE', 't', 'i', afterVe, MX).sql, /AND i > \?/);
  const afterPv = { ts: T, id: 'PV-7001' };
  assert.match(afterDocumentWatermark('PV', 't', 'i', afterPv, MX).sql, /AND i > \?/);
  assert.match(afterDocumentWatermark('VE', 't', 'i', afterPv, MX).sql, /^t >= CAST/);
  assert.throws(() => afterDocumentWatermark('VE', 't', 'i', { ts: T, id: '9001' }, MX), /sales watermark/);
});

test('watermark ids are Microsip integers, bare or with the table', () => {
  assert.equal(idNumber('1004'), 1004);
  assert.equal(idNumber('VE-9001'), 9001);
  for (const bad of ['', 'x', '1; drop table', '-1', '12345678901']) assert.throws(() => idNumber(bad), bad);
});
