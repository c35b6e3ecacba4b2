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

type Notification = {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: { items?: { sku: string }[]; urgent?: number };
  read_at: string | null;
};
type Notifications = { data: Notification[]; pagination: { total: number }; unread: number };

/** The assistant's daily tick, run in-process: past six in the demo's time zone, so today's report is written. */
const dailyReport = async (a: TestApp) => {
  const job = a.modules
    .find((m) => m.name === 'assistant')
    ?.jobs?.find((j) => j.name === 'assistant-daily-report');
  assert.ok(job, 'the assistant schedules a daily report');
  const now = `${new Date().toISOString().slice(0, 10)}T18:00:00Z`;
  await job.handler({ now }, { id: 'e2e', name: job.name });
};

// The demo tenant with today's report in every planner's bell (the admin's among them). Spanish.
withDemoBrowser({ context: { locale: 'es-ES' }, language: 'es', seed: dailyReport }, (s) => {
  ({ app, url, browser, context } = s);
});

const tokenOf = (page: Page): Promise<string> =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem('flujo.session') ?? '{}').token);

/** A call to the API with the page's own session. */
const call = async <T>(page: Page, method: 'GET' | 'POST', path: string, body?: object): Promise<T> => {
  const res = await page.request.fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await tokenOf(page)}` },
    data: body,
  });
  assert.ok(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
};

const badge = (page: Page) => page.getByTestId('notification-badge');
const badgeFor = (unread: number) => (unread > 9 ? '9+' : String(unread));

test('la campana muestra el informe diario sin leer, lo abre, lo marca leído y Escape la cierra', {
  skip,
}, async () => {
  const page = await context.newPage();
  await signIn(page, url, { email: DEMO.email, password: app.demo.password }, 'es');

  const before = await call<Notifications>(page, 'GET', '/api/v1/notifications');
  const report = before.data.find((n) => n.kind === 'assistant.report.daily');
  assert.ok(report, 'the daily report reached the admin');
  assert.equal(report.read_at, null);
  assert.ok(before.unread >= 1);

  // The badge counts what is unread, and the bell says so to a screen reader.
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid="notification-badge"]')?.textContent === text,
    badgeFor(before.unread),
  );
  const bell = page.getByRole('button', { name: `Notificaciones, ${before.unread} sin leer` });
  await bell.waitFor();

  await bell.click();
  const panel = page.getByRole('dialog', { name: 'Notificaciones' });
  await panel.waitFor();
  const entry = panel.locator(`[data-testid="notification"][data-id="${report.id}"]`);
  await entry.getByText(report.title).waitFor();
  assert.equal(await entry.getAttribute('data-unread'), 'true');

  // A click opens its text, line breaks kept, and marks it read.
  await entry.getByTestId('notification-toggle').click();
  const body = entry.getByTestId('notification-body');
  await body.waitFor();
  assert.equal(await body.locator('p').evaluate((p) => getComputedStyle(p).whiteSpace), 'pre-line');
  assert.equal(await body.locator('p').textContent(), report.body);
  // The buffers the report names are listed apart, as chips above its text.
  const named = report.data.items ?? [];
  assert.equal(await body.getByTestId('notification-item').count(), named.length);
  if (named[0])
    await body.getByTestId('notification-item').getByText(named[0].sku, { exact: true }).first().waitFor();
  await page.locator(`[data-testid="notification"][data-id="${report.id}"][data-unread="false"]`).waitFor();
  const after = await call<Notifications>(page, 'GET', '/api/v1/notifications');
  assert.equal(after.unread, before.unread - 1, 'the server counts one fewer unread');
  assert.ok(after.data.find((n) => n.id === report.id)?.read_at, 'the report is read');
  if (after.unread === 0) await badge(page).waitFor({ state: 'detached' });
  else
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="notification-badge"]')?.textContent === text,
      badgeFor(after.unread),
    );

  // Escape closes the panel and hands focus back to the bell.
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  assert.equal(
    await page.getByTestId('notification-bell').evaluate((el) => el === document.activeElement),
    true,
  );
  await page.close();
});

test('en la página de notificaciones el filtro de no leídas y la preferencia de correo se guardan', {
  skip,
}, async () => {
  const page = await context.newPage();
  await signIn(page, url, { email: DEMO.email, password: app.demo.password }, 'es');
  await page.getByTestId('notification-bell').click();
  await page
    .getByRole('dialog', { name: 'Notificaciones' })
    .getByRole('link', { name: 'Todas las notificaciones' })
    .click();
  await page.waitForURL('**/notifications');
  await page.getByTestId('notifications-page').waitFor();

  const all = await call<Notifications>(page, 'GET', '/api/v1/notifications?limit=20');
  await page.getByTestId('notification-row').first().waitFor();
  assert.equal(await page.getByTestId('notification-row').count(), Math.min(20, all.pagination.total));

  // Unread only: as many rows as the server has unread, or the empty state.
  await page.getByRole('tab', { name: 'Sin leer' }).click();
  await page.waitForURL(/[?&]show=unread\b/);
  const unread = await call<Notifications>(page, 'GET', '/api/v1/notifications?limit=20&unread=true');
  if (unread.pagination.total === 0) await page.getByText('Nada sin leer').waitFor();
  else
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="notification-row"] [data-unread="true"]').length === n,
      Math.min(20, unread.pagination.total),
    );

  // The mail preference is saved as soon as it is ticked, and the API says so.
  const mail = page.getByRole('checkbox', { name: 'Enviarme también los informes por correo' });
  const start = await call<{ email_reports: boolean }>(page, 'GET', '/api/v1/notifications/preferences');
  assert.equal(await mail.isChecked(), start.email_reports);
  await mail.click();
  await page
    .getByText(start.email_reports ? 'ya no te llegarán por correo' : 'también te llegarán por correo')
    .waitFor();
  const saved = await call<{ email_reports: boolean }>(page, 'GET', '/api/v1/notifications/preferences');
  assert.equal(saved.email_reports, !start.email_reports);
  assert.equal(await mail.isChecked(), !start.email_reports);

  // A reload reads it back from the server.
  await page.reload();
  await page.getByTestId('notifications-page').waitFor();
  await page.waitForFunction(
    (want) =>
      (document.querySelector('[data-testid="notification-mail"]') as HTMLInputElement | null)?.checked ===
      want,
    !start.email_reports,
  );
  await page.close();
});

test('como administrador, Configuración → Asistente lista las decisiones de enrutamiento tras un mensaje al chat', {
  skip,
}, async () => {
  const page = await context.newPage();
  await signIn(page, url, { email: DEMO.email, password: app.demo.password }, 'es');
  await call(page, 'POST', '/api/v1/ai/chat', { message: 'sugerencias pendientes' });
  const routing = await call<{ data: { target: string }[]; pagination: { total: number } }>(
    page,
    'GET',
    '/api/v1/ai/routing-logs?limit=25',
  );
  assert.ok(routing.pagination.total >= 1, 'the chat message was routed');

  await page.getByRole('navigation').getByRole('link', { name: 'Configuración' }).click();
  await page.getByRole('tab', { name: 'Asistente' }).click();
  await page.waitForURL(/[?&]tab=assistant\b/);
  await page.getByTestId('assistant-logs').waitFor();
  await page.getByRole('tab', { name: 'Decisiones de enrutamiento', selected: true }).waitFor();
  await page.getByTestId('routing-row').first().waitFor();
  assert.equal(await page.getByTestId('routing-row').count(), Math.min(25, routing.pagination.total));
  const first = routing.data[0];
  assert.ok(first);
  assert.equal(
    await page.getByTestId('routing-row').first().getByTestId('routing-target').getAttribute('data-value'),
    first.target,
  );

  // The target filter narrows the list to what the API has for that target.
  await page.getByTestId('routing-target-filter').selectOption(first.target);
  await page.waitForURL(new RegExp(`[?&]target=${first.target}\\b`));
  const narrowed = await call<{ pagination: { total: number } }>(
    page,
    'GET',
    `/api/v1/ai/routing-logs?limit=25&target=${first.target}`,
  );
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="routing-row"]').length === n,
    Math.min(25, narrowed.pagination.total),
  );

  // The tools the planner ran for that answer are on the next tab.
  const tools = await call<{ pagination: { total: number } }>(
    page,
    'GET',
    '/api/v1/ai/tool-invocations?limit=25',
  );
  await page.getByRole('tab', { name: 'Llamadas a herramientas' }).click();
  await page.waitForURL(/[?&]log=tools\b/);
  if (tools.pagination.total === 0) await page.getByText('No hay llamadas a herramientas').waitFor();
  else {
    await page.getByTestId('tool-row').first().waitFor();
    assert.equal(await page.getByTestId('tool-row').count(), Math.min(25, tools.pagination.total));
  }
  await page.close();
});

test('a planner without ai:admin sees the bell but not the assistant’s logs', { skip }, async () => {
  const english = await browser.newContext({ locale: 'en-GB' });
  await english.addInitScript(() => localStorage.setItem('flujo.lang', 'en'));
  try {
    const page = await english.newPage();
    await signIn(page, url, { email: DEMO.planner, password: app.demo.password }, 'en');
    // The planner received today's report too: the bell names the unread count in English.
    const mine = await call<Notifications>(page, 'GET', '/api/v1/notifications');
    assert.ok(mine.data.some((n) => n.kind === 'assistant.report.daily'));
    await page.getByRole('button', { name: `Notifications, ${mine.unread} unread` }).waitFor();
    await page.goto(`${url}/settings?tab=assistant`);
    await page.getByRole('tab', { name: 'Account' }).waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Assistant' }).count(), 0);
    assert.equal(await page.getByTestId('assistant-logs').count(), 0);
  } finally {
    await english.close();
  }
});
