import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../../server/test/helpers.ts';
import { signIn as signInAs, skip, withDemoBrowser } from './browser.ts';

let app: TestApp;
let url: string;
let context: BrowserContext;

// More samples than one page holds (20), in a category of their own, and two in another
// category that the search alone would also find.
const SAMPLES = 23;

withDemoBrowser(
  {
    context: { locale: 'es-ES' },
    seed: async (app) => {
      const token = await app.tokenFor({ tenantId: app.demo.tenantId, userId: app.demo.adminUserId });
      const create = async (sku: string, category: string) => {
        const res = await app.app.inject({
          method: 'POST',
          url: '/api/v1/products',
          headers: { authorization: `Bearer ${token}` },
          payload: { sku, name: `Muestra de lista ${sku}`, category, uom: 'unit', uom_step: '1' },
        });
        assert.equal(res.statusCode, 201, res.body);
      };
      for (let i = 1; i <= SAMPLES; i++) await create(`LST-${String(i).padStart(2, '0')}`, 'Muestras');
      for (const sku of ['OTR-01', 'OTR-02']) await create(sku, 'Otras muestras');
    },
  },
  (s) => {
    ({ app, url, context } = s);
  },
);

/** Signs the demo admin in; each tab keeps its own session, so each tab signs in. */
const signIn = (page: Page) =>
  signInAs(page, url, { email: app.demo.email, password: app.demo.password }, 'es');

/**
 * The SKUs the products table shows, once it shows `count` rows and the page `label`, and,
 * when `prefix` is given, once every row's SKU starts with it. A filter changed on a page that
 * already shows as many rows (the search alone also filled page 1 of 2) is only answered when
 * the rows themselves change, so the wait is on them; a filter that leaves other rows in times
 * out here and fails the test.
 */
const shown = async (page: Page, count: number, label: string, prefix = '') => {
  const rows = page.getByTestId('products-page').locator('[data-testid^="product-row-"]');
  await page.getByText(label).waitFor();
  await page
    .waitForFunction(
      ([n, p]) => {
        const ids = [...document.querySelectorAll('[data-testid^="product-row-"]')].map(
          (e) => e.getAttribute('data-testid')?.replace('product-row-', '') ?? '',
        );
        return ids.length === n && ids.every((id) => id.startsWith(p));
      },
      [count, prefix] as const,
      { timeout: 15_000 },
    )
    .catch(() => {});
  const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace('product-row-', '')).sort();
};

test('a filtered, paged list lives in the address: reload, Back and a copied link show it again', {
  skip,
}, async () => {
  const page = await context.newPage();
  await signIn(page);
  await page.getByRole('link', { name: 'Productos' }).click();
  await page.getByTestId('products-page').waitFor();

  await page.getByTestId('products-search').fill('Muestra');
  // The search reaches the address once typing pauses; a filter changed after it starts on page 1.
  await page.waitForURL(/search=Muestra/);
  await page.getByTestId('products-category').selectOption('Muestras');
  await page.waitForURL(/category=Muestras/);
  const first = await shown(page, 20, 'Página 1 de 2', 'LST-');
  assert.equal(first.length, 20);
  assert.ok(
    first.every((sku) => sku.startsWith('LST-')),
    'the category leaves the other samples out',
  );
  await page.getByRole('button', { name: 'Siguiente' }).click();
  const second = await shown(page, SAMPLES - 20, 'Página 2 de 2');
  assert.deepEqual(
    [...first, ...second].sort(),
    Array.from({ length: SAMPLES }, (_, i) => `LST-${String(i + 1).padStart(2, '0')}`),
    'the two pages hold every sample once',
  );

  const address = new URL(page.url());
  assert.equal(address.pathname, '/products');
  assert.equal(address.searchParams.get('search'), 'Muestra');
  assert.equal(address.searchParams.get('category'), 'Muestras');
  assert.equal(address.searchParams.get('page'), '2');

  await page.reload();
  assert.deepEqual(await shown(page, SAMPLES - 20, 'Página 2 de 2'), second, 'a reload keeps the list');
  assert.equal(await page.getByTestId('products-search').inputValue(), 'Muestra');
  assert.equal(await page.getByTestId('products-category').inputValue(), 'Muestras');

  await page.getByRole('link', { name: 'Inventario' }).click();
  await page.getByTestId('inventory-page').waitFor();
  await page.goBack();
  assert.deepEqual(await shown(page, SAMPLES - 20, 'Página 2 de 2'), second, 'Back finds the list again');
  assert.equal(page.url(), address.href);

  // A colleague opens the copied link in a tab of their own.
  const other = await context.newPage();
  await signIn(other);
  await other.goto(address.href);
  assert.deepEqual(await shown(other, SAMPLES - 20, 'Página 2 de 2'), second, 'the link opens the same list');
  assert.equal(await other.getByTestId('products-category').inputValue(), 'Muestras');

  // Changing a filter starts again from the first page.
  await other.getByTestId('products-category').selectOption('Otras muestras');
  assert.deepEqual(await shown(other, 2, 'Página 1 de 1'), ['OTR-01', 'OTR-02']);
  assert.equal(new URL(other.url()).searchParams.get('page'), null);
  await other.close();
  await page.close();
});

test('Export → CSV downloads every row of the filtered list, not only the page on screen', {
  skip,
}, async () => {
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${url}/products?search=Muestra&category=Muestras`);
  await shown(page, 20, 'Página 1 de 2');

  await page.getByRole('button', { name: 'Exportar' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^products-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  const [head, ...rows] = csv
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n');
  assert.match(head ?? '', /^SKU,Nombre,Categoría,/, 'the headings are in the page language');
  assert.deepEqual(
    rows.map((r) => r.split(',')[0]).sort(),
    Array.from({ length: SAMPLES }, (_, i) => `LST-${String(i + 1).padStart(2, '0')}`),
    'both pages of the filter, and nothing of the other category',
  );
  await page.close();
});
