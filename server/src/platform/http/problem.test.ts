import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { installErrorHandlers } from './problem.ts';

test('no database connection to be had is a 503 with Retry-After; anything else unknown stays a 500', async () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const starting = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
  const cases: [string, Error, number][] = [
    ['the pool wait ran out', new Error('timeout exceeded when trying to connect'), 503],
    ['the server refused', refused, 503],
    ['the server is starting', starting, 503],
    ['a bug', new Error('cannot read properties of undefined'), 500],
  ];
  const app = Fastify({ logger: false });
  installErrorHandlers(app);
  for (const [i, [, err]] of cases.entries())
    app.get(`/${i}`, async () => {
      throw err;
    });
  await app.ready();
  for (const [i, [name, , status]] of cases.entries()) {
    const res = await app.inject({ method: 'GET', url: `/${i}` });
    assert.equal(res.statusCode, status, name);
    const body = res.json() as { code: string; detail: string };
    if (status === 503) {
      assert.equal(body.code, 'platform.unavailable', name);
      assert.equal(res.headers['retry-after'], '1', name);
      assert.doesNotMatch(body.detail, /ECONNREFUSED|5432/, `${name}: no internals in the answer`);
    } else {
      assert.equal(body.code, 'platform.internal', name);
      assert.equal(res.headers['retry-after'], undefined, name);
    }
  }
  await app.close();
});
