import fs from 'node:fs';
import { after, before } from 'node:test';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { buildTestApp, type TestApp } from '../../server/test/helpers.ts';

/** Debian's Chromium: the project cannot download a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
// CI installs Chromium and sets FLUJO_REQUIRE_BROWSER, so a missing browser fails there.
if (!available && process.env.FLUJO_REQUIRE_BROWSER) throw new Error(`Chromium is required at ${CHROMIUM}`);

/** `skip` for a browser test: false, or why it cannot run here. */
export const skip = available ? false : `Chromium not installed at ${CHROMIUM} (apt-get install chromium)`;

/**
 * Headless Chromium as this machine allows it: no sandbox (root), no background networking
 * (the network is closed), and optionally tabs in the back that keep their timers running.
 */
export const launchBrowser = (opts: { backgroundTabs?: boolean } = {}) =>
  chromium.launch({
    headless: true,
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(opts.backgroundTabs
        ? ['--disable-background-timer-throttling', '--disable-renderer-backgrounding']
        : []),
    ],
  });

export type DemoBrowser = { app: TestApp; url: string; browser: Browser; context: BrowserContext };

/**
 * The demo tenant served on a free port and a browser with one context, started before a
 * file's tests (after `seed` adds what they need) and closed after them; `ready` hands them over.
 */
export const withDemoBrowser = (
  opts: {
    launch?: { backgroundTabs?: boolean };
    context?: BrowserContextOptions;
    seed?: (app: TestApp) => Promise<void>;
    /** The language every page of the context starts in, whatever the signed-in user's profile says. */
    language?: 'es' | 'en';
    /** Settings the app starts with beside the test defaults (`WEBHOOK_ALLOW_PRIVATE`, say). */
    env?: Record<string, string>;
  },
  ready: (s: DemoBrowser) => void,
) => {
  let s: Partial<DemoBrowser> = {};
  before(async () => {
    if (skip) return;
    const app = await buildTestApp({ demoData: true, env: opts.env });
    s.app = app;
    const url = await app.app.listen({ port: 0, host: '127.0.0.1' });
    await opts.seed?.(app);
    const browser = await launchBrowser(opts.launch);
    const context = await browser.newContext(opts.context);
    const language = opts.language;
    if (language) await context.addInitScript((l) => localStorage.setItem('flujo.lang', l), language);
    s = { app, url, browser, context };
    ready(s as DemoBrowser);
  });
  after(async () => {
    await s.context?.close();
    await s.browser?.close();
    await s.app?.close();
  });
};

const SIGN_IN = {
  es: { email: 'Correo electrónico', password: 'Contraseña', submit: 'Iniciar sesión' },
  en: { email: 'Email', password: 'Password', submit: 'Sign in' },
} as const;

/** Signs a user in through the sign-in form, whose labels are in the context's language. */
export const signIn = async (
  page: Page,
  url: string,
  user: { email: string; password: string },
  lang: keyof typeof SIGN_IN,
) => {
  const l = SIGN_IN[lang];
  await page.goto(`${url}/login`);
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel(l.email).fill(user.email);
  await page.getByLabel(l.password, { exact: true }).fill(user.password);
  await page.getByRole('button', { name: l.submit }).click();
  await page.getByTestId('app-shell').waitFor();
};
