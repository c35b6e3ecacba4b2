import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { buildTestApp, mode, type TestApp } from '../../../../test/helpers.ts';
import type { Page, Watermark } from '../connectors/connector.ts';
import { createRestConnector, waitFor } from './rest.connector.ts';
import type { RestSettings } from './rest.settings.ts';

// An ERP's HTTP API played by a local server: 45 articles changed over three days, stock in two
// warehouses, sales lines; it pages, authenticates and sometimes refuses, as such APIs do.
const articles = Array.from({ length: 45 }, (_, i) => ({
  codigo: `ART-${String(i + 1).padStart(3, '0')}`,
  descripcion: `Artículo ${i + 1}`,
  linea: { nombre: i % 2 ? 'Plomería' : 'Ferretería' },
  precio: i === 3 ? 'n/a' : (i + 1) * 1.5,
  modificado: new Date(Date.UTC(2026, 2, 1 + Math.floor(i / 15), 12, i)).toISOString(),
}));
articles.push({
  codigo: '',
  descripcion: 'Sin clave',
  linea: { nombre: 'x' },
  precio: 1,
  modificado: '2026-03-01T00:00:00Z',
});
const stock = [
  { art: 'ART-001', alm: { clave: 'ALM-1', nombre: 'Matriz' }, existencia: '12.5' },
  { art: 'ART-002', alm: { clave: 'ALM-2', nombre: 'Sucursal' }, existencia: 3 },
];
let server: http.Server;
let base: string;
const seen: { url: string; auth: string | undefined }[] = [];
const refusals: number[] = [];
let tokensIssued = 0;

const json = (
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

before(async () => {
  server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    seen.push({
      url: `${u.pathname}${u.search}`,
      auth: req.headers.authorization ?? (req.headers['x-api-key'] as string),
    });
    if (u.pathname === '/oauth/token') {
      tokensIssued++;
      return json(res, 200, { access_token: `tok-${tokensIssued}`, expires_in: 3600 });
    }
    const refusal = refusals.shift();
    if (refusal === 429) return json(res, 429, { error: 'slow down' }, { 'retry-after': '1' });
    if (refusal) return json(res, refusal, { error: 'boom' });
    if (u.pathname.startsWith('/v1/secure') && req.headers.authorization === 'Bearer tok-1')
      return json(res, 401, {});
    const since = u.searchParams.get('desde');
    const rows = articles.filter((a) => !since || a.modificado >= since);
    if (u.pathname.endsWith('/articulos')) {
      const page = Number(u.searchParams.get('pagina') ?? 1);
      const size = Number(u.searchParams.get('tam') ?? 10);
      return json(res, 200, { resultado: { items: rows.slice((page - 1) * size, page * size) } });
    }
    if (u.pathname.endsWith('/articulos-cursor')) {
      const at = Number(u.searchParams.get('cursor') ?? 0);
      const next = at + 20 < rows.length ? String(at + 20) : null;
      return json(res, 200, { data: rows.slice(at, at + 20), meta: { next } });
    }
    if (u.pathname.endsWith('/existencias')) return json(res, 200, { data: stock, links: { next: null } });
    return json(res, 404, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => {
  server?.close();
});

const products = {
  path: 'articulos',
  records_path: 'resultado.items',
  since_param: 'desde',
  fields: {
    sku: 'codigo',
    name: 'descripcion',
    category: 'linea.nombre',
    price: 'precio',
    modified_at: 'modificado',
  },
};
const settings = (over: Partial<RestSettings> = {}): RestSettings => ({
  base_url: base,
  auth: { type: 'api_key', header: 'x-api-key' },
  pagination: { type: 'page', page_param: 'pagina', size_param: 'tam', first_page: 1 },
  resources: { products },
  lookback_minutes: 10,
  ...over,
});
const fast = async () => {};
const all = async <T>(read: (w: Watermark, n: number) => Promise<Page<T>>, since: Watermark, n: number) => {
  const pages: Page<T>[] = [];
  let w = since;
  for (let i = 0; i < 100; i++) {
    const p = await read(w, n);
    pages.push(p);
    w = p.next;
    if (p.done)
      return {
        pages,
        next: w,
        records: pages.flatMap((x) => x.records),
        rejected: pages.flatMap((x) => x.rejected),
      };
  }
  throw new Error('never done');
};

test('pages by number with an API key, maps nested fields, rejects rows it cannot read, and resumes from the last change', async () => {
  const erp = createRestConnector({ settings: settings(), secret: 'k-123', allowPrivate: true, sleep: fast });
  seen.length = 0;
  const first = await all(erp.products, null, 10);
  assert.equal(first.pages.length, 5);
  assert.equal(first.records.length, 45);
  assert.deepEqual(
    first.rejected.map((r) => r.reason),
    ['missing sku'],
  );
  assert.equal(seen[0]?.auth, 'k-123');
  const a2 = first.records.find((r) => r.sku === 'ART-002');
  assert.deepEqual([a2?.name, a2?.category, a2?.price], ['Artículo 2', 'Plomería', '3']);
  assert.equal(
    first.records.find((r) => r.sku === 'ART-004')?.price,
    null,
    'an unreadable price is left out, not guessed',
  );
  const last = articles[44]?.modificado as string;
  assert.deepEqual(first.next, { ts: last, id: '' });
  seen.length = 0;
  const again = await all(erp.products, first.next, 10);
  const asked = new URL(seen[0]?.url ?? '', 'http://x').searchParams.get('desde');
  assert.equal(asked, new Date(Date.parse(last) - 10 * 60_000).toISOString(), 'ten minutes of lookback');
  assert.ok(again.records.length >= 1 && again.records.length < 45);
});

test('follows a cursor with a bearer token, and a next link for stock with basic auth', async () => {
  const byCursor = createRestConnector({
    settings: settings({
      auth: { type: 'bearer' },
      pagination: { type: 'cursor', cursor_param: 'cursor', next_path: 'meta.next' },
      resources: { products: { ...products, path: 'articulos-cursor', records_path: 'data' } },
    }),
    secret: 'secret-token',
    allowPrivate: true,
    sleep: fast,
  });
  seen.length = 0;
  const got = await all(byCursor.products, null, 20);
  assert.equal(got.records.length, 45);
  assert.equal(seen[0]?.auth, 'Bearer secret-token');
  const stockErp = createRestConnector({
    settings: settings({
      auth: { type: 'basic', username: 'flujo' },
      pagination: { type: 'next_link', next_path: 'links.next' },
      resources: {
        stock: {
          path: 'existencias',
          records_path: 'data',
          fields: {
            sku: 'art',
            warehouse_code: 'alm.clave',
            warehouse_name: 'alm.nombre',
            on_hand: 'existencia',
          },
        },
      },
    }),
    secret: 'pw',
    allowPrivate: true,
    sleep: fast,
  });
  const rows = [];
  for await (const page of stockErp.stock(100)) rows.push(...page);
  assert.deepEqual(rows, [
    { sku: 'ART-001', warehouse_code: 'ALM-1', warehouse_name: 'Matriz', on_hand: '12.5' },
    { sku: 'ART-002', warehouse_code: 'ALM-2', warehouse_name: 'Sucursal', on_hand: '3' },
  ]);
  assert.deepEqual(await stockErp.warehouses(), [
    { code: 'ALM-1', name: 'Matriz', branch: null },
    { code: 'ALM-2', name: 'Sucursal', branch: null },
  ]);
  assert.equal(seen.at(-1)?.auth, `Basic ${Buffer.from('flujo:pw').toString('base64')}`);
});

test('OAuth2 client credentials: one token, a new one after a 401', async () => {
  tokensIssued = 0;
  const erp = createRestConnector({
    settings: settings({
      auth: { type: 'oauth2', token_url: `${base.replace('/v1', '')}/oauth/token`, client_id: 'flujo' },
      resources: { products: { ...products, path: 'secure/articulos' } },
    }),
    secret: 'client-secret',
    allowPrivate: true,
    sleep: fast,
  });
  const got = await all(erp.products, null, 50);
  assert.equal(got.records.length, 45);
  assert.equal(tokensIssued, 2, 'the first token was refused once and replaced');
});

test('429 and 5xx are retried with the server’s Retry-After or a doubling wait; a steady failure is an error', async () => {
  const waits: number[] = [];
  const erp = createRestConnector({
    settings: settings(),
    secret: 'k',
    allowPrivate: true,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  refusals.push(429, 503, 500);
  const got = await erp.products(null, 50);
  assert.equal(got.records.length, 45);
  assert.deepEqual(waits, [1000, 1000, 2000]);
  refusals.push(500, 500, 500, 500, 500);
  await assert.rejects(erp.products(null, 50), /answered 500/);
  refusals.length = 0;
  assert.equal(waitFor(0, 'Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:30Z')), 30_000);
  assert.equal(waitFor(3, '600'), 60_000, 'never more than a minute');
});

test('a private address is refused unless the operator allows it', async () => {
  const erp = createRestConnector({ settings: settings(), secret: 'k', allowPrivate: false, sleep: fast });
  const t = await erp.test();
  assert.equal(t.ok, false);
  assert.match(t.ok ? '' : t.message, /private address/);
});

let app: TestApp;
test(`a REST connection syncs through the API like Microsip does (${mode})`, async () => {
  app = await buildTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
  try {
    const h = {
      authorization: `Bearer ${await app.tokenFor({ tenantId: app.demo.tenantId, userId: app.demo.adminUserId })}`,
    };
    const c = await app.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/connections',
      headers: h,
      payload: { kind: 'rest', name: 'ERP en la nube', password: 'k-123', rest: settings(), schedule: null },
    });
    assert.equal(c.statusCode, 201, c.body);
    assert.equal(c.json().rest.base_url, base);
    const tested = await app.app.inject({
      method: 'POST',
      url: `/api/v1/integrations/connections/${c.json().id}/test`,
      headers: h,
    });
    assert.equal(tested.json().ok, true, tested.json().message);
    const job = await app.app.inject({
      method: 'POST',
      url: '/api/v1/sync/products',
      headers: h,
      payload: { incremental: false },
    });
    assert.equal(job.statusCode, 202, job.body);
    const until = Date.now() + 30_000;
    let j: { status: string; processed: number; created: number; failed: number };
    for (;;) {
      j = (
        await app.app.inject({ method: 'GET', url: `/api/v1/sync/jobs/${job.json().job.id}`, headers: h })
      ).json();
      if (j.status === 'completed' || j.status === 'failed' || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(j.status, 'completed');
    assert.deepEqual([j.processed, j.created, j.failed], [46, 45, 1]);
    const bad = await app.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/connections',
      headers: h,
      payload: {
        kind: 'rest',
        name: 'Sin campos',
        rest: { ...settings(), resources: { products: { ...products, fields: { sku: 'codigo' } } } },
      },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.json().detail, /fields must map sku, name/);
  } finally {
    await app.close();
  }
});
