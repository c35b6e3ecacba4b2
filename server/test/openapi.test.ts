import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildTestApp } from './helpers.ts';

const committed = path.resolve(import.meta.dirname, '../../web/src/api/openapi.json');

test('the web client is typed from the current OpenAPI document (run `npm run gen:api` after changing routes)', async () => {
  const t = await buildTestApp();
  try {
    const live = JSON.parse(JSON.stringify(t.app.swagger()));
    assert.deepEqual(JSON.parse(fs.readFileSync(committed, 'utf8')), live);
  } finally {
    await t.close();
  }
});
