// The supervisors' charts in Debian's headless Chromium: the standalone analytics page asks for the admin
// token, then charts.js draws every chart from the analytics API with the vendored Chart.js, under the
// gateway's Content-Security-Policy, and shows what citizens wrote as text, never as HTML.
// Run by AnalyticsBrowserTest as `node charts.spec.mjs <port> <admin-token> <screenshot-dir>`, after it
// filed appeals and asked unanswerable questions whose texts are HTML; exits non-zero on failure.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium } from './support.mjs';

const [port, token, shots] = process.argv.slice(2);
if (!port || !token || !shots) {
  console.error('usage: node charts.spec.mjs <port> <admin-token> <screenshot-dir>');
  process.exit(2);
}
const XSS = '<img src=x onerror=alert(1)>';
const TIMEOUT = 30_000;

const browser = await launchChromium();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 1800 } })).newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => {
  // the first requests have no token or a wrong one: their 401s are expected; failed loads are named below
  if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
});
page.on('response', (r) => {
  if (r.status() >= 400 && r.status() !== 401) problems.push(`${r.status()} for ${r.url()}`);
});
page.on('dialog', (d) => {
  problems.push(`a dialog opened: ${d.message()}`);
  d.dismiss();
});

try {
  await page.goto(`http://127.0.0.1:${port}/console/analytics.html`);
  // without a token the page asks for one
  await page.locator('#token').waitFor({ state: 'visible', timeout: TIMEOUT });
  await page.fill('#token', 'wrong-token-wrong-token');
  await page.click('#sign-in button[type=submit]');
  await page.locator('#sign-in-status').filter({ hasText: 'wrong' }).waitFor({ timeout: TIMEOUT });
  await page.fill('#token', token);
  await page.click('#sign-in button[type=submit]');
  await page.waitForFunction(() => document.getElementById('charts').dataset.updated, null, { timeout: TIMEOUT });

  const canvases = await page.locator('#charts canvas').count();
  assert.equal(canvases, 4, 'per day, rates, times, pain points');
  const drawn = await page.evaluate(() => [...document.querySelectorAll('#charts canvas')]
    .every((c) => c.width > 0 && c.height > 0 && globalThis.Chart.getChart(c) !== undefined));
  assert.ok(drawn, 'every canvas holds a Chart.js chart');
  const legend = await page.evaluate(() => globalThis.Chart.getChart(document.querySelector('#sl-chart-per-day canvas'))
    .data.datasets.map((d) => d.label));
  assert.ok(legend.includes('Streetlights'), `categories by name: ${legend}`);

  // what citizens wrote is text: the HTML shows as written and nothing was injected
  const pain = await page.locator('#sl-chart-pain-points').textContent();
  assert.ok(pain.includes(XSS), 'the appeal text as written, in the groups of similar appeals');
  const gaps = await page.locator('#sl-chart-knowledge-gaps').textContent();
  assert.ok(gaps.includes(XSS), 'the unanswered question as written');
  assert.equal(await page.locator('#charts img').count(), 0, 'no element made from data');
  const summary = await page.locator('#sl-chart-rates .sl-chart-summary').textContent();
  assert.match(summary, /Resolution rate/);

  // another period redraws
  await page.fill('input[name=from]', '2020-01-01');
  await page.fill('input[name=to]', '2020-01-31');
  const before = await page.evaluate(() => document.getElementById('charts').dataset.updated);
  await page.click('#charts form button[type=submit]');
  await page.waitForFunction((b) => document.getElementById('charts').dataset.updated !== b, before, { timeout: TIMEOUT });
  assert.match(await page.locator('#sl-chart-per-day .sl-chart-summary').textContent(), /^0 appeals/);
  await page.click('#charts form button[type=submit]'); // same period again: nothing breaks

  assert.deepEqual(problems, []);
  await page.fill('input[name=from]', new Date(Date.now() - 29 * 86400000).toISOString().slice(0, 10));
  await page.fill('input[name=to]', new Date().toISOString().slice(0, 10));
  await page.click('#charts form button[type=submit]');
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, 'analytics-charts.png'), fullPage: true });
  console.log('browser: charts ok');
} catch (e) {
  await page.screenshot({ path: join(shots, 'analytics-charts-failed.png'), fullPage: true }).catch(() => {});
  console.error(e);
  console.error(problems.join('\n'));
  await browser.close();
  process.exit(1);
}
await browser.close();
