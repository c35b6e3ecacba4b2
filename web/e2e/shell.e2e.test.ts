import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../../server/test/server.ts';
import { launchBrowser, skip } from './browser.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;

before(async () => {
  if (skip) return;
  server = await startTestServer();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-US' });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the shell loads, signs in, and the language switch changes every string and sticks', {
  skip,
}, async () => {
  await page.goto(`${server.url}/planning`);
  await page.getByTestId('login-form').waitFor();
  assert.equal(
    await page.locator('h1').textContent(),
    'Sign in',
    'unauthenticated deep links land on sign-in',
  );

  await page.getByTestId('lang-switch').selectOption('es');
  await page.locator('h1', { hasText: 'Iniciar sesión' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  await page.getByTestId('lang-switch').selectOption('en');
  await page.locator('h1', { hasText: 'Sign in' }).waitFor();

  await page.getByLabel('Email').fill('not-an-email');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Enter a valid email address').waitFor();

  await page.getByLabel('Email').fill(server.login.email);
  await page.getByLabel('Password', { exact: true }).fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();

  await page.getByLabel('Password', { exact: true }).fill(server.login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('app-shell').waitFor();
  await page.locator('h1', { hasText: 'Dashboard' }).waitFor();
  await page.getByTestId('cockpit').waitFor();
  assert.match((await page.getByTestId('tenant-name').textContent()) ?? '', /Demo/);

  await page.getByTestId('lang-switch').selectOption('es');
  await page.locator('h1', { hasText: 'Panel' }).waitFor();
  await page.getByRole('link', { name: 'Planificación' }).click();
  await page.locator('h1', { hasText: 'Planificación' }).waitFor();

  await page.reload();
  await page.locator('h1', { hasText: 'Planificación' }).waitFor();
  assert.equal(await page.getByTestId('lang-switch').inputValue(), 'es', 'the choice survives a reload');

  // The admin's settings hold the access administration.
  await page.getByRole('link', { name: 'Configuración' }).click();
  await page.getByRole('tab', { name: 'Roles' }).click();
  await page.getByTestId('roles-admin').getByText('Planner').waitFor();
  await page.getByRole('tab', { name: 'Organización' }).click();
  await page.getByTestId('org-settings').waitFor();
});

test('the demo planner signs in to the shell in their own language and sees only their settings', {
  skip,
}, async () => {
  const context = await browser.newContext({ locale: 'es-ES' });
  const p = await context.newPage();
  await p.goto(`${server.url}/login`);
  await p.getByTestId('login-form').waitFor();
  await p.getByLabel('Correo electrónico').fill('planner@demo.flujo.dev');
  await p.getByLabel('Contraseña', { exact: true }).fill(server.login.password);
  await p.getByRole('button', { name: 'Iniciar sesión' }).click();
  // The planner's profile language is English; with no saved choice it wins over the browser's.
  await p.locator('h1', { hasText: 'Dashboard' }).waitFor();
  await p.getByRole('link', { name: 'Settings' }).click();
  await p.getByTestId('profile-page').waitFor();
  assert.deepEqual(
    await p.getByRole('tab').allTextContents(),
    ['Account', 'System'],
    'no users or audit tabs for a planner',
  );
  await p.getByRole('button', { name: 'Account' }).click();
  await p.getByRole('menuitem', { name: 'Sign out' }).click();
  await p.getByTestId('login-form').waitFor();
  await p.getByRole('link', { name: 'New to Flujo? Create an organisation' }).click();
  await p.getByTestId('register-form').waitFor();
  await context.close();
});
