import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO } from '../../server/src/demo.ts';
import type { TestApp } from '../../server/test/helpers.ts';
import { signIn, skip, withDemoBrowser } from './browser.ts';

let app: TestApp;
let url: string;
let context: BrowserContext;

// The demo runs with no language model configured: the built-in planner answers the chat and
// the query box answers its examples. This context is Spanish.
withDemoBrowser({ context: { locale: 'es-ES' }, language: 'es' }, (s) => {
  ({ app, url, context } = s);
});

type Paged<T> = { data: T[]; pagination: { total: number } };
type BufferRow = { sku: string; location_code: string };
type Suggestion = { id: string; sku: string; location_code: string; status: string };

const tokenOf = (page: Page) =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem('flujo.session') ?? '{}').token as string);

/** A GET of the API with the page's own session. */
const get = async <T>(page: Page, path: string): Promise<T> => {
  const res = await page.request.get(`${url}${path}`, {
    headers: { authorization: `Bearer ${await tokenOf(page)}` },
  });
  assert.equal(res.status(), 200, path);
  return (await res.json()) as T;
};

const openAssistant = async (page: Page, email = DEMO.email) => {
  await signIn(page, url, { email, password: app.demo.password }, 'es');
  await page.getByRole('navigation').getByRole('link', { name: 'Asistente' }).click();
  await page.getByTestId('assistant-page').waitFor();
};

/** Asks in the chat box with Enter and waits for the whole answer (the stream's `done`). */
const ask = async (page: Page, question: string) => {
  const answers = page.getByTestId('chat-answer');
  const before = await answers.count();
  await page.getByLabel('Tu pregunta').fill(question);
  await page.getByLabel('Tu pregunta').press('Enter');
  const answer = answers.nth(before);
  await answer.and(page.locator('[data-streaming="false"]')).waitFor();
  return answer;
};

/** Each buffer card's SKU and location, in the order shown. */
const bufferCards = (scope: ReturnType<Page['locator']>) =>
  scope
    .getByTestId('buffer-card')
    .evaluateAll((cards) =>
      cards.map((c) => `${c.getAttribute('data-sku')}@${c.getAttribute('data-location')}`),
    );

test('en español, «¿Qué productos están en rojo?» muestra los buffers en rojo del tablero y la respuesta es del asistente integrado', {
  skip,
}, async () => {
  const page = await context.newPage();
  await openAssistant(page);
  await page.getByTestId('chat-starters').getByText('¿Qué productos están en rojo?').waitFor();

  const answer = await ask(page, '¿Qué productos están en rojo?');
  const red = await get<Paged<BufferRow>>(page, '/api/v1/buffers?zone=red');
  assert.ok(red.data.length > 0, 'the demo has red buffers');
  const expected = red.data.map((b) => `${b.sku}@${b.location_code}`);
  assert.deepEqual(
    await bufferCards(answer),
    expected,
    'the cards are the first page of red buffers, in order',
  );
  assert.equal(await answer.getByTestId('card-zone').first().getAttribute('data-value'), 'red');
  await answer.getByTestId('buffer-bar').first().waitFor();

  const badge = answer.getByTestId('route-badge');
  assert.equal(await badge.getAttribute('data-target'), 'offline');
  await badge.getByText('Fuera de línea').waitFor();
  // The tool the planner called, with its summary on demand.
  const chip = answer.getByTestId('tool-chip').filter({ has: page.getByText('buffers_in_zone') });
  assert.equal(await chip.getAttribute('data-ok'), 'true');
  await chip.getByRole('button').click();
  await chip.getByText(`${red.pagination.total} en rojo`).waitFor();

  // A new conversation empties the thread; the old one, opened from the list, comes back with its cards.
  await page.getByRole('button', { name: 'Nueva conversación' }).click();
  await page.getByTestId('chat-starters').waitFor();
  await page
    .getByTestId('conversation')
    .filter({ hasText: '¿Qué productos están en rojo?' })
    .getByTestId('conversation-open')
    .click();
  const reloaded = page.getByTestId('chat-answer').first();
  await reloaded.getByTestId('buffer-card').first().waitFor();
  assert.deepEqual(await bufferCards(reloaded), expected);
  await page.getByTestId('chat-question').getByText('¿Qué productos están en rojo?').waitFor();
  await page.close();
});

test('en español, aprobar una sugerencia abierta desde el chat pide confirmación y la aprueba', {
  skip,
}, async () => {
  const page = await context.newPage();
  await openAssistant(page);
  const open = await get<Paged<Suggestion>>(page, '/api/v1/replenishment-suggestions?status=OPEN&limit=1');
  const suggestion = open.data[0];
  assert.ok(suggestion, 'the demo has an open suggestion');

  const message = `aprueba la sugerencia de ${suggestion.sku} en ${suggestion.location_code}`;
  const answer = await ask(page, message);
  const proposal = answer.getByTestId('proposal-card');
  await proposal.and(page.locator('[data-status="proposed"]')).waitFor();
  assert.match(
    (await proposal.getByTestId('proposal-summary').textContent()) ?? '',
    new RegExp(suggestion.sku),
  );

  await proposal.getByRole('button', { name: 'Aprobar' }).click();
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.getByRole('heading', { name: '¿Hacer este cambio?' }).waitFor();
  await dialog.getByRole('button', { name: 'Confirmar' }).click();
  await dialog.waitFor({ state: 'detached' });
  await proposal.and(page.locator('[data-status="executed"]')).waitFor();
  await page.getByText('Hecho: el cambio se aplicó').waitFor();
  assert.equal(
    await proposal.getByRole('button', { name: 'Aprobar' }).count(),
    0,
    'a done proposal has no buttons',
  );
  // The suggestion's card in the same answer follows what the route did.
  const statuses = await answer
    .locator(
      `[data-testid="suggestion-card"][data-sku="${suggestion.sku}"][data-location="${suggestion.location_code}"]`,
    )
    .getByTestId('suggestion-status')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
  assert.ok(statuses.length > 0, 'the answer shows the suggestion');
  assert.ok(
    statuses.every((s) => s === 'APPROVED'),
    `the suggestion's cards say approved: ${statuses}`,
  );

  const still = await get<Paged<Suggestion>>(page, '/api/v1/replenishment-suggestions?status=OPEN&limit=100');
  assert.ok(!still.data.some((s) => s.id === suggestion.id), 'the suggestion is no longer open');
  const approved = await get<Paged<Suggestion>>(
    page,
    '/api/v1/replenishment-suggestions?status=APPROVED&limit=100',
  );
  assert.ok(
    approved.data.some((s) => s.id === suggestion.id),
    'the suggestion is approved',
  );

  // Reopened, the conversation shows the proposal as done; deleted, it leaves the list.
  const item = page.getByTestId('conversation').filter({ hasText: message });
  await page.getByRole('button', { name: 'Nueva conversación' }).click();
  await item.getByTestId('conversation-open').click();
  await page
    .getByTestId('proposal-card')
    .and(page.locator('[data-status="executed"]'))
    .getByText('Hecho')
    .waitFor();
  await item.getByRole('button', { name: `Eliminar la conversación «${message}»` }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Eliminar' }).click();
  await item.waitFor({ state: 'detached' });
  await page.getByTestId('chat-starters').waitFor();
  const left = await get<Paged<{ title: string }>>(page, '/api/v1/ai/conversations?limit=100');
  assert.ok(!left.data.some((c) => c.title === message), 'the conversation is gone');
  await page.close();
});

test('la pestaña de consulta ejecuta el ejemplo de los productos en rojo y muestra su SQL y una fila por buffer en rojo', {
  skip,
}, async () => {
  const page = await context.newPage();
  await openAssistant(page);
  await page.getByRole('tab', { name: 'Consulta' }).click();
  await page.waitForURL(/[?&]tab=query\b/);
  await page.getByTestId('query-example').getByText('¿Qué productos están en rojo?').click();

  await page.getByTestId('query-result').waitFor();
  assert.match(
    (await page.getByTestId('query-sql').textContent()) ?? '',
    /from ai_buffers\s+where zone = 'red'/,
  );
  await page.getByText('Buffers en zona roja, los más penetrados primero.').waitFor();
  const red = await get<Paged<BufferRow>>(page, '/api/v1/buffers?zone=red&limit=1');
  assert.equal(await page.getByTestId('query-row').count(), red.pagination.total);
  assert.equal(
    await page.getByTestId('query-count').getAttribute('data-value'),
    String(red.pagination.total),
  );
  await page.getByTestId('query-table').getByRole('columnheader', { name: 'sku' }).waitFor();

  // The rows download as CSV made in the browser: a heading line and one line per row.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('query-csv').click(),
  ]);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  const lines = (await readFile(path, 'utf8')).trim().split('\r\n');
  assert.equal(lines.length, red.pagination.total + 1);
  assert.match(lines[0] ?? '', /sku,product_name,location_code/);
  await page.close();

  // A role without ai-query:execute has the chat alone.
  const viewer = await context.newPage();
  await openAssistant(viewer, DEMO.viewer);
  await viewer.getByTestId('chat-tab').waitFor();
  assert.equal(await viewer.getByRole('tab', { name: 'Consulta' }).count(), 0);
  await viewer.close();
});
