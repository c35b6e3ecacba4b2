import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO } from '../../server/src/demo.ts';
import { buildTestApp, type TestApp } from '../../server/test/helpers.ts';
import { launchBrowser, skip } from './browser.ts';

let app: TestApp;
let url: string;
let browser: Browser;
let adminToken: string;

type Paged<T> = { data: T[]; pagination: { total: number } };
type Listing = { id: string; product_id: string; store_id: string; title: string; published: boolean };

before(async () => {
  if (skip) return;
  // The demo tenant: its catalog, stock and the marketplace's published listings.
  app = await buildTestApp({ demoData: true });
  url = await app.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  adminToken = await app.tokenFor({ tenantId: app.demo.tenantId, userId: app.demo.adminUserId });
  // The storefront needs a published screw listing; the demo seeds one, else the test lists it.
  const listed = await api<Paged<Listing>>('GET', '/api/v1/listings?q=tornillo&published=true');
  if (listed.data.length === 0) {
    const products = await api<Paged<{ id: string; sku: string }>>(
      'GET',
      '/api/v1/products?search=TOR-M6-40',
    );
    const product = products.data[0];
    assert.ok(product, 'the demo catalog has the M6 screw');
    await api('POST', '/api/v1/listings', {
      product_id: product.id,
      store_id: 'MAD-001',
      title: 'Tornillo hexagonal M6 x 40 (caja 100)',
      price_minor: 890,
      published: true,
    });
  }
});
after(async () => {
  await browser?.close();
  await app?.close();
});

const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await app.app.inject({
    method: method as 'GET' | 'POST',
    url: path,
    headers: { authorization: `Bearer ${adminToken}`, 'idempotency-key': crypto.randomUUID() },
    ...(body ? { payload: body as Record<string, unknown> } : {}),
  });
  assert.ok(res.statusCode < 300, `${method} ${path}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
};

/** A buyer's tab in Spanish, with nobody signed in. */
const buyer = async () => {
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  await page.goto(`${url}/shop/${DEMO.slug}`);
  await page.getByTestId('shop-catalog').waitFor();
  return { context, page };
};

const checkout = async (page: Page, card: string) => {
  await page.getByTestId('checkout-name').fill('Lucía Compradora');
  await page.getByTestId('checkout-email').fill(`lucia+${card.slice(-4)}@example.com`);
  await page.getByTestId('checkout-card').fill(card);
};

const availableOf = async (card: Locator) =>
  Number(await card.getByTestId('shop-item-available').getAttribute('data-value'));

test('a buyer finds screws, pays with the approved card, and the admin ships the order', {
  skip,
}, async () => {
  const { context, page } = await buyer();
  assert.equal(await page.getByTestId('shop-name').textContent(), DEMO.name);

  // Full-text search: "tornillo" finds the screws (and not the drill).
  await page.getByTestId('shop-search').fill('tornillo');
  const screw = page.locator('[data-testid^="shop-card-"]', { hasText: 'Tornillo hexagonal' }).first();
  await screw.waitFor();
  await page.locator('[data-testid^="shop-card-"]', { hasText: 'Taladro' }).waitFor({ state: 'detached' });
  const before = await availableOf(screw);
  assert.ok(before >= 2, 'the screws are in stock');

  // Two boxes in the cart, then the approved test card; a double click orders once.
  await screw.getByTestId('shop-add').click();
  await page
    .getByTestId('cart')
    .getByRole('button', { name: /Uno más/ })
    .click();
  assert.equal(await page.getByTestId('cart-quantity').inputValue(), '2');
  await checkout(page, '4242 4242 4242 4242');
  await page.getByTestId('checkout-submit').dblclick();
  await page.getByTestId('order-confirmed').waitFor();
  const number = (await page.getByTestId('order-number').textContent()) ?? '';
  assert.match(number, /^SO-\d+$/);
  const placed = await api<Paged<{ number: string; channel: string }>>(
    'GET',
    '/api/v1/customer-orders?q=lucia%2B4242%40example.com',
  );
  assert.deepEqual(
    placed.data.map((o) => [o.number, o.channel]),
    [[number, 'storefront']],
    'one order, from the storefront',
  );

  // Back in the shop, two boxes fewer are free to sell.
  await page.getByRole('link', { name: /Volver a la tienda/ }).click();
  await page.getByTestId('shop-search').fill('tornillo');
  await page.locator('[data-testid="shop-item-available"]').first().waitFor();
  const screwAfter = page.locator('[data-testid^="shop-card-"]', { hasText: 'Tornillo hexagonal' }).first();
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll('[data-testid^="shop-card-"]')].some(
        (c) =>
          c.textContent?.includes('Tornillo hexagonal') &&
          c.querySelector('[data-testid="shop-item-available"]')?.getAttribute('data-value') === String(n),
      ),
    before - 2,
  );
  assert.equal(await availableOf(screwAfter), before - 2);

  // The admin finds it among the customer orders and follows its saga.
  await page.goto(`${url}/login`);
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel('Correo electrónico').fill(app.demo.email);
  await page.getByLabel('Contraseña', { exact: true }).fill(app.demo.password);
  await page.getByRole('button', { name: 'Iniciar sesión' }).click();
  await page.getByTestId('app-shell').waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Pedidos de clientes' }).click();
  await page.getByTestId('customer-orders-page').waitFor();
  assert.equal(await page.getByTestId('storefront-link').getAttribute('href'), `/shop/${DEMO.slug}`);
  const row = page.getByTestId(`customer-order-${number}`);
  await row.waitFor();
  assert.equal(await row.getByTestId('order-status').getAttribute('data-value'), 'CONFIRMED');
  // An order placed elsewhere meanwhile shows up by itself (the live stream refreshes the list).
  const [screwListing] = (await api<Paged<Listing>>('GET', '/api/v1/listings?q=tornillo&published=true'))
    .data;
  assert.ok(screwListing);
  const other = await api<{ number: string }>('POST', '/api/v1/customer-orders', {
    store_id: screwListing.store_id,
    lines: [{ product_id: screwListing.product_id, quantity: '1' }],
    customer: { name: 'Constructora Andina', email: 'compras@andina.example' },
    payment: { method: 'card', card_number: '4242424242424242' },
  });
  await page.getByTestId(`customer-order-${other.number}`).waitFor();
  await row.getByTestId('customer-order-link').click();
  const detail = page.getByTestId('customer-order-detail');
  await detail.waitFor();
  for (const step of ['reserve', 'authorize', 'hold', 'capture', 'confirm']) {
    assert.equal(await page.getByTestId(`saga-step-${step}`).getAttribute('data-outcome'), 'done', step);
  }
  const status = detail.getByTestId('order-status').first();
  await page.getByTestId('order-pick').click();
  await detail.locator('[data-testid="order-status"][data-value="PICKED"]').waitFor();
  await page.getByTestId('order-pack').click();
  await detail.locator('[data-testid="order-status"][data-value="PACKED"]').waitFor();
  await page.getByTestId('order-ship').click();
  await page.getByTestId('ship-tracking').fill('TRK-12345');
  await page.getByTestId('ship-submit').click();
  await detail.locator('[data-testid="order-status"][data-value="SHIPPED"]').waitFor();
  assert.equal(await status.getAttribute('data-value'), 'SHIPPED');
  assert.equal(await page.getByTestId('order-tracking').textContent(), 'TRK-12345');
  for (const step of ['pick', 'pack', 'ship']) await page.getByTestId(`saga-step-${step}`).waitFor();
  // A shipped order can no longer be cancelled; it can be delivered.
  assert.equal(await page.getByTestId('order-cancel').count(), 0);
  await page.getByTestId('order-deliver').waitFor();
  await context.close();
});

test('a declined card cancels the order with the reason, and the stock stays as it was', {
  skip,
}, async () => {
  const { context, page } = await buyer();
  const item = page.locator('[data-testid^="shop-card-"]:has([data-testid="shop-add"]:enabled)').first();
  await item.waitFor();
  const id = (await item.getAttribute('data-testid')) ?? '';
  const before = await availableOf(item);
  await item.getByTestId('shop-add').click();
  await checkout(page, '4000 0000 0000 0002');
  await page.getByTestId('checkout-submit').click();
  await page.getByTestId('order-failed').waitFor();
  assert.equal(await page.getByTestId('order-failed-reason').textContent(), 'La tarjeta fue rechazada');
  assert.equal(await page.getByTestId('order-status').getAttribute('data-value'), 'CANCELLED');

  // A fresh look at the shop: the reservation went back, nothing was sold.
  await page.goto(`${url}/shop/${DEMO.slug}`);
  await page.getByTestId(id).waitFor();
  assert.equal(await availableOf(page.getByTestId(id)), before);
  await context.close();
});

test('a 3-D Secure card waits for the challenge, and approving it confirms the order', { skip }, async () => {
  const { context, page } = await buyer();
  const item = page.locator('[data-testid^="shop-card-"]:has([data-testid="shop-add"]:enabled)').first();
  await item.getByTestId('shop-add').click();
  await checkout(page, '4000 0000 0000 3220');
  await page.getByTestId('checkout-submit').click();
  await page.getByTestId('challenge-panel').waitFor();
  assert.equal(await page.getByTestId('order-status').getAttribute('data-value'), 'PAYMENT_PENDING');
  await page.getByTestId('challenge-approve').click();
  await page.getByTestId('order-confirmed').waitFor();
  assert.match((await page.getByTestId('order-number').textContent()) ?? '', /^SO-\d+$/);
  await context.close();
});

test('when the stock runs out before paying, the checkout names the product and shrinks the cart', {
  skip,
}, async () => {
  const { context, page } = await buyer();
  const item = page.locator('[data-testid^="shop-card-"]:has([data-testid="shop-add"]:enabled)').first();
  await item.waitFor();
  const productId = ((await item.getAttribute('data-testid')) ?? '').replace('shop-card-', '');
  const title = (await item.getByTestId('shop-item-title').textContent()) ?? '';
  const available = await availableOf(item);
  const store = await page.getByTestId('shop-store').inputValue();
  // All of it in the cart: the quantity stops at what the store has.
  await item.getByTestId('shop-add').click();
  await page.getByTestId('cart-quantity').fill(String(available + 5));
  assert.equal(await page.getByTestId('cart-quantity').inputValue(), String(available));

  // Someone else takes one meanwhile.
  await api('POST', '/api/v1/reservations', {
    product_id: productId,
    store_id: store,
    quantity: '1',
    customer_id: 'walk-in',
    ttl: 600,
  });
  await checkout(page, '4242 4242 4242 4242');
  await page.getByTestId('checkout-submit').click();
  const refused = page.getByTestId('checkout-refused');
  await refused.waitFor();
  assert.match(
    (await refused.textContent()) ?? '',
    new RegExp(`${title.replace(/[()]/g, '.')}.*quedan ${available - 1}`),
  );
  assert.equal(await page.getByTestId('cart-quantity').inputValue(), String(available - 1));

  // The next attempt (a new key) buys what is left.
  await page.getByTestId('checkout-submit').click();
  await page.getByTestId('order-confirmed').waitFor();
  await context.close();
});
