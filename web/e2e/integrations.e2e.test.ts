import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  type CompanyDatabase,
  freshCompanyDatabase,
  server as firebird,
  skip as noFirebird,
} from '../../server/src/modules/integrations/microsip/microsip.fixture.ts';
import { verify } from '../../server/src/modules/integrations/domain/webhooks.ts';
import type { TestApp } from '../../server/test/helpers.ts';
import { signIn, skip, withDemoBrowser } from './browser.ts';

let app: TestApp;
let url: string;
let browser: Browser;
let context: BrowserContext;

// The demo tenant (stores MAD-001, MAD-002…) in Spanish; the English run opens its own context.
// Webhooks may reach this machine, where the webhook test's receiver listens.
withDemoBrowser(
  {
    launch: { backgroundTabs: true },
    context: { locale: 'es-ES', acceptDownloads: true },
    language: 'es',
    env: { WEBHOOK_ALLOW_PRIVATE: 'true' },
  },
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

/** The demo admin's call to the API, as another system would make it. */
const callApi = async (method: 'GET' | 'POST', url: string, payload?: object) => {
  const token = await app.tokenFor({ tenantId: app.demo.tenantId, userId: app.demo.adminUserId });
  return app.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
};

/** What the API says is on hand of a SKU at a store. */
const onHand = async (sku: string, store: string) => {
  const r = await callApi('GET', `/api/v1/inventory?search=${sku}&location=${store}`);
  const rows = (r.json() as { data: { sku: string; location: string; on_hand: string }[] }).data;
  return rows.find((x) => x.sku === sku && x.location === store)?.on_hand;
};

test('a stock spreadsheet goes through upload, review, dry run, error file and a load of its valid rows', {
  skip,
}, async () => {
  const page = await context.newPage();
  await signIn(page, url, admin(), 'es');
  await page.getByRole('link', { name: 'Integraciones', exact: true }).click();
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
  await page.getByRole('link', { name: 'Integraciones', exact: true }).click();
  const row = page.locator('[data-testid^="import-row-"]', { hasText: 'Existencias SUC MAD-001.xlsx' });
  await row.locator('[data-testid="import-status"][data-status="completed"]').waitFor();
  await row.getByRole('link', { name: 'Existencias SUC MAD-001.xlsx' }).click();
  await page.locator('[data-testid="import-wizard"][data-step="commit"]').waitFor();
  await page.close();
});

test('a bill of materials file loads its valid lines, and its loop is shown on its row', {
  skip,
}, async () => {
  const ids: Record<string, string> = {};
  for (const sku of ['WEB-BOM-MESA', 'WEB-BOM-PATA', 'WEB-BOM-TORNILLO']) {
    const r = await callApi('POST', '/api/v1/products', { sku, name: sku });
    assert.equal(r.statusCode, 201, r.body);
    ids[sku] = (r.json() as { id: string }).id;
  }
  const page = await context.newPage();
  await signIn(page, url, admin(), 'es');
  await page.goto(`${url}/integrations/imports/new`);
  await page.getByLabel('Archivo de hoja de cálculo').setInputFiles({
    name: 'lista de materiales.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'Producto terminado,Componente,Cantidad\nWEB-BOM-MESA,WEB-BOM-PATA,4\nWEB-BOM-PATA,WEB-BOM-TORNILLO,2\nWEB-BOM-TORNILLO,WEB-BOM-MESA,1\n',
    ),
  });
  await page.getByRole('button', { name: 'Subir y revisar' }).click();

  // The review names the kind and says what the file does; it offers no product creation.
  await page.getByRole('heading', { name: 'Revisa lo detectado' }).waitFor();
  assert.equal(await page.getByLabel('Qué contiene el archivo').inputValue(), 'boms');
  await page.getByTestId('kind-note').getByText('no se crean productos', { exact: false }).waitFor();
  assert.equal(await page.getByTestId('create-products').count(), 0);

  // The third row would make the screw out of the table that needs it.
  await page.getByRole('button', { name: 'Comprobar filas' }).click();
  await page.locator('[data-testid="check-invalid"][data-value="1"]').waitFor();
  assert.match((await page.getByTestId('problem-4').textContent()) ?? '', /Componente.*WEB-BOM-MESA.*ciclo/);

  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByLabel('Solo filas válidas').check();
  await page.getByRole('button', { name: 'Cargar', exact: true }).click();
  await page.locator('[data-testid="import-progress"][data-status="completed"]').waitFor({ timeout: 60_000 });
  const result = page.getByTestId('import-result');
  assert.deepEqual(
    [await result.getAttribute('data-created'), await result.getAttribute('data-failed')],
    ['2', '1'],
  );
  const boms = (await callApi('GET', `/api/v1/boms?product_id=${ids['WEB-BOM-MESA']}`)).json() as {
    data: { location_id: string | null; lines: { sku: string; quantity: string }[] }[];
  };
  assert.deepEqual(
    boms.data.map((b) => [b.location_id, b.lines.map((l) => `${l.sku}×${l.quantity}`)]),
    [[null, ['WEB-BOM-PATA×4']]],
  );
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

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A receiving system on this machine that is down for its first request and up after. */
const flakyReceiver = async () => {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = received.length === 1 ? 503 : 200;
      res.end(received.length === 1 ? 'down for maintenance' : 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { received, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/flujo` };
};

test('a webhook made in the browser shows its secret once, logs a refused delivery, and replays it signed', {
  skip,
}, async () => {
  const receiver = await flakyReceiver();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  const page = await context.newPage();
  try {
    await signIn(page, url, admin(), 'es');
    await page.goto(`${url}/integrations`);
    await page.getByRole('link', { name: 'Administrar webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();

    // An event list that is not one refuses before anything is sent.
    await page.getByTestId('webhook-new').click();
    const dialog = page.getByTestId('webhook-dialog');
    await dialog.getByLabel('URL', { exact: true }).fill(receiver.url);
    await dialog.getByLabel('Eventos', { exact: true }).fill('Inventario');
    await dialog.getByTestId('dialog-submit').click();
    await dialog.getByText('Cada línea debe ser un evento', { exact: false }).waitFor();
    await dialog.getByLabel('Eventos', { exact: true }).fill('inventory.*');
    await dialog.getByLabel('Descripción').fill('ERP de pruebas');
    await dialog.getByTestId('dialog-submit').click();

    // The secret, once, with a copy button that puts it on the clipboard.
    const shown = page.getByTestId('webhook-secret-dialog');
    await shown.getByText('no se volverá a mostrar', { exact: false }).waitFor();
    const secret = await shown.getByTestId('webhook-secret').inputValue();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    await shown.getByRole('button', { name: 'Copiar' }).click();
    await shown.getByText('Copiado al portapapeles.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    await shown.getByRole('button', { name: 'Ya lo guardé' }).click();
    await shown.waitFor({ state: 'detached' });
    const row = page.locator('tr[data-testid^="webhook-row-"]', { hasText: receiver.url });
    await row.getByText('ERP de pruebas').waitFor();
    await row.getByText('inventory.*').waitFor();
    assert.equal((await page.content()).includes(secret), false, 'the secret is gone from the page');

    // Stock moves through the API; its event reaches the receiver, which is down.
    const products = await callApi('GET', '/api/v1/products?limit=1');
    const productId = (products.json() as { data: { id: string }[] }).data[0]?.id;
    assert.ok(productId, products.body);
    const moved = await callApi('POST', '/api/v1/stock', {
      product_id: productId,
      store_id: 'MAD-001',
      quantity_change: 3,
      reason: 'webhook e2e',
    });
    assert.equal(moved.statusCode, 200, moved.body);

    // The log shows the refused try with the receiver's answer, refreshing on its own.
    await row.getByRole('link', { name: 'Registro de envíos' }).click();
    await page.getByRole('heading', { name: receiver.url, level: 1 }).waitFor();
    const delivery = page.locator('tr[data-testid^="delivery-"]', {
      has: page.locator('[data-testid="attempt"][data-status="503"]'),
    });
    await delivery.waitFor({ timeout: 30_000 });
    await delivery.getByText('down for maintenance').waitFor();
    await page
      .getByTestId('delivery-event')
      .getByText('inventory.stock.updated', { exact: true })
      .first()
      .waitFor();

    // Replay sends it again now (a scheduled retry may have come first: replay sends once more).
    const before = receiver.received.length;
    await delivery.getByRole('button', { name: 'Reenviar' }).click();
    await delivery
      .locator('[data-testid="delivery-status"][data-status="delivered"]')
      .waitFor({ timeout: 30_000 });
    await delivery.locator('[data-testid="attempt"][data-status="200"]').first().waitFor();
    assert.ok(receiver.received.length > before, 'the replay reached the receiver');

    // Every try is the same message, signed with the secret that was shown.
    const tries = receiver.received.filter(
      (r) => r.headers['webhook-id'] === receiver.received[0]?.headers['webhook-id'],
    );
    assert.ok(tries.length >= 2, `${tries.length} tries of the message`);
    for (const r of tries) {
      const msg = {
        id: String(r.headers['webhook-id']),
        timestamp: String(r.headers['webhook-timestamp']),
        signature: String(r.headers['webhook-signature']),
      };
      assert.equal(verify([secret], msg, r.body), 'ok');
    }
    const sent = JSON.parse(tries[0]?.body ?? '{}') as { type?: string };
    assert.equal(sent.type, await delivery.getByTestId('delivery-event').textContent());
  } finally {
    await page.close();
    receiver.server.close();
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

/** An ERP's HTTP API on this machine: two pages of products behind a bearer token. */
const erpApi = async () => {
  const products = [
    { code: 'WEB-REST-1', description: 'Brass elbow 1/2', updated_at: '2026-01-05T10:00:00Z' },
    { code: 'WEB-REST-2', description: 'Brass tee 1/2', updated_at: '2026-01-05T10:00:00Z' },
    { code: 'WEB-REST-3', description: 'Ball valve 1/2', updated_at: '2026-01-06T10:00:00Z' },
  ];
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://erp');
    asked.push(u.pathname);
    res.setHeader('content-type', 'application/json');
    if (req.headers.authorization !== 'Bearer erp-token') {
      res.statusCode = 401;
      res.end('{"error":"unauthorised"}');
      return;
    }
    const page = Number(u.searchParams.get('page') ?? 1);
    const size = Number(u.searchParams.get('per_page') ?? 2);
    res.end(JSON.stringify({ data: products.slice((page - 1) * size, page * size) }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { asked, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1` };
};

test('in English a REST connection is made with its sign-in, pages and lists, tested, synced, and edited', {
  skip,
}, async () => {
  const erp = await erpApi();
  const english = await browser.newContext({ locale: 'en-GB' });
  await english.addInitScript(() => localStorage.setItem('flujo.lang', 'en'));
  try {
    const page = await english.newPage();
    await signIn(page, url, admin(), 'en');
    await page.goto(`${url}/integrations/connections`);
    await page.getByRole('heading', { name: 'ERP connections', level: 1 }).waitFor();
    await page.getByTestId('connection-new-rest').click();
    const dialog = page.getByTestId('rest-connection-dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Shop ERP');
    await dialog.getByLabel('API address').fill(erp.url);
    await dialog.getByLabel('Sign-in').selectOption('bearer');
    await dialog.getByLabel('Token').fill('erp-token');
    await dialog.getByLabel('Pages', { exact: true }).selectOption('page');
    await dialog.getByLabel('Schedule (cron, UTC)').fill('');
    // Lists that are not JSON are refused in the form, before anything is sent.
    await dialog.getByLabel('Lists to read (JSON)').fill('{ products: ');
    await dialog.getByTestId('dialog-submit').click();
    await dialog.getByText('Write a JSON object', { exact: false }).waitFor();
    // A list without the fields Flujo needs is refused by the server, naming the place.
    await dialog
      .getByLabel('Lists to read (JSON)')
      .fill(
        JSON.stringify({ products: { path: '/products', records_path: 'data', fields: { sku: 'code' } } }),
      );
    await dialog.getByTestId('dialog-submit').click();
    await dialog
      .getByTestId('problem')
      .getByText('rest.resources.products.fields', { exact: false })
      .waitFor();
    await dialog.getByLabel('Lists to read (JSON)').fill(
      JSON.stringify({
        products: { path: '/products', records_path: 'data', fields: { sku: 'code', name: 'description' } },
      }),
    );
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });

    const card = page.getByTestId('connection-Shop ERP');
    await card.getByText(erp.url).waitFor();
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.locator('[data-testid="connection-test-result"][data-ok="true"]').waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Sync now' }).click();
    const done = card.getByTestId('sync-job-completed');
    await done.waitFor({ timeout: 60_000 });
    assert.equal(await done.getByTestId('sync-processed').getAttribute('data-value'), '3');
    const listed = await callApi('GET', '/api/v1/products?search=WEB-REST');
    assert.deepEqual((listed.json() as { data: { sku: string }[] }).data.map((p) => p.sku).sort(), [
      'WEB-REST-1',
      'WEB-REST-2',
      'WEB-REST-3',
    ]);

    // Editing shows what was saved, but never the token; the sign-in changes to an API key.
    await card.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByTestId('rest-connection-dialog');
    assert.equal(await edit.getByLabel('API address').inputValue(), erp.url);
    assert.equal(await edit.getByLabel('Token').inputValue(), '');
    await edit.getByLabel('Sign-in').selectOption('api_key');
    await edit.getByLabel('Header name').fill('X-Api-Key');
    await edit.getByTestId('dialog-submit').click();
    await edit.waitFor({ state: 'detached' });
    const saved = await callApi('GET', '/api/v1/integrations/connections');
    const conn = (saved.json() as { data: { name: string; rest: { auth: object } }[] }).data.find(
      (c) => c.name === 'Shop ERP',
    );
    assert.deepEqual(conn?.rest.auth, { type: 'api_key', header: 'X-Api-Key' });
  } finally {
    await english.close();
    erp.server.close();
  }
});
