import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, mode } from '../../../test/helpers.ts';

test(`bills of materials: components with quantities, per location or everywhere, never a loop (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const h = { authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId })}` };
    const call = (method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, headers: h, ...(payload ? { payload } : {}) });
    const make = async (sku: string) =>
      ((await call('POST', '/api/v1/products', { sku, name: sku })).json() as { id: string }).id;
    const [table, top, leg, screw] = [
      await make('MESA'),
      await make('TABLERO'),
      await make('PATA'),
      await make('TORNILLO'),
    ];
    const plant = (
      (
        await call('POST', '/api/v1/locations', { code: 'PLANTA-1', name: 'Planta', type: 'node' })
      ).json() as { id: string }
    ).id;

    const created = await call('POST', '/api/v1/boms', {
      product_id: table,
      lines: [
        { component_id: top, quantity: 1 },
        { component_id: leg, quantity: 4 },
      ],
    });
    assert.equal(created.statusCode, 201, created.body);
    const bomId = (created.json() as { id: string }).id;
    await call('POST', '/api/v1/boms', {
      product_id: leg,
      lines: [{ component_id: screw, quantity: '2.5' }],
    });
    const atPlant = await call('POST', '/api/v1/boms', {
      product_id: table,
      location_id: plant,
      lines: [{ component_id: top, quantity: 1 }],
    });
    assert.equal(atPlant.statusCode, 201, 'a location may have its own BOM');
    assert.equal(
      (await call('POST', '/api/v1/boms', { product_id: table, lines: [{ component_id: top, quantity: 1 }] }))
        .statusCode,
      409,
    );

    const loop = await call('POST', '/api/v1/boms', {
      product_id: screw,
      lines: [{ component_id: table, quantity: 1 }],
    });
    assert.equal(loop.statusCode, 400, 'the screw cannot be made from the table that needs it');
    const self = await call('PUT', `/api/v1/boms/${bomId}`, {
      lines: [{ component_id: table, quantity: 1 }],
    });
    assert.equal(self.statusCode, 400);
    const twice = await call('PUT', `/api/v1/boms/${bomId}`, {
      lines: [
        { component_id: top, quantity: 1 },
        { component_id: top, quantity: 2 },
      ],
    });
    assert.equal(twice.statusCode, 400);
    assert.equal(
      (await call('POST', '/api/v1/boms', { product_id: top, lines: [{ component_id: screw, quantity: 0 }] }))
        .statusCode,
      400,
    );

    const list = (await call('GET', `/api/v1/boms?product_id=${table}`)).json() as {
      data: { lines: { sku: string; quantity: string }[] }[];
    };
    assert.equal(list.data.length, 2);
    assert.deepEqual(
      list.data[0]?.lines.map((l) => [l.sku, l.quantity]),
      [
        ['PATA', '4'],
        ['TABLERO', '1'],
      ],
    );
    assert.equal(
      (await call('DELETE', `/api/v1/products/${screw}`)).statusCode,
      409,
      'a component in use stays',
    );
  } finally {
    await t.close();
  }
});

test(`a bill that would chain more than 100 products deep is refused naming the limit (${mode})`, async () => {
  const t = await buildTestApp();
  try {
    const h = { authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId })}` };
    const call = (method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, headers: h, ...(payload ? { payload } : {}) });
    const skus = Array.from({ length: 101 }, (_, i) => `NIVEL-${String(i).padStart(3, '0')}`);
    const bulk = await call('POST', '/api/v1/products/bulk', {
      products: skus.map((sku) => ({ sku, name: sku })),
    });
    assert.equal(bulk.statusCode, 200, bulk.body);
    const listed = (await call('GET', '/api/v1/products?search=NIVEL&limit=100')).json() as {
      data: { id: string; sku: string }[];
    };
    const more = (await call('GET', '/api/v1/products?search=NIVEL&limit=100&page=2')).json() as {
      data: { id: string; sku: string }[];
    };
    const id = new Map([...listed.data, ...more.data].map((p) => [p.sku, p.id]));
    const bom = (i: number) =>
      call('POST', '/api/v1/boms', {
        product_id: id.get(skus[i] ?? ''),
        lines: [{ component_id: id.get(skus[i - 1] ?? ''), quantity: 1 }],
      });
    for (let i = 1; i < 100; i++) assert.equal((await bom(i)).statusCode, 201, `level ${i + 1}`);
    const deeper = await bom(100);
    assert.equal(deeper.statusCode, 400, deeper.body);
    assert.equal(deeper.json().code, 'catalog.invalid_bom');
    assert.match(deeper.json().detail, /100/);
    const boms = (await call('GET', `/api/v1/boms?product_id=${id.get(skus[100] ?? '')}`)).json() as {
      data: unknown[];
    };
    assert.equal(boms.data.length, 0, 'nothing was written');
  } finally {
    await t.close();
  }
});
