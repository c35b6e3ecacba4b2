import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { DEMO } from '../../server/src/demo.ts';
import type { TestApp } from '../../server/test/helpers.ts';
import { signIn, skip, withDemoBrowser } from './browser.ts';

let app: TestApp;
let url: string;
let context: BrowserContext;

withDemoBrowser({ context: { locale: 'es-MX' }, language: 'es' }, (s) => {
  ({ app, url, context } = s);
});

test('a customer is created from the Customers page, a taken code shows on its field, and an edit retires it', {
  skip,
}, async () => {
  const page = await context.newPage();
  await signIn(page, url, { email: DEMO.email, password: app.demo.password }, 'es');
  await page.getByRole('navigation').getByRole('link', { name: 'Clientes', exact: true }).click();
  const list = page.getByTestId('customers-page');
  await list.waitFor();

  const fill = async (code: string, name: string, email: string) => {
    await page.getByTestId('customer-new').click();
    const dialog = page.getByTestId('customer-dialog');
    await dialog.getByLabel('Nombre').fill(name);
    await dialog.getByLabel('Código').fill(code);
    await dialog.getByLabel('Correo').fill(email);
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    return dialog;
  };
  const first = await fill('C-100', 'Ferretería La Peña', 'compras@lapena.mx');
  await first.waitFor({ state: 'detached' });
  await list.getByTestId('customer-row-C-100').waitFor();

  const second = await fill('C-100', 'Otro cliente', 'otro@ejemplo.mx');
  // On the code field and in the dialog's problem summary.
  await second.getByText('belongs to another customer').first().waitFor();
  assert.equal(await second.getByLabel('Código').getAttribute('aria-invalid'), 'true');
  await second.getByRole('button', { name: 'Cancelar' }).click();

  await page.getByTestId('customers-search').fill('peña');
  await list.getByTestId('customer-row-C-100').waitFor();
  await list.getByTestId('customer-edit-C-100').click();
  const edit = page.getByTestId('customer-dialog');
  await edit.getByLabel('Activo').uncheck();
  await edit.getByRole('button', { name: 'Guardar' }).click();
  await edit.waitFor({ state: 'detached' });
  await page.getByTestId('customers-tab-inactive').click();
  await list.getByTestId('customer-row-C-100').getByText('Inactivo').waitFor();
});
