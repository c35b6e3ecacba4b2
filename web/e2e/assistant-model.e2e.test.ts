import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { DEMO } from '../../server/src/demo.ts';
import { type FakeLlm, startFakeLlm } from '../../server/test/fake-llm.ts';
import type { TestApp } from '../../server/test/helpers.ts';
import { signIn, skip, withDemoBrowser } from './browser.ts';

let app: TestApp;
let url: string;
let context: BrowserContext;

// A scripted cloud model, so the answer streams as a model's does. This context is English.
const cloud: FakeLlm | undefined = skip ? undefined : await startFakeLlm();
withDemoBrowser(
  {
    context: { locale: 'en-GB' },
    language: 'en',
    env: cloud ? { LLM_BASE_URL: cloud.url, LLM_MODEL: 'cloud-model', LLM_TIMEOUT_MS: '20000' } : {},
  },
  (s) => {
    ({ app, url, context } = s);
  },
);
after(async () => {
  await cloud?.close();
});

test('in English a cloud model calls a tool, its answer streams in, and the box waits until it is done', {
  skip,
}, async () => {
  assert.ok(cloud);
  const page = await context.newPage();
  await signIn(page, url, { email: DEMO.email, password: app.demo.password }, 'en');
  await page.goto(`${url}/assistant`);
  await page.getByTestId('chat-starters').waitFor();

  const answer = 'Nine buffers are in the red; BOM-LED-9W at VLC-001 is the most penetrated.';
  cloud.reply({
    kind: 'tools',
    shape: 'fragments',
    calls: [{ name: 'buffers_in_zone', arguments: { zones: ['red'] } }],
  });
  cloud.reply({ kind: 'text', text: answer, chunks: 6 });
  await page.getByTestId('chat-starter').filter({ hasText: 'Which products are in the red?' }).click();

  const reply = page.getByTestId('chat-answer').first();
  await reply.and(page.locator('[data-streaming="false"]')).waitFor();
  assert.equal(await reply.getByTestId('chat-answer-text').textContent(), answer);
  const badge = reply.getByTestId('route-badge');
  assert.equal(await badge.getAttribute('data-target'), 'cloud');
  await badge.getByText('Cloud model · cloud-model').waitFor();
  assert.equal(
    await reply.getByTestId('tool-chip').filter({ hasText: 'buffers_in_zone' }).getAttribute('data-ok'),
    'true',
  );
  assert.ok((await reply.getByTestId('buffer-card').count()) > 0, 'the tool’s buffers show as cards');
  assert.equal(await page.getByLabel('Your question').isEnabled(), true);

  // A model that stops mid-answer: what it sent shows while the box waits, then the built-in
  // planner answers in its place.
  cloud.reply({ kind: 'stall', after: 'Let me look at the open suggestions' });
  await page.getByLabel('Your question').fill('Open suggestions');
  await page.getByLabel('Your question').press('Enter');
  const second = page.getByTestId('chat-answer').nth(1);
  await second.getByText('Let me look at the open suggestions').waitFor();
  assert.equal(await second.getAttribute('data-streaming'), 'true');
  assert.equal(await page.getByLabel('Your question').isDisabled(), true, 'one question at a time');
  await second.and(page.locator('[data-streaming="false"]')).waitFor({ timeout: 60_000 });
  assert.equal(await second.getByTestId('route-badge').getAttribute('data-target'), 'offline');
  await second.getByTestId('suggestion-card').first().waitFor();
  await page.close();
});
