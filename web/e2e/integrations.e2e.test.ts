import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  type CompanyDatabase,
  freshCompanyDatabase,
  server as firebird,
  skip as noFirebird,
} from '../../server/src/modules/integrations/microsip/microsip.fixture.ts';
import type { TestApp } from '../../server/test/helpers.ts';
import { signIn, skip, withDemoBrowser } from './browser.ts';

let app: TestApp;
let url: string;
let browser: Browser;
let context: BrowserContext;

// The demo tenant (stores MAD-001, MAD-002…) in Spanish; the English run opens its own context.
withDemoBrowser(
  { launch: { backgroundTabs: true }, context: { locale: 'es-ES', acceptDownloads: true }, language: 'es' },
  (s) => {
    ({ app, url, browser, context } = s);
  },
);

const admin = () => ({ email: app.demo.email, password: app.demo.password });

/** A stock export as Microsip-era spreadsheets come: a title row, then the headers, then the rows. */
const stockWorkbook = async () => {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('Hoja1');
  for (const row of [
    ['Existencias por sucursal'],
    ['Clave', 'Descripción', 'Existencia'],
    ['WEB-IMP-1', 'Codo PVC 1/2', 12],
    ['WEB-IMP-2', 'Tee PVC 1/2', 5],
    ['WEB-IMP-3', 'Cople PVC 1/2', 7.5],
    ['WEB-IMP-4', 'Válvula esfera', 'doce'],
  ])
    ws.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
};

/** What the API says is on hand of a SKU at a store. */
const onHand = async (sku: string, store: string) => {
  const token = await app.tokenFor({ tenantId: app.demo.tenantId, userId: app.demo.adminUserId });
  const r = await app.app.inject({
    method: 'GET',
    url: `/api/v1/inventory?search=${sku}&location=${store}`,
    headers: { authorization: `Bearer ${token}` },
  });
  const rows = (r.json() as { data: { sku: string; location: string; on_hand: string }[] }).data;
  return rows.find((x) => x.sku === sku && x.location === store)?.on_hand;
};

test('a stock spreadsheet goes through upload, review, dry run, error file and a load of its valid rows', {
  skip,
}, async () => {
  const page = await context.newPage();
  await signIn(page, url, admin(), 'es');
  await page.getByRole('link', { name: 'Integraciones' }).click();
  await page.getByTestId('integrations-page').waitFor();
  await page.getByTestId('import-start').click();

  // Step 1: the file goes in through the labelled file input.
  await page.getByRole('heading', { name: 'Elige el archivo' }).waitFor();
  await page.getByLabel('Archivo de hoja de cálculo').setInputFiles({
    name: 'Existencias SUC MAD-001.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await stockWorkbook(),
  });
  await page.getByTestId('chosen-file').getByText('Existencias SUC MAD-001.xlsx', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Subir y revisar' }).click();

  // Step 2: the kind from the headers, the store from the file name; focus is on the new step.
  const heading = page.getByRole('heading', { name: 'Revisa lo detectado' });
  await heading.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Revisa lo detectado');
  assert.equal(await page.getByLabel('Qué contiene el archivo').inputValue(), 'inventory');
  assert.equal(await page.getByTestId('preview-store').inputValue(), 'MAD-001');
  assert.equal(await page.getByTestId('mapping-Existencia').inputValue(), 'on_hand');
  assert.equal(await page.getByTestId('mapping-Clave').inputValue(), 'sku');
  assert.ok(await page.getByTestId('create-products').isChecked());
  await page.getByTestId('sample-table').getByText('doce').waitFor();

  // Step 3: the dry run finds the one bad row and says why.
  await page.getByRole('button', { name: 'Comprobar filas' }).click();
  await page.getByRole('heading', { name: 'Prueba sin escribir' }).waitFor();
  await page.locator('[data-testid="check-invalid"][data-value="1"]').waitFor();
  assert.equal(await page.getByTestId('check-valid').getAttribute('data-value'), '3');
  const problem = page.getByTestId('problem-6');
  await problem.waitFor();
  assert.match((await problem.textContent()) ?? '', /Existencia.*doce.*número/i);

  // The full error file, fetched with the session's token, names the row and the column.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('wizard-check').getByTestId('error-file-csv').click(),
  ]);
  const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
  const lines = csv.trim().split(/\r?\n/);
  assert.equal(lines[0], 'Fila,Columna,Valor,Problema');
  assert.match(lines[1] ?? '', /^6,Existencia,doce,/);

  // Step 4: all or nothing is not offered while a row is bad; only the valid rows go in.
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByRole('heading', { name: 'Cargar las filas' }).waitFor();
  assert.ok(await page.getByLabel('Todo o nada').isDisabled());
  await page.getByLabel('Solo filas válidas').check();
  await page.getByRole('button', { name: 'Cargar', exact: true }).click();
  await page.locator('[data-testid="import-progress"][data-status="completed"]').waitFor({ timeout: 60_000 });
  const result = page.getByTestId('import-result');
  // Three new products with their stock; the bad row is the one that failed.
  assert.deepEqual(
    [await result.getAttribute('data-created'), await result.getAttribute('data-failed')],
    ['3', '1'],
  );
  assert.equal(await page.getByLabel('Avance').getAttribute('value'), '100');
  assert.equal(await onHand('WEB-IMP-1', 'MAD-001'), '12');
  assert.equal(await onHand('WEB-IMP-3', 'MAD-001'), '7.5');
  assert.equal(await onHand('WEB-IMP-4', 'MAD-001'), undefined);

  // The inventory page shows the new stock too.
  await page.getByRole('link', { name: 'Inventario' }).click();
  await page.getByTestId('inventory-search').fill('WEB-IMP-1');
  await page.getByTestId('stock-row-WEB-IMP-1-MAD-001').waitFor();

  // The history lists the import as completed, and its row reopens the wizard at the last step.
  await page.getByRole('link', { name: 'Integraciones' }).click();
  const row = page.locator('[data-testid^="import-row-"]', { hasText: 'Existencias SUC MAD-001.xlsx' });
  await row.locator('[data-testid="import-status"][data-status="completed"]').waitFor();
  await row.getByRole('link', { name: 'Existencias SUC MAD-001.xlsx' }).click();
  await page.locator('[data-testid="import-wizard"][data-step="commit"]').waitFor();
  await page.close();
});

test('in English the upload step speaks English, Enter on the drop zone opens the chooser, and files that are not spreadsheets are refused', {
  skip,
}, async () => {
  const english = await browser.newContext({ locale: 'en-GB' });
  await english.addInitScript(() => localStorage.setItem('flujo.lang', 'en'));
  try {
    const page = await english.newPage();
    await signIn(page, url, admin(), 'en');
    await page.goto(`${url}/integrations`);
    await page.getByRole('link', { name: 'Import a file' }).click();
    await page.getByRole('heading', { name: 'Choose the file' }).waitFor();
    await page.getByLabel('Spreadsheet file').waitFor();

    // Enter on the drop zone opens the file chooser: it clicks the file input for the user.
    const input = page.getByLabel('Spreadsheet file');
    await input.evaluate((el) => el.addEventListener('click', () => el.setAttribute('data-opened', 'yes')));
    await page.getByRole('button', { name: /Drop zone/ }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await input.getAttribute('data-opened'), 'yes');
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.getByRole('alert').getByText('This is not a spreadsheet', { exact: false }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Upload and review' }).isDisabled());

    // A picture renamed .xlsx passes the name check; the server reads its bytes and refuses it.
    await input.setInputFiles({
      name: 'photo.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
    });
    await page.getByRole('button', { name: 'Upload and review' }).click();
    await page
      .getByTestId('problem')
      .getByText('not a spreadsheet Flujo can read', { exact: false })
      .waitFor();
  } finally {
    await english.close();
  }
});

// A Microsip company database on the real Firebird server, connected and synced from the UI.
describe('an ERP connection made in the browser', { skip: skip || noFirebird }, () => {
  let company: CompanyDatabase | undefined;
  after(async () => {
    await company?.drop();
  });

  test('is created, tested, and synced in full, with the job’s counts in its history', async () => {
    company = await freshCompanyDatabase('web_sync');
    const fb = firebird as NonNullable<typeof firebird>;
    const page = await context.newPage();
    await signIn(page, url, admin(), 'es');
    await page.goto(`${url}/integrations`);
    await page.getByRole('link', { name: 'Administrar conexiones' }).click();
    await page.getByRole('heading', { name: 'Conexiones ERP', level: 1 }).waitFor();

    await page.getByTestId('connection-new').click();
    const dialog = page.getByTestId('connection-dialog');
    await dialog.getByLabel('Nombre').fill('Ferretería matriz');
    await dialog.getByLabel('Servidor').fill(fb.host);
    await dialog.getByLabel('Puerto').fill(String(fb.port));
    await dialog.getByLabel('Ruta de la base de datos').fill(company.database);
    await dialog.getByLabel('Usuario').fill(fb.user);
    await dialog.getByLabel('Contraseña').fill(fb.password);
    // On demand only: no scheduled run may start beside the one this test asks for.
    await dialog.getByLabel('Horario (cron, UTC)').fill('');
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });

    const card = page.getByTestId('connection-Ferretería matriz');
    await card.getByRole('button', { name: 'Probar conexión' }).click();
    await card.locator('[data-testid="connection-test-result"][data-ok="true"]').waitFor({ timeout: 30_000 });

    await card.getByRole('button', { name: 'Sincronizar ahora' }).click();
    const done = card.getByTestId('sync-job-completed');
    await done.waitFor({ timeout: 90_000 });
    const processed = Number(await done.getByTestId('sync-processed').getAttribute('data-value'));
    assert.ok(processed > 0, `processed ${processed}`);
    await page.close();
  });
});
