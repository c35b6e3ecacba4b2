import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { mode } from '../../../test/helpers.ts';
import { call, ledger, location, move, onHand, product, t, useStockApp } from './movements.support.ts';

useStockApp();

type Count = {
  id: string;
  status: string;
  line_count: number;
  lines: { sku: string; counted: string; on_hand: string; difference: string }[];
};

describe(`counts (${mode})`, () => {
  // Stock already at BCN-001 before any count: the count compares with it.
  before(async () => {
    await move('receipt', 'SAL-500', 'BCN-001', 11);
  });

  test('a count collects lines and posting books the differences as count corrections', async () => {
    await move('receipt', 'ACE-1L', 'BCN-001', 12);
    await move('receipt', 'ARR-1KG', 'BCN-001', 8);
    const opened = await call('POST', '/api/v1/counts', { store_id: 'BCN-001', note: 'cierre de mes' });
    assert.equal(opened.statusCode, 201, opened.body);
    const c = opened.json() as Count;
    assert.equal(c.status, 'OPEN');
    const dup = await call('POST', '/api/v1/counts', { store_id: 'BCN-001' });
    assert.equal(dup.statusCode, 409, 'one open count per location');
    assert.equal((dup.json() as { count_id: string }).count_id, c.id);

    const empty = await call('POST', `/api/v1/counts/${c.id}/post`);
    assert.equal(empty.statusCode, 400);
    const entered = await call('PUT', `/api/v1/counts/${c.id}/lines`, {
      lines: [
        { product_id: product['ACE-1L'], counted: 10 },
        { product_id: product['ARR-1KG'], counted: '8' },
        { product_id: product['SAL-500'], counted: 3 },
      ],
    });
    assert.equal(entered.statusCode, 200, entered.body);
    const view = entered.json() as Count;
    assert.deepEqual(
      view.lines.map((l) => [l.sku, l.counted, l.on_hand, l.difference]),
      [
        ['ACE-1L', '10', '12', '-2'],
        ['ARR-1KG', '8', '8', '0'],
        // The 11 received before the counts.
        ['SAL-500', '3', '11', '-8'],
      ],
    );
    const removed = await call('PUT', `/api/v1/counts/${c.id}/lines`, {
      lines: [{ product_id: product['SAL-500'], counted: null }],
    });
    assert.equal((removed.json() as Count).line_count, 2);
    const bad = await call('PUT', `/api/v1/counts/${c.id}/lines`, {
      lines: [{ product_id: crypto.randomUUID(), counted: 1 }],
    });
    assert.equal(bad.statusCode, 404);
    assert.match(bad.body, /lines\[0\]\.product_id/);
    const negative = await call('PUT', `/api/v1/counts/${c.id}/lines`, {
      lines: [{ product_id: product['ACE-1L'], counted: -1 }],
    });
    assert.equal(negative.statusCode, 400);

    // A receipt that lands while the count is open is not undone: posting compares with on hand then.
    await move('receipt', 'ACE-1L', 'BCN-001', 5);
    const posted = await call('POST', `/api/v1/counts/${c.id}/post`);
    assert.equal(posted.statusCode, 200, posted.body);
    const done = posted.json() as Count;
    assert.equal(done.status, 'POSTED');
    assert.deepEqual(
      done.lines.map((l) => [l.sku, l.on_hand, l.difference]),
      [
        ['ACE-1L', '17', '-7'],
        ['ARR-1KG', '8', '0'],
      ],
    );
    const now = await onHand('ACE-1L');
    assert.equal(now['BCN-001'], '10');
    const l = await ledger('ACE-1L', 'BCN-001');
    assert.deepEqual([l[0]?.kind, l[0]?.quantity, l[0]?.reference_type], ['count_correction', '-7', 'count']);
    assert.equal(
      (await ledger('ARR-1KG', 'BCN-001'))[0]?.kind,
      'receipt',
      'no correction where the count agreed',
    );
    assert.equal((await call('POST', `/api/v1/counts/${c.id}/post`)).statusCode, 409, 'posted once');
    assert.equal(
      (
        await call('PUT', `/api/v1/counts/${c.id}/lines`, {
          lines: [{ product_id: product['ACE-1L'], counted: 1 }],
        })
      ).statusCode,
      409,
    );
    const again = await call('POST', '/api/v1/counts', { store_id: 'BCN-001' });
    assert.equal(again.statusCode, 201, 'a new count may open once the last is posted');
    assert.equal((await call('POST', `/api/v1/counts/${(again.json() as Count).id}/cancel`)).statusCode, 200);
  });

  test('a count below what is reserved is refused and books nothing', async () => {
    await move('receipt', 'AZU-1KG', 'CEDIS', 10);
    const hold = await call('POST', '/api/v1/reservations', {
      product_id: product['AZU-1KG'],
      store_id: 'CEDIS',
      quantity: 6,
      customer_id: 'c-1',
    });
    assert.equal(hold.statusCode, 201);
    const c = (await call('POST', '/api/v1/counts', { store_id: 'CEDIS' })).json() as Count;
    await call('PUT', `/api/v1/counts/${c.id}/lines`, {
      lines: [
        { product_id: product['AZU-1KG'], counted: 4 },
        { product_id: product['ACE-1L'], counted: 0 },
      ],
    });
    const before = await onHand('ACE-1L');
    const r = await call('POST', `/api/v1/counts/${c.id}/post`);
    assert.equal(r.statusCode, 409, r.body);
    assert.equal((r.json() as { code: string }).code, 'inventory.insufficient_stock');
    assert.deepEqual(await onHand('ACE-1L'), before, 'the other line rolled back too');
    assert.equal(((await call('GET', `/api/v1/counts/${c.id}`)).json() as Count).status, 'OPEN');
    const list = (await call('GET', '/api/v1/counts?status=OPEN')).json() as { data: { id: string }[] };
    assert.deepEqual(
      list.data.map((x) => x.id),
      [c.id],
    );
  });

  test('a seller counts only their own stores', async () => {
    const seller = await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['inventory:*'],
      storeIds: [location['MAD-001'] ?? ''],
    });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/counts',
      headers: { authorization: `Bearer ${seller}` },
      payload: { store_id: 'BCN-001' },
    });
    assert.equal(r.statusCode, 403);
  });
});
