import fs from 'node:fs';
import { chromium } from 'playwright-core';

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
