import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpFailure, networkCause, parseRetryAfter } from './http-errors.ts';

const now = Date.parse('2025-03-01T12:00:00Z');
const retryAfterCases: { value: string | null; seconds: number | undefined }[] = [
  { value: '1', seconds: 1 },
  { value: ' 120 ', seconds: 120 },
  { value: '0.4', seconds: 1 },
  { value: 'Sat, 01 Mar 2025 12:00:30 GMT', seconds: 30 },
  { value: 'Sat, 01 Mar 2025 11:59:00 GMT', seconds: 0 },
  { value: 'soon', seconds: undefined },
  { value: '', seconds: undefined },
  { value: null, seconds: undefined },
];
for (const c of retryAfterCases) {
  test(`Retry-After ${JSON.stringify(c.value)} is ${c.seconds} s`, () => {
    assert.equal(parseRetryAfter(c.value, now), c.seconds);
  });
}

const o = { host: 'llm.example:8000', attempt: 0, maxRetryWaitMs: 5_000 };
const failureCases: { status: number; headers?: Record<string, string>; kind: string; waitMs?: number }[] = [
  { status: 429, headers: { 'retry-after': '2' }, kind: 'rate_limited', waitMs: 2_000 },
  { status: 429, headers: { 'retry-after': '6' }, kind: 'rate_limited' },
  { status: 429, kind: 'rate_limited', waitMs: 250 },
  { status: 500, kind: 'unavailable', waitMs: 250 },
  { status: 502, kind: 'unavailable', waitMs: 250 },
  { status: 401, kind: 'unauthorized' },
  { status: 403, kind: 'unauthorized' },
  { status: 400, kind: 'bad_response' },
  { status: 404, kind: 'bad_response' },
];
for (const c of failureCases) {
  test(`HTTP ${c.status}${c.headers ? ' with Retry-After' : ''} is ${c.kind}, ${c.waitMs === undefined ? 'not retried' : `retried after ${c.waitMs} ms`}`, () => {
    const f = httpFailure({ status: c.status, headers: new Headers(c.headers) }, '', o);
    assert.equal(f.error.kind, c.kind);
    assert.equal(f.error.status, c.status);
    assert.equal(f.waitMs, c.waitMs);
    assert.match(f.error.message, /llm\.example:8000/);
  });
}

test('a connection failure is named by its system code, however deep the cause', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  assert.equal(networkCause(new TypeError('fetch failed', { cause: refused })), 'ECONNREFUSED');
  assert.equal(networkCause(new TypeError('fetch failed')), 'fetch failed');
});
