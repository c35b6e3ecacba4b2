import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO } from '../../server/src/demo.ts';
import type { TestApp } from '../../server/test/helpers.ts';
import { signIn, skip, withDemoBrowser } from './browser.ts';

let app: TestApp;
let url: string;
let browser: Browser;
let context: BrowserContext;

// The demo tenant with a year of simulated demand: buffers in every zone, alerts and suggestions.
withDemoBrowser({ context: { locale: 'es-ES' } }, (s) => {
  ({ app, url, browser, context } = s);
});

/** What the API answers the demo admin. */
const callApi = async <T>(path: string): Promise<T> => {
  const token = await app.tokenFor({ tenantId: app.demo.tenantId, userId: app.demo.adminUserId });
  const r = await app.app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.statusCode, 200, `${path}: ${r.body}`);
  return r.json() as T;
};

type BufferRow = {
  planning_priority: 'red' | 'yellow' | 'green' | null;
  net_flow_position: number | null;
  zones: { top_of_green: number | null };
};
type Paged<T> = { data: T[]; pagination: { total: number; total_pages: number } };

/** Every buffer counted by zone, over the top of green apart from green. */
const zonesFromApi = async () => {
  const rows: BufferRow[] = [];
  for (let page = 1; ; page++) {
    const r = await callApi<Paged<BufferRow>>(`/api/v1/buffers?limit=100&page=${page}`);
    rows.push(...r.data);
    if (page >= r.pagination.total_pages) break;
  }
  const over = (b: BufferRow) =>
    b.net_flow_position !== null &&
    b.zones.top_of_green !== null &&
    b.net_flow_position > b.zones.top_of_green;
  return {
    red: rows.filter((b) => b.planning_priority === 'red').length,
    yellow: rows.filter((b) => b.planning_priority === 'yellow').length,
    green: rows.filter((b) => b.planning_priority === 'green' && !over(b)).length,
    over: rows.filter((b) => b.planning_priority === 'green' && over(b)).length,
  };
};

const shown = async (page: Page, testId: string) =>
  Number(await page.getByTestId(testId).getAttribute('data-value'));

/** The cockpit's cards checked against the API, as any role that reads planning sees them. */
const checkPlanningCards = async (page: Page) => {
  const zones = await zonesFromApi();
  assert.ok(zones.red + zones.yellow > 0, 'the demo has buffers to act on');
  await page.getByTestId('zone-count-red').waitFor();
  for (const z of ['red', 'yellow', 'green', 'over'] as const)
    assert.equal(await shown(page, `zone-count-${z}`), zones[z], `${z} buffers as the board counts them`);
  assert.equal(await shown(page, 'home-act-on'), zones.red + zones.yellow);

  const alerts = await callApi<Paged<{ sku: string }>>('/api/v1/alerts?status=OPEN&limit=5');
  if (alerts.pagination.total === 0) await page.getByTestId('home-alerts-empty').waitFor();
  else {
    await page.getByTestId('home-alerts-count').waitFor();
    assert.equal(await shown(page, 'home-alerts-count'), alerts.pagination.total);
  }

  const stockouts = await callApi<{ data: { sku: string; stockout_date: string | null }[] }>(
    '/api/v1/analytics/projections/stockouts?limit=5',
  );
  const soon = stockouts.data.filter((p) => p.stockout_date !== null);
  if (soon.length === 0) await page.getByTestId('home-stockouts-empty').waitFor();
  else {
    await page.getByTestId('home-stockout').first().waitFor();
    assert.deepEqual(
      await page
        .getByTestId('home-stockout')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-sku'))),
      soon.map((p) => p.sku),
      'the soonest stockouts, in the order the projection gives',
    );
  }

  const tile = page.getByTestId('kpi-inventory-value');
  await tile.waitFor();
  assert.notEqual(await tile.getByTestId('kpi-value').textContent(), '—');
  await tile.getByTestId('kpi-sparkline').locator('svg path').first().waitFor();
  assert.match(
    (await tile.getByTestId('kpi-sparkline').getAttribute('aria-label')) ?? '',
    /\d/,
    'the sparkline says its trend in words',
  );
};

test('the admin’s cockpit in Spanish: zones, alerts, suggestions, stockouts, KPIs, imports and syncs', {
  skip,
}, async () => {
  const page = await context.newPage();
  await signIn(page, url, { email: app.demo.email, password: app.demo.password }, 'es');
  await page.getByRole('heading', { level: 1, name: 'Panel' }).waitFor();
  await page.getByRole('heading', { name: 'Buffers por zona' }).waitFor();
  await checkPlanningCards(page);

  const suggestions = await callApi<Paged<unknown>>('/api/v1/replenishment-suggestions?status=OPEN&limit=5');
  if (suggestions.pagination.total === 0) await page.getByTestId('home-suggestions-empty').waitFor();
  else {
    await page.getByTestId('home-suggestions-count').waitFor();
    assert.equal(await shown(page, 'home-suggestions-count'), suggestions.pagination.total);
  }

  const activity = page.getByTestId('home-activity');
  await activity.getByRole('heading', { name: 'Últimas importaciones y sincronizaciones' }).waitFor();
  const imports = await callApi<Paged<{ filename: string }>>('/api/v1/imports?limit=5');
  if (imports.data.length === 0) await activity.getByTestId('home-imports-empty').waitFor();
  else await activity.getByText(imports.data[0]?.filename ?? '').waitFor();
  const syncs = await callApi<{ jobs: unknown[] }>('/api/v1/sync/status');
  if (syncs.jobs.length === 0) await activity.getByTestId('home-syncs-empty').waitFor();
  else assert.equal(await activity.getByTestId('home-sync').count(), Math.min(5, syncs.jobs.length));

  // Each card leads to where the planner acts: red buffers on the board.
  await page.getByTestId('zone-count-red').click();
  await page.getByTestId('planning-page').waitFor();
  assert.equal(await page.getByTestId('planning-zone').inputValue(), 'RED');

  // Server health now lives in Settings → System.
  await page.getByRole('link', { name: 'Configuración' }).click();
  await page.getByRole('tab', { name: 'Sistema' }).click();
  await page.getByTestId('system-status').waitFor();
  assert.equal(await page.getByTestId('system-health').getAttribute('data-status'), 'healthy');
  await page.getByText('Operativo').first().waitFor();
  await page.close();
});

test('the planner’s cockpit in English, and their System tab', { skip }, async () => {
  const own = await browser.newContext({ locale: 'en-GB' });
  const page = await own.newPage();
  await signIn(page, url, { email: DEMO.planner, password: app.demo.password }, 'en');
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.getByRole('heading', { name: 'Buffers by zone' }).waitFor();
  await checkPlanningCards(page);
  await page.getByRole('link', { name: 'Review suggestions' }).waitFor();
  await page.getByRole('heading', { name: 'Last imports and syncs' }).waitFor();
  // A planner reads imports but not the ERP connections: the syncs half stays out.
  await page.getByTestId('home-activity').getByRole('heading', { name: 'Imports', exact: true }).waitFor();
  assert.equal(
    await page.getByTestId('home-activity').getByRole('heading', { name: 'ERP syncs', exact: true }).count(),
    0,
  );

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'System' }).click();
  await page.getByTestId('system-health').waitFor();
  await page.getByText('Healthy').first().waitFor();
  await own.close();
});

test('the viewer sees the cards their role reads, and no suggestions or integrations', { skip }, async () => {
  const own = await browser.newContext({ locale: 'es-ES' });
  const page = await own.newPage();
  await signIn(page, url, { email: DEMO.viewer, password: app.demo.password }, 'es');
  await page.getByTestId('cockpit').waitFor();
  await page.getByTestId('zone-count-red').waitFor();
  await page.getByTestId('kpi-inventory-value').waitFor();
  await page.getByTestId('home-stockouts').waitFor();
  assert.equal(await page.getByTestId('home-suggestions').count(), 0);
  assert.equal(await page.getByTestId('home-activity').count(), 0);
  assert.equal(await page.getByRole('alert').count(), 0, 'no card failed');
  await own.close();
});
