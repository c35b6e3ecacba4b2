import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import type { Tx } from '../../platform/db/client.ts';

// Shared by the calculation suites: one app with a warehouse (CEDIS, 2 days away) and a store
// (TDA-1), the planning events it raised, and the calls their tests make as the demo admin.

export type Buffer = {
  id: string;
  adu: number;
  dlt: number;
  zones: { red: number; yellow: number; green: number; top_of_red: number; top_of_green: number };
  on_hand: number;
  on_order: number;
  net_flow_position: number;
  planning_priority: string;
  recommended_qty: number;
  propagated_adu: number | null;
  applied_factors: {
    demand: number;
    lead_time: number;
    zones: { red: number; yellow: number; green: number };
  };
};

export const calculationSuite = () => {
  let t: TestApp | undefined;
  let h = { authorization: '' };
  const seen: { type: string; aggregateId: string; payload: Record<string, unknown> }[] = [];
  const app = () => {
    if (!t) throw new Error('the suite has not started');
    return t;
  };
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app().app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
  const created = async (url: string, payload: object) => {
    const r = await call('POST', url, payload);
    assert.ok(r.statusCode < 300, r.body);
    return (r.json() as { id: string }).id;
  };
  before(async () => {
    t = await buildTestApp();
    h = {
      authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
    };
    t.platform.onEvent((e) => {
      if (e.type.startsWith('planning.')) seen.push(e as never);
    });
    await created('/api/v1/locations', {
      code: 'CEDIS',
      name: 'Centro',
      type: 'warehouse',
      lead_time_days: 2,
    });
    await created('/api/v1/locations', { code: 'TDA-1', name: 'Tienda', type: 'store' });
  });
  after(async () => {
    await t?.close();
  });
  return {
    get t() {
      return app();
    },
    seen,
    call,
    created,
    move: (kind: 'receipt' | 'shipment', product_id: string, store_id: string, quantity: number) =>
      call('POST', '/api/v1/stock/movements', { kind, product_id, store_id, quantity, reason: 'test' }),
    asTenant: <T>(fn: (tx: Tx) => Promise<T>) =>
      app().platform.uow.forTenant(app().demo.tenantId, (tx) => fn(tx)),
    today: () => new Date().toISOString().slice(0, 10),
    day: (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10),
    buffer: async (id: string) => (await call('GET', `/api/v1/buffers/${id}`)).json() as Buffer,
    newBuffer: async (payload: object) => {
      const r = await call('POST', '/api/v1/buffers', payload);
      assert.equal(r.statusCode, 201, r.body);
      return r.json() as Buffer;
    },
    product: (sku: string, extra: object = {}) =>
      created('/api/v1/products', { sku, name: `Producto ${sku}`, lead_time_days: 10, ...extra }),
  };
};
