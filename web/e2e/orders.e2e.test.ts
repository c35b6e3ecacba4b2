import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO } from '../../server/src/demo.ts';
import type { TestApp } from '../../server/test/helpers.ts';
import { signIn as signInAs, skip, withDemoBrowser } from './browser.ts';

let app: TestApp;
let url: string;
let context: BrowserContext;

// The demo tenant: buffers sized from a year of demand (red ones with suggestions), its
// suppliers, and the orders module's opening state (EUR, approval above 2,500 €).
// The demo admin's profile language is Spanish; these assertions read the English wording.
withDemoBrowser({ context: { locale: 'en-GB' }, language: 'en' }, (s) => {
  ({ app, url, context } = s);
});

/** Signs the demo admin in: they may approve orders and receive goods. */
const signIn = (page: Page) => signInAs(page, url, { email: DEMO.email, password: app.demo.password }, 'en');

/** The signed-in tab's API, for facts the test needs to choose its data (not to act). */
const apiGet = async <T>(page: Page, path: string): Promise<T> => {
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('flujo.session') ?? '{}').token);
  const res = await page.request.get(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status(), 200, path);
  return (await res.json()) as T;
};

const numberOf = async (l: Locator) => {
  const v = await l.getAttribute('data-value');
  assert.ok(v !== null && v !== '', 'the value is shown');
  return Number(v);
};

const openOrders = async (page: Page) => {
  await page.getByRole('navigation').getByRole('link', { name: 'Orders', exact: true }).click();
  await page.getByTestId('orders-page').waitFor();
};

/** A value of the buffer page's details grid, by its label. */
const detail = (page: Page, label: string) =>
  page.getByTestId('buffer-detail').locator(`dt:text-is("${label}") + dd`);

/** What the buffer page shows: planning priority, on-hand alert, on hand, on order. */
const bufferState = async (page: Page) => {
  await page.getByTestId('buffer-detail').waitFor();
  return {
    priority: await page
      .getByTestId('buffer-detail')
      .getByTestId('buffer-priority')
      .getAttribute('data-value'),
    onHandAlert: await detail(page, 'On-hand alert').locator('[data-value]').getAttribute('data-value'),
    onHand: Number(((await detail(page, 'On hand').textContent()) ?? '').replace(/[^\d.-]/g, '')),
    onOrder: await numberOf(page.getByTestId('buffer-on-order')),
  };
};

/** Waits until the list shows only orders of that location (a refetch replaces the old rows). */
const filteredTo = async (page: Page, code: string) => {
  const until = Date.now() + 10_000;
  for (;;) {
    const stores = await page.getByTestId('orders-page').getByTestId('order-store').allInnerTexts();
    if (stores.length > 0 && stores.every((s) => s === code)) return;
    if (Date.now() > until) throw new Error(`the list still shows ${stores.join(', ')}`);
    await page.waitForTimeout(100);
  }
};

type Suggestion = { buffer_id: string; sku: string; location_code: string; planning_priority: string };
type BufferFacts = { product_id: string; settings: { source_location_id: string | null } };

test('an approved red suggestion becomes a purchase order; receiving it in full turns its buffer green on hand too', {
  skip,
}, async () => {
  const page = await context.newPage();
  await signIn(page);

  // The first red suggestion that is bought: a product with a BOM would be made and a buffer with
  // a source location would be transferred (the approval picks the order kind from that).
  const made = new Set(
    (await apiGet<{ data: { product_id: string }[] }>(page, '/api/v1/boms')).data.map((b) => b.product_id),
  );
  const open = await apiGet<{ data: Suggestion[] }>(page, '/api/v1/replenishment-suggestions?limit=100');
  let chosen: Suggestion | undefined;
  for (const s of open.data.filter((x) => x.planning_priority === 'red')) {
    const b = await apiGet<BufferFacts>(page, `/api/v1/buffers/${s.buffer_id}`);
    if (!made.has(b.product_id) && b.settings.source_location_id === null) {
      chosen = s;
      break;
    }
  }
  assert.ok(chosen, 'a red buffer that is replenished by purchase');

  // Its buffer before: red.
  await page.goto(`${url}/planning/buffers/${chosen.buffer_id}`);
  const before = await bufferState(page);
  assert.equal(before.priority, 'red');

  // The planner's inbox: approve it as suggested.
  await page.getByRole('navigation').getByRole('link', { name: 'Planning' }).click();
  await page.getByTestId('planning-suggestions').click();
  await page.getByTestId('suggestions-page').waitFor();
  const row = page.getByTestId(`suggestion-row-${chosen.sku}-${chosen.location_code}`);
  await row.waitFor();
  const quantity = Number(await row.getByTestId('suggestion-quantity').inputValue());
  assert.ok(quantity > 0);
  await row.getByTestId('suggestion-approve').click();
  await row.waitFor({ state: 'detached' });

  // On order now: the net flow position rose to the top of green, so the planning priority is
  // green already; the shelf is as empty as before, so the on-hand alert has not moved.
  await page.goto(`${url}/planning/buffers/${chosen.buffer_id}`);
  await page.locator(`[data-testid="buffer-on-order"][data-value="${before.onOrder + quantity}"]`).waitFor();
  const ordered = await bufferState(page);
  assert.equal(ordered.priority, 'green', JSON.stringify({ before, ordered }));
  assert.equal(ordered.onHandAlert, before.onHandAlert, JSON.stringify({ before, ordered }));
  assert.notEqual(ordered.onHandAlert, 'green', JSON.stringify({ before, ordered }));

  // The purchase order it raised: the newest open purchase at the buffer's location.
  await openOrders(page);
  await page.getByTestId('orders-kind-purchase').click();
  await page.getByTestId('orders-store').selectOption(chosen.location_code);
  await page.getByTestId('orders-status').selectOption('OPEN');
  await filteredTo(page, chosen.location_code);
  const newest = page.locator('[data-testid^="order-row-PO-"]').first();
  await newest.getByTestId('order-link').click();
  const order = page.getByTestId('order-detail');
  await order.waitFor();
  const line = order.getByTestId(`line-${chosen.sku}`);
  assert.equal(await numberOf(line.getByTestId('line-open')), quantity);
  assert.ok(
    (await line.getByTestId('line-buffer').getAttribute('href'))?.endsWith(chosen.buffer_id),
    'the line links to the buffer it replenishes',
  );
  assert.equal(await order.getByTestId('order-detail-status').getAttribute('data-value'), 'OPEN');

  // Receiving: the dialog starts with the open quantity; past the tolerance the line says why.
  await order.getByTestId('order-receive').click();
  const dialog = page.getByTestId('receive-dialog');
  const input = dialog.getByTestId(`receive-line-${chosen.sku}`).getByTestId('receive-quantity');
  assert.equal(Number(await input.inputValue()), quantity);
  await input.fill(String(quantity * 2));
  await dialog.getByTestId('receive-submit').click();
  await dialog
    .getByTestId('receive-error')
    .getByText(/at most .* more can be received/)
    .waitFor();
  await dialog.getByText('This is more than is still to come, past the receipt tolerance.').waitFor();
  await input.fill(String(quantity));
  await dialog.getByTestId('receive-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await order.locator('[data-testid="order-detail-status"][data-value="RECEIVED"]').waitFor();
  assert.equal(await order.getByTestId('receipt-row').count(), 1);
  assert.equal(await numberOf(line.getByTestId('line-received')), quantity);

  // The buffer. Approving the recommended quantity already brought the net flow position to the
  // top of green, so the planning priority turned green at approval; what the receipt changes is
  // where that supply sits: it leaves "on order" for "on hand", and the on-hand alert (red while
  // the shelf was empty) turns green as well. The recalculation runs on the stock event, so the
  // page may first show the buffer as it was and then follow the live update.
  await line.getByTestId('line-buffer').click();
  await page.getByTestId('buffer-detail').waitFor();
  await detail(page, 'On-hand alert').locator('[data-value="green"]').waitFor({ timeout: 20_000 });
  const after = await bufferState(page);
  assert.equal(after.priority, 'green', JSON.stringify({ before, after }));
  assert.equal(after.onHandAlert, 'green', JSON.stringify({ before, after }));
  assert.ok(Math.abs(after.onHand - before.onHand - quantity) < 1e-6, JSON.stringify({ before, after }));
  assert.ok(Math.abs(after.onOrder - before.onOrder) < 1e-6, JSON.stringify({ before, after }));
  await page.close();
});

test('a purchase order above the approval threshold waits in the approvals inbox until approved', {
  skip,
}, async () => {
  const page = await context.newPage();
  await signIn(page);
  const settings = await apiGet<{ approval_threshold_minor: number; currency: string }>(
    page,
    '/api/v1/order-settings',
  );
  // Two units at the threshold each: twice the threshold (a two-decimal currency, euros here).
  const unitPrice = (settings.approval_threshold_minor / 100).toFixed(2);

  await openOrders(page);
  await page.getByTestId('orders-new-purchase').click();
  const dialog = page.getByTestId('purchase-dialog');
  const supplier = dialog.getByTestId('purchase-supplier');
  await supplier.locator('option[value]:not([value=""])').first().waitFor({ state: 'attached' });
  await supplier.selectOption({ index: 1 });
  await dialog.getByTestId('purchase-store').selectOption('MAD-001');
  await dialog.getByTestId('order-add-product-search').fill('DES-PH2');
  // The list of matches is a popover above the dialog, not inside it.
  await page
    .getByRole('listbox', { name: /Add a product/ })
    .getByRole('option', { name: /DES-PH2/ })
    .click();
  const line = dialog.getByTestId('order-line-DES-PH2');

  // Checked here first: a line without a quantity.
  await dialog.getByTestId('purchase-save').click();
  await line.getByTestId('line-error').getByText('Enter a number such as 12 or 2.5').waitFor();

  // Then by the server: a due date before the order date lands on the due date field.
  await line.getByTestId('line-quantity').fill('2');
  await line.getByTestId('line-price').fill(unitPrice);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await dialog.getByTestId('purchase-due').fill(yesterday);
  await dialog.getByTestId('purchase-save').click();
  await dialog
    .getByText(/must not be before the order date/)
    .first()
    .waitFor();
  assert.equal(await dialog.getByTestId('purchase-due').getAttribute('aria-invalid'), 'true');

  await dialog.getByTestId('purchase-due').fill('');
  await dialog.getByTestId('purchase-submit-now').check();
  await dialog.getByTestId('purchase-save').click();
  const order = page.getByTestId('order-detail');
  await order.waitFor();
  const number = (await order.getAttribute('data-order')) ?? '';
  assert.match(number, /^PO-\d{6}$/);
  assert.equal(await order.getByTestId('order-detail-status').getAttribute('data-value'), 'PENDING_APPROVAL');
  assert.equal(await numberOf(order.getByTestId('order-total')), settings.approval_threshold_minor * 2);

  // The inbox, from the orders list, has it; approving takes it out and opens the order.
  await page.getByRole('link', { name: '← Orders' }).click();
  await page.getByTestId('orders-page').waitFor();
  await page.getByTestId('orders-approvals').click();
  await page.getByTestId('approvals-page').waitFor();
  const pending = page.getByTestId(`approval-row-${number}`);
  await pending.getByTestId('approval-approve').click();
  await pending.waitFor({ state: 'detached' });

  await page.getByRole('link', { name: '← Orders' }).click();
  await page.getByTestId('orders-search').fill(number);
  const listed = page.getByTestId(`order-row-${number}`);
  await listed.locator('[data-testid="order-status"][data-value="OPEN"]').waitFor();
  await listed.getByTestId('order-link').click();
  await order.locator('[data-testid="order-detail-status"][data-value="OPEN"]').waitFor();
  await page.close();
});
