import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { buildTestApp, mode, type TestApp } from '../../../test/helpers.ts';
import { ensureTenant } from '../identity/index.ts';

let t: TestApp;
let h: { authorization: string };
before(async () => {
  t = await buildTestApp();
  h = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, userId: t.demo.adminUserId })}`,
  };
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products/bulk',
    headers: h,
    payload: {
      products: [
        { sku: 'PIN-ROJ-1L', name: 'Pintura roja 1 litro', category: 'pinturas', price: '12.5' },
        { sku: 'PIN-AZU-4L', name: 'Pintura azul 4 litros', category: 'pinturas' },
        { sku: 'TOR-M8', name: '=SUM(A1) tornillo', category: 'ferretería' },
      ],
    },
  });
  assert.equal(res.statusCode, 200, res.body);
});
after(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { ...h, ...headers } });
/** The CSV's lines without the byte-order mark, split into fields (none of these need quoting). */
const lines = (body: string) => {
  assert.ok(body.startsWith('\ufeff'), 'Excel reads the accents right');
  return body.slice(1).trimEnd().split('\r\n');
};

test(`a products export holds only the rows of the search, headings in Spanish by default (${mode})`, async () => {
  const res = await get('/api/v1/products/export?search=pintura');
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(
    String(res.headers['content-disposition']),
    /^attachment; filename="products-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const [head, ...rows] = lines(res.body);
  assert.match(head ?? '', /^SKU,Nombre,Categoría,Unidad,Precio/);
  assert.deepEqual(rows.map((r) => r.split(',')[0]).sort(), ['PIN-AZU-4L', 'PIN-ROJ-1L']);
  assert.ok(rows.some((r) => r.startsWith('PIN-ROJ-1L,Pintura roja 1 litro,pinturas,unit,12.5,')));
});

test(`headings follow ?lang, then Accept-Language; formulas are neutralised (${mode})`, async () => {
  const en = await get('/api/v1/products/export?lang=en&category=ferretería');
  const [head, row] = lines(en.body);
  assert.match(head ?? '', /^SKU,Name,Category,Unit,Price/);
  assert.match(row ?? '', /^TOR-M8,'=SUM\(A1\) tornillo,/);
  const byHeader = await get('/api/v1/products/export', { 'accept-language': 'en-GB,en;q=0.9' });
  assert.match(lines(byHeader.body)[0] ?? '', /^SKU,Name,/);
  const bad = await get('/api/v1/products/export?format=pdf');
  assert.equal(bad.statusCode, 400);
});

test(`the .xlsx export opens with exceljs and holds the same rows as the CSV (${mode})`, async () => {
  const csv = lines((await get('/api/v1/products/export?search=pintura')).body).map((l) => l.split(',')[0]);
  const res = await get('/api/v1/products/export?search=pintura&format=xlsx');
  assert.equal(res.statusCode, 200);
  assert.equal(
    res.headers['content-type'],
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  assert.match(String(res.headers['content-disposition']), /filename="products-[\d-]+\.xlsx"/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = book.getWorksheet('Productos');
  assert.ok(ws, 'the sheet is named in the heading language');
  const skus: unknown[] = [];
  ws.eachRow((row) => {
    skus.push(row.getCell(1).value);
  });
  assert.deepEqual(skus, csv);
  const price = ws.getRow(skus.indexOf('PIN-ROJ-1L') + 1).getCell(5).value;
  assert.equal(price, 12.5, 'prices are numbers a spreadsheet can add up');
});

test(`another tenant's export never shows this tenant's products (${mode})`, async () => {
  const b = await ensureTenant(t.platform, {
    slug: 'export-other',
    name: 'Otra',
    admin: { email: 'admin@export-other.example', name: 'Otra', password: 'export-other-password' },
  });
  const asB = {
    authorization: `Bearer ${await t.tokenFor({ tenantId: b.tenantId, userId: b.adminUserId })}`,
  };
  const res = await get('/api/v1/products/export', asB);
  assert.equal(res.statusCode, 200);
  assert.equal(lines(res.body).length, 1, 'only the headings');
  assert.doesNotMatch(res.body, /PIN-ROJ|TOR-M8/);
  const none = await get('/api/v1/products/export', {
    authorization: `Bearer ${await t.tokenFor({ tenantId: t.demo.tenantId, permissions: ['inventory:read'] })}`,
  });
  assert.equal(none.statusCode, 403, 'the list permission is needed');
});

test(`a list longer than one internal page comes out complete and in order (${mode})`, async () => {
  const n = 2500;
  const products = Array.from({ length: n }, (_v, i) => ({
    sku: `BULK-${String(i).padStart(5, '0')}`,
    name: `Artículo ${i}`,
    category: 'granel',
  }));
  const made = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products/bulk',
    headers: h,
    payload: { products },
  });
  assert.equal(made.statusCode, 200, made.body);
  const rows = lines((await get('/api/v1/products/export?category=granel')).body).slice(1);
  assert.deepEqual(
    rows.map((r) => r.split(',')[0]),
    products.map((p) => p.sku),
  );
});
