import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { mode } from '../../../test/helpers.ts';
import { call, ledger, location, move, onHand, product, t, useStockApp } from './movements.support.ts';

useStockApp();

describe(`movements (${mode})`, () => {
  test('each kind moves stock in its direction and lands in the ledger', async () => {
    const cases: [string, number | string, string][] = [
      ['receipt', 100, '100'],
      ['shipment', 30, '70'],
      ['scrap', '2.5', '67.5'],
      ['return', 4, '71.5'],
      ['adjustment', '-1.5', '70'],
      ['adjustment', 5, '75'],
    ];
    for (const [kind, qty, after] of cases) {
      const r = await move(kind, 'ACE-1L', 'CEDIS', qty);
      assert.equal(r.statusCode, 201, `${kind} ${qty}: ${r.body}`);
      assert.equal((r.json() as { on_hand: string }).on_hand, after, `${kind} ${qty}`);
    }
    const l = await ledger('ACE-1L', 'CEDIS');
    assert.deepEqual(l.map((m) => [m.kind, m.quantity, m.balance_after]).reverse(), [
      ['receipt', '100', '100'],
      ['shipment', '-30', '70'],
      ['scrap', '-2.5', '67.5'],
      ['return', '4', '71.5'],
      ['adjustment', '-1.5', '70'],
      ['adjustment', '5', '75'],
    ]);
  });

  test('bad movements are refused naming the field, and change nothing', async () => {
    const before = await onHand('ACE-1L');
    const cases: [string, object, number, string][] = [
      ['negative shipment', { kind: 'shipment', quantity: -3 }, 400, 'quantity'],
      ['zero', { kind: 'receipt', quantity: 0 }, 400, 'quantity'],
      ['unknown kind', { kind: 'transfer_in', quantity: 1 }, 400, 'kind'],
      ['half a reference', { kind: 'receipt', quantity: 1, reference_type: 'order' }, 400, 'reference_id'],
      ['not a number', { kind: 'receipt', quantity: 'diez' }, 400, 'quantity'],
    ];
    for (const [what, body, status, field] of cases) {
      const r = await call('POST', '/api/v1/stock/movements', {
        product_id: product['ACE-1L'],
        store_id: 'CEDIS',
        reason: 'x',
        ...body,
      });
      assert.equal(r.statusCode, status, `${what}: ${r.body}`);
      assert.match(r.body, new RegExp(field), what);
    }
    const short = await move('shipment', 'ACE-1L', 'CEDIS', 10_000);
    assert.equal(short.statusCode, 409);
    assert.equal((short.json() as { code: string }).code, 'inventory.insufficient_stock');
    assert.deepEqual(await onHand('ACE-1L'), before);
  });

  test('a retried movement with the same Idempotency-Key posts once', async () => {
    const before = (await ledger('ARR-1KG', 'CEDIS')).length;
    const a = await move('receipt', 'ARR-1KG', 'CEDIS', 7, {
      reference_type: 'import',
      reference_id: 'batch-9',
    });
    const key = { 'idempotency-key': 'mv-retry-1' };
    const first = await call(
      'POST',
      '/api/v1/stock/movements',
      { kind: 'receipt', product_id: product['ARR-1KG'], store_id: 'CEDIS', quantity: 3, reason: 'r' },
      key,
    );
    const again = await call(
      'POST',
      '/api/v1/stock/movements',
      { kind: 'receipt', product_id: product['ARR-1KG'], store_id: 'CEDIS', quantity: 3, reason: 'r' },
      key,
    );
    assert.equal(a.statusCode, 201);
    assert.equal(again.statusCode, 201);
    assert.deepEqual(again.json(), first.json());
    assert.equal(again.headers['idempotent-replayed'], 'true');
    const l = await ledger('ARR-1KG', 'CEDIS');
    assert.equal(l.length, before + 2);
    assert.equal(l[1]?.reference_type, 'import');
    const changed = await call(
      'POST',
      '/api/v1/stock/movements',
      { kind: 'receipt', product_id: product['ARR-1KG'], store_id: 'CEDIS', quantity: 4, reason: 'r' },
      key,
    );
    assert.equal(changed.statusCode, 409, 'the same key with another body is refused');
  });
});

type Transfer = { id: string; status: string; via_store_id: string | null; closed_at: string | null };

describe(`transfers (${mode})`, () => {
  test('a direct transfer posts both legs at once', async () => {
    await move('receipt', 'SAL-500', 'CEDIS', 50);
    const r = await call('POST', '/api/v1/stock/transfers', {
      product_id: product['SAL-500'],
      from_store_id: 'CEDIS',
      to_store_id: 'MAD-001',
      quantity: 20,
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal((r.json() as Transfer).status, 'COMPLETED');
    assert.deepEqual(await onHand('SAL-500'), { CEDIS: '30', 'MAD-001': '20' });
    assert.equal((await ledger('SAL-500', 'MAD-001'))[0]?.kind, 'transfer_in');
    assert.equal((await ledger('SAL-500', 'CEDIS'))[0]?.kind, 'transfer_out');
  });

  test('via in-transit: the stock waits in transit until received, or goes back when cancelled', async () => {
    const send = () =>
      call('POST', '/api/v1/stock/transfers', {
        product_id: product['SAL-500'],
        from_store_id: 'CEDIS',
        to_store_id: 'BCN-001',
        via_store_id: 'CAMION',
        quantity: 10,
        reason: 'reposición',
      });
    const a = (await send()).json() as Transfer;
    assert.equal(a.status, 'IN_TRANSIT');
    assert.equal(a.closed_at, null);
    assert.deepEqual(await onHand('SAL-500'), { CEDIS: '20', 'MAD-001': '20', CAMION: '10' });
    const received = await call('POST', `/api/v1/stock/transfers/${a.id}/receive`);
    assert.equal(received.statusCode, 200, received.body);
    assert.equal((received.json() as Transfer).status, 'RECEIVED');
    assert.deepEqual(await onHand('SAL-500'), { CEDIS: '20', 'MAD-001': '20', CAMION: '0', 'BCN-001': '10' });
    const twice = await call('POST', `/api/v1/stock/transfers/${a.id}/receive`);
    assert.equal(twice.statusCode, 409, 'a transfer is received once');

    const b = (await send()).json() as Transfer;
    const cancelled = await call('POST', `/api/v1/stock/transfers/${b.id}/cancel`);
    assert.equal((cancelled.json() as Transfer).status, 'CANCELLED');
    assert.deepEqual(await onHand('SAL-500'), { CEDIS: '20', 'MAD-001': '20', CAMION: '0', 'BCN-001': '10' });
    const listed = (
      await call('GET', `/api/v1/stock/transfers?product_id=${product['SAL-500']}&status=RECEIVED`)
    ).json() as {
      data: Transfer[];
    };
    assert.deepEqual(
      listed.data.map((x) => x.id),
      [a.id],
    );
  });

  test('a transfer is atomic: short at the source, nothing moves anywhere', async () => {
    const before = await onHand('SAL-500');
    const { rows } = await t.platform.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from stock_transfers`,
    );
    const r = await call('POST', '/api/v1/stock/transfers', {
      product_id: product['SAL-500'],
      from_store_id: 'MAD-001',
      to_store_id: 'BCN-001',
      quantity: 21,
    });
    assert.equal(r.statusCode, 409);
    assert.equal((r.json() as { code: string }).code, 'inventory.insufficient_stock');
    assert.deepEqual(await onHand('SAL-500'), before);
    const { rows: now } = await t.platform.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from stock_transfers`,
    );
    assert.equal(now[0]?.n, rows[0]?.n, 'no transfer row is left behind');
  });

  test('invalid transfers name the field', async () => {
    const base = { product_id: product['SAL-500'], from_store_id: 'CEDIS', quantity: 1 };
    const cases: [object, number, string][] = [
      [{ to_store_id: 'CEDIS' }, 400, 'to_store_id'],
      [{ to_store_id: 'MAD-001', via_store_id: 'BCN-001' }, 400, 'via_store_id'],
      [{ to_store_id: 'NOPE' }, 404, 'to_store_id'],
      [{ to_store_id: 'MAD-001', quantity: -1 }, 400, 'quantity'],
    ];
    for (const [body, status, field] of cases) {
      const r = await call('POST', '/api/v1/stock/transfers', { ...base, ...body });
      assert.equal(r.statusCode, status, `${JSON.stringify(body)}: ${r.body}`);
      assert.match(r.body, new RegExp(field));
    }
  });

  test('a store-scoped seller moves stock only between their own stores', async () => {
    const seller = await t.tokenFor({
      tenantId: t.demo.tenantId,
      permissions: ['inventory:*'],
      storeIds: [location['MAD-001'] ?? '', location['BCN-001'] ?? ''],
    });
    const send = (from_store_id: string, to_store_id: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/stock/transfers',
        headers: { authorization: `Bearer ${seller}` },
        payload: { product_id: product['SAL-500'], from_store_id, to_store_id, quantity: 1 },
      });
    const own = await send('MAD-001', 'BCN-001');
    assert.equal(own.statusCode, 201, own.body);
    // Sending to another store books stock there: as much that store's business as taking from it.
    assert.equal((await send('MAD-001', 'CEDIS')).statusCode, 403);
    assert.equal((await send('CEDIS', 'MAD-001')).statusCode, 403);
  });

  test('opposite transfers at the same time never deadlock and conserve stock', async () => {
    await move('receipt', 'AZU-1KG', 'MAD-001', 40);
    await move('receipt', 'AZU-1KG', 'BCN-001', 40);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call('POST', '/api/v1/stock/transfers', {
          product_id: product['AZU-1KG'],
          from_store_id: i % 2 ? 'MAD-001' : 'BCN-001',
          to_store_id: i % 2 ? 'BCN-001' : 'MAD-001',
          quantity: 3,
        }),
      ),
    );
    assert.ok(
      results.every((r) => r.statusCode === 201 || r.statusCode === 409),
      results.map((r) => r.statusCode).join(),
    );
    const now = await onHand('AZU-1KG');
    assert.equal(Number(now['MAD-001']) + Number(now['BCN-001']), 80);
  });
});
