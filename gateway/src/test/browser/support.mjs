// What every browser scenario shares: Debian's headless Chromium, and waiting for a condition.

import { chromium } from 'playwright-core';

/** Starts Debian's Chromium headless, as the tests run it (no sandbox in CI containers, no network of its own). */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Calls `fn` every 100 ms until it returns something truthy (returned), or fails after `timeout` ms naming `what`. */
export async function until(fn, what, timeout) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}
