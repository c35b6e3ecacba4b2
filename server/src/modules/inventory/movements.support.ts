import { after, before } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';

export let t: TestApp;
let admin: string;
let h: { authorization: string };
export const product: Record<string, string> = {};
export const location: Record<string, string> = {};

/** One app per suite file, with four products and four locations (CEDIS, two stores, a truck). */
export const useStockApp = () => {
  before(async () => {
    t = await buildTestApp();
    admin = await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId });
    h = { authorization: `Bearer ${admin}` };
    for (const sku of ['ACE-1L', 'ARR-1KG', 'SAL-500', 'AZU-1KG']) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: h,
        // Sold by the half (loose goods), so movements such as 2.5 are whole steps.
        payload: { sku, name: sku, uom_step: '0.5' },
      });
      product[sku] = (r.json() as { id: string }).id;
    }
    for (const [code, type] of [
      ['CEDIS', 'warehouse'],
      ['MAD-001', 'store'],
      ['BCN-001', 'store'],
      ['CAMION', 'in_transit'],
    ] as const) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/locations',
        headers: h,
        payload: { code, name: code, type },
      });
      location[code] = (r.json() as { id: string }).id;
    }
  });
  after(async () => {
    await t?.close();
  });
};

export const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers: object = {}) =>
  t.app.inject({ method, url, headers: { ...h, ...headers }, ...(payload ? { payload } : {}) });
export const move = (
  kind: string,
  sku: string,
  store: string,
  quantity: number | string,
  extra: object = {},
) =>
  call('POST', '/api/v1/stock/movements', {
    kind,
    product_id: product[sku],
    store_id: store,
    quantity,
    reason: 'test',
    ...extra,
  });
type Row = { on_hand: string; reserved: string; location: string };
export const onHand = async (sku: string) => {
  const r = await call('GET', `/api/v1/inventory?product_id=${product[sku]}&limit=100`);
  return Object.fromEntries((r.json() as { data: Row[] }).data.map((x) => [x.location, x.on_hand]));
};
export const ledger = async (sku: string, store: string) =>
  (
    (await call('GET', `/api/v1/stock/ledger?product_id=${product[sku]}&location=${store}`)).json() as {
      data: { kind: string; quantity: string; balance_after: string; reference_type: string | null }[];
    }
  ).data;
