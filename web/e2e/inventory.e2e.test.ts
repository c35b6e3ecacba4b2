import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../../server/test/helpers.ts';
import { signIn as signInAs, skip, withDemoBrowser } from './browser.ts';

let app: TestApp;
let url: string;
let context: BrowserContext;

// The demo tenant with its sample catalog and stock (TAL-18V at MAD-001 and the other stores).
withDemoBrowser({ launch: { backgroundTabs: true }, context: { locale: 'es-ES' } }, (s) => {
  ({ app, url, context } = s);
});

/** Signs the demo admin in; each tab keeps its own session, so each tab signs in. */
const signIn = (page: Page) =>
  signInAs(page, url, { email: app.demo.email, password: app.demo.password }, 'es');

const value = async (page: Page, testId: string) => page.getByTestId(testId).getAttribute('data-value');

test('an adjustment in one tab shows up in another tab’s availability without a reload', {
  skip,
}, async () => {
  const a = await context.newPage();
  const b = await context.newPage();
  await Promise.all([signIn(a), signIn(b)]);

  // Tab B: the availability of the drill, picked by search.
  await b.bringToFront();
  await b.getByRole('link', { name: 'Disponibilidad' }).click();
  await b.getByTestId('availability-page').waitFor();
  await b.getByTestId('availability-product-search').fill('TAL-18V');
  await b.getByTestId('availability-product-option-TAL-18V').click();
  await b.getByTestId('availability-row-MAD-001').waitFor();
  assert.match(
    (await b.getByTestId('availability').textContent()) ?? '',
    /Taladro percutor 18 V con batería/,
  );
  const before = Number(await value(b, 'availability-available-MAD-001'));
  const totalBefore = Number(await value(b, 'availability-total'));
  // Only a connected stream can carry the change; wait for it rather than for time.
  await b.locator('[data-testid="live-status"][data-state="open"]').waitFor();
  const navigations: string[] = [];
  b.on('framenavigated', (f) => {
    if (f === b.mainFrame()) navigations.push(f.url());
  });

  // Tab A: the same product at MAD-001 on the inventory page, adjusted inline; tab B goes to the back.
  await a.bringToFront();
  await a.getByRole('link', { name: 'Inventario' }).click();
  await a.getByTestId('inventory-page').waitFor();
  await a.getByTestId('inventory-search').fill('TAL-18V');
  await a.getByTestId('inventory-location').selectOption('MAD-001');
  const row = a.getByTestId('stock-row-TAL-18V-MAD-001');
  await row.waitFor();
  // Filtering narrows the list to this one row, and the count says so in the singular.
  await a.locator('[data-testid^="stock-row-"]').nth(1).waitFor({ state: 'detached' });
  await a.getByTestId('inventory-page').getByText('1 fila', { exact: true }).waitFor();
  assert.equal(Number(await row.getByTestId('stock-available').getAttribute('data-value')), before);
  await row.getByTestId('stock-adjust').click();
  await row.getByTestId('adjust-quantity').fill('+3');
  await row.getByTestId('adjust-reason').fill('Recuento de estantería');
  await row.getByTestId('adjust-submit').click();
  await row.locator(`[data-testid="stock-available"][data-value="${before + 3}"]`).waitFor();

  // Tab B follows on its own.
  await b.locator(`[data-testid="availability-available-MAD-001"][data-value="${before + 3}"]`).waitFor();
  assert.equal(Number(await value(b, 'availability-total')), totalBefore + 3);
  assert.equal(await b.getByTestId('availability-available-MAD-001').textContent(), String(before + 3));
  assert.deepEqual(navigations, [], 'tab B was not reloaded');
});

test('a change sent with a stale version is refused, and the row then shows the current stock', {
  skip,
}, async () => {
  const a = await context.newPage();
  // This tab hears no live events, so its row stays as it was read.
  await a.route('**/api/v1/events/stream**', (r) => r.abort());
  await signIn(a);
  await a.getByRole('link', { name: 'Inventario' }).click();
  await a.getByTestId('inventory-search').fill('TAL-18V');
  await a.getByTestId('inventory-location').selectOption('MAD-002');
  const row = a.getByTestId('stock-row-TAL-18V-MAD-002');
  await row.waitFor();
  await a.locator('[data-testid^="stock-row-"]').nth(1).waitFor({ state: 'detached' });
  const shown = Number(await row.getByTestId('stock-on-hand').getAttribute('data-value'));

  // Someone else books a receipt meanwhile.
  const token = await a.evaluate(() => JSON.parse(sessionStorage.getItem('flujo.session') ?? '{}').token);
  const headers = { authorization: `Bearer ${token}` };
  const found = await a.request.get(`${url}/api/v1/products?search=TAL-18V`, { headers });
  const productId = ((await found.json()) as { data: { id: string }[] }).data[0]?.id;
  const res = await a.request.post(`${url}/api/v1/stock`, {
    headers,
    data: { product_id: productId, store_id: 'MAD-002', quantity_change: 1, reason: 'Otra pestaña' },
  });
  assert.equal(res.status(), 200);

  await row.getByTestId('stock-adjust').click();
  await row.getByTestId('adjust-quantity').fill('-1');
  await row.getByTestId('adjust-reason').fill('Rotura');
  await row.getByTestId('adjust-submit').click();
  await row.getByTestId('adjust-error').getByText('Alguien cambió este stock').waitFor();
  await row.locator(`[data-testid="stock-on-hand"][data-value="${shown + 1}"]`).waitFor();
  await a.close();
});
