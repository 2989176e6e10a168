// Browser scenarios of the operator console and the supervisor view against a real gateway, in Debian's
// headless Chromium: an administrator signs in and creates accounts; a person on the demo page asks the
// chat widget for an operator (another browser context); the operator claims the chat, they write to
// each other live both ways (also across a dropped socket), the operator files an appeal whose number the
// person sees, and the supervisor view shows the operator's load.
// Run by OperatorConsoleBrowserTest as `node console.spec.mjs <port> <screenshot-dir> <admin> <password>`;
// exits non-zero on the first failure, after a screenshot of the page as it was.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium, until as waitUntil } from './support.mjs';

const [port, shots, adminName, adminPassword] = process.argv.slice(2);
if (!port || !shots || !adminName || !adminPassword) {
  console.error('usage: node console.spec.mjs <port> <screenshot-dir> <admin-name> <admin-password>');
  process.exit(2);
}
const BASE = `http://127.0.0.1:${port}/`;
const CONSOLE = `${BASE}console/`;
const XSS = '<img src=x onerror=alert(1)>';
const TIMEOUT = 20_000;
const OPERATOR = { name: 'olga', password: 'olga-has-a-long-password', languages: 'en,zh' };
const LOCKED = { name: 'lena', password: 'lena-has-a-long-password' };

// ---- helpers ----------------------------------------------------------------------------------------

const problems = [];

function watch(page, name) {
  page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
  page.on('dialog', async (d) => {
    problems.push(`${name}: a dialog opened (${d.type()}: ${d.message()}): injected script ran`);
    await d.dismiss();
  });
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to/.test(text)) problems.push(`${name}: CSP: ${text}`);
    if (m.type() === 'error' && /Uncaught|TypeError|ReferenceError|SyntaxError/.test(text)) {
      problems.push(`${name}: console: ${text}`);
    }
  });
}

let current = null;
let counter = 0;

async function step(name, page, fn) {
  current = { name, page };
  const started = Date.now();
  await fn();
  assert.deepEqual(problems, [], 'no script errors, dialogs or CSP violations');
  console.log(`  ok  ${name} (${Date.now() - started} ms)`);
}

async function shot(page, name) {
  counter++;
  await page.screenshot({ path: join(shots, `console-${String(counter).padStart(2, '0')}-${name}.png`) });
}

const until = (fn, what, timeout = TIMEOUT) => waitUntil(fn, what, timeout);

async function signIn(page, name, password) {
  await page.locator('#sign-in-name').fill(name);
  await page.locator('#sign-in-password').fill(password);
  await page.locator('#sign-in-password').press('Enter');
}

/** No element made from data: nothing a person or operator wrote became markup. */
async function noInjectedMarkup(page) {
  const found = await page.evaluate(() => [...document.querySelectorAll('img, iframe, object, embed, [onerror], [onload]')]
    .map((e) => e.outerHTML));
  assert.deepEqual(found, [], 'no element from message text');
}

async function widgetNoInjectedMarkup(page) {
  const found = await page.evaluate(() => {
    const root = document.querySelector('#swiftline-widget').shadowRoot;
    return [...root.querySelectorAll('img, script, iframe, object, [onerror], [onload]')].map((e) => e.outerHTML);
  });
  assert.deepEqual(found, [], 'no element from message text in the widget');
}

const widget = {
  user: (page, text) => page.locator('.sl-msg--user .sl-bubble', { hasText: text }),
  bot: (page, text) => page.locator('.sl-msg--bot .sl-bubble', { hasText: text }),
  operator: (page, text) => page.locator('.sl-msg--operator .sl-bubble', { hasText: text }),
  any: (page, text) => page.locator('.sl-msg .sl-bubble', { hasText: text }),
  async ask(page, text) {
    const input = page.locator('#sl-input');
    await input.fill(text);
    await input.press('Enter');
    await widget.user(page, text).first().waitFor({ state: 'attached' });
  },
  state: (page) => page.evaluate(() => document.querySelector('#swiftline-widget').swiftline.state()),
};

const entries = (page, author, text) => page.locator(`#transcript .entry--${author} .entry-text`, { hasText: text });

// ---- the scenarios ----------------------------------------------------------------------------------

const browser = await launchChromium();

try {
  const adminContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 880 } });
  adminContext.setDefaultTimeout(TIMEOUT);
  const admin = await adminContext.newPage();
  watch(admin, 'admin');

  await step('the console asks to sign in; a wrong password is refused with a clear message', admin, async () => {
    const response = await admin.goto(CONSOLE);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'], /default-src 'self'/);
    await admin.locator('#sign-in-view').waitFor({ state: 'visible' });
    assert.equal(await admin.evaluate(() => document.activeElement?.id), 'sign-in-name', 'focus in the name field');
    await signIn(admin, adminName, 'not the password at all');
    await admin.locator('#sign-in-error', { hasText: 'Wrong name or password.' }).waitFor();
    assert.equal(await admin.locator('#work-view').isVisible(), false);
    await shot(admin, 'sign-in-refused');
  });

  await step('the administrator signs in and creates an operator and a second account, by keyboard', admin, async () => {
    await signIn(admin, adminName, adminPassword);
    await admin.locator('#work-view').waitFor({ state: 'visible' });
    await admin.locator('#who', { hasText: adminName }).waitFor();
    assert.equal(await admin.locator('#accounts-button').isVisible(), true, 'administrators manage accounts');
    await admin.locator('#accounts-button').click();
    await admin.locator('#accounts-dialog').waitFor({ state: 'visible' });
    await admin.locator('#accounts-rows tr', { hasText: adminName }).waitFor();
    for (const account of [{ ...OPERATOR }, { ...LOCKED, languages: 'ru' }]) {
      await admin.locator('#account-name').fill(account.name);
      await admin.locator('#account-password').fill(account.password);
      await admin.locator('#account-role').selectOption('operator');
      await admin.locator('#account-languages').fill(account.languages);
      await admin.locator('#account-languages').press('Enter');
      await admin.locator('#accounts-rows tr', { hasText: account.name }).waitFor();
    }
    assert.equal(await admin.locator('#accounts-error').isVisible(), false);
    await shot(admin, 'accounts');
    await admin.keyboard.press('Escape');
    await admin.locator('#accounts-dialog').waitFor({ state: 'hidden' });
  });

  const operatorContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 880 } });
  operatorContext.setDefaultTimeout(TIMEOUT);
  const operator = await operatorContext.newPage();
  watch(operator, 'operator');

  await step('repeated wrong passwords lock the account out, and the console says so', operator, async () => {
    await operator.goto(CONSOLE);
    let message = '';
    // Each attempt hides the last message and shows the new answer's.
    const attempt = async (password) => {
      await signIn(operator, LOCKED.name, password);
      await until(async () => (await operator.locator('#sign-in-submit').isEnabled())
        && (await operator.locator('#sign-in-error').isVisible()), 'the answer');
      return (await operator.locator('#sign-in-error').textContent()) ?? '';
    };
    for (let i = 0; i < 12 && !/Too many failed sign-ins/.test(message); i++) {
      message = await attempt(`wrong password ${i}`);
      if (!/Too many/.test(message)) assert.equal(message, 'Wrong name or password.');
    }
    assert.match(message, /Too many failed sign-ins\. Try again in \d+ minutes\./);
    assert.match(await attempt(LOCKED.password), /Too many failed sign-ins/, 'even the right password is refused while locked out');
    await shot(operator, 'locked-out');
  });

  await step('the operator signs in; the queue is empty and the socket live', operator, async () => {
    await signIn(operator, OPERATOR.name, OPERATOR.password);
    await operator.locator('#work-view').waitFor({ state: 'visible' });
    await operator.locator('#connection[data-status="open"]').waitFor();
    assert.equal(await operator.locator('#accounts-button').isVisible(), false, 'operators do not manage accounts');
    assert.equal(await operator.locator('#duty').getAttribute('aria-pressed'), 'true');
    await operator.locator('#queue-empty').waitFor({ state: 'visible' });
  });

  const personContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 860 } });
  personContext.setDefaultTimeout(TIMEOUT);
  const person = await personContext.newPage();
  watch(person, 'person');

  let systemBeforeClaim = 0;
  await step('a person asks the widget a question, then for an operator; the queue shows it live', person, async () => {
    await person.goto(BASE);
    await person.locator('.sl-launcher').click();
    await widget.ask(person, 'how can I extend my visa?');
    await widget.bot(person, 'Exit and Entry Administration').first().waitFor();
    await widget.ask(person, `I need a person please ${XSS}`);
    await widget.ask(person, 'operator');
    systemBeforeClaim = await person.locator('.sl-msg--system').count();
    const item = operator.locator('#queue li', { hasText: 'Asked for an operator' });
    await item.waitFor();
    const text = await item.textContent();
    assert.match(text, /English/);
    assert.match(text, /Web chat/);
    assert.match(text, /waiting \d+:\d\d/);
    const wait1 = await item.locator('.wait').textContent();
    await until(async () => (await item.locator('.wait').textContent()) !== wait1, 'the waiting time to tick');
    await noInjectedMarkup(operator);
    await shot(operator, 'queue');
  });

  await step('the operator claims the chat; the whole transcript shows, the bot answer with its article', operator, async () => {
    const item = operator.locator('#queue li', { hasText: 'Asked for an operator' });
    await item.locator('button', { hasText: 'Claim' }).focus();
    await operator.keyboard.press('Enter');
    await operator.locator('#conversation-view').waitFor({ state: 'visible' });
    await entries(operator, 'user', 'how can I extend my visa?').waitFor();
    const answer = operator.locator('#transcript .entry--bot', { hasText: 'Exit and Entry Administration' }).first();
    await answer.waitFor();
    // The bot answer names the article the conversation view gives for it (articleId on the entry).
    const view = await operator.evaluate(() => {
      const id = window.swiftlineConsole.state.activeId;
      return fetch(`/api/v1/operators/conversations/${encodeURIComponent(id)}`).then((r) => r.json());
    });
    const known = view.transcript.find((e) => e.author === 'bot' && /Exit and Entry/.test(e.text));
    assert.ok(known?.articleId, 'the view names the article of the bot answer');
    assert.equal(await answer.locator('.entry-article').textContent(), `from article ${known.articleId}`);
    const marked = entries(operator, 'user', 'I need a person please');
    assert.equal(await marked.textContent(), `I need a person please ${XSS}`, 'the markup shows as text');
    await noInjectedMarkup(operator);
    assert.equal(await operator.evaluate(() => document.activeElement?.id), 'composer-input', 'ready to type');
    await operator.locator('#mine li', { hasText: 'Asked for an operator' }).waitFor();
    await operator.locator('#conversation-facts', { hasText: 'English' }).waitFor();
    await operator.locator('#assist-articles .assist-item').first().waitFor();
    await shot(operator, 'claimed');
  });

  await step('the person is told an operator joined; they write to each other live both ways', person, async () => {
    await until(async () => (await person.locator('.sl-msg--system').count()) > systemBeforeClaim, 'the joined notice');
    const hello = `Hello, I am Olga. ${XSS} How can I help?`;
    await operator.locator('#composer-input').fill(hello);
    await operator.locator('#composer-input').press('Enter');
    await widget.operator(person, 'Hello, I am Olga').waitFor();
    assert.match(await widget.operator(person, 'Hello, I am Olga').textContent(), /<img src=x onerror=alert\(1\)>/);
    await widgetNoInjectedMarkup(person);
    assert.equal(await entries(operator, 'operator', 'Hello, I am Olga').count(), 1, 'shown once in the console');

    await widget.ask(person, 'My visa expires next week, what do I do?');
    await entries(operator, 'user', 'My visa expires next week').waitFor();
    await widget.ask(person, `also ${XSS}`);
    const shown = entries(operator, 'user', 'also <img');
    await shown.waitFor();
    assert.equal(await shown.textContent(), `also ${XSS}`);
    await noInjectedMarkup(operator);
    await shot(person, 'person-live');
  });

  await step('after the console socket drops it reconnects and resumes: nothing lost, nothing twice', operator, async () => {
    await operator.evaluate(() => window.swiftlineConsole.drop());
    await widget.ask(person, 'Sent while the console was reconnecting');
    await widget.ask(person, 'And one more');
    await operator.locator('#connection[data-status="open"]').waitFor();
    await entries(operator, 'user', 'And one more').waitFor();
    for (const text of ['Sent while the console was reconnecting', 'And one more', 'My visa expires next week', 'Hello, I am Olga']) {
      assert.equal(await operator.locator('#transcript .entry-text', { hasText: text }).count(), 1, `"${text}" once`);
    }
    const seqs = await operator.locator('#transcript li').evaluateAll((nodes) => nodes.map((n) => Number(n.dataset.seq)));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in order');
    assert.equal(new Set(seqs).size, seqs.length, 'no seq twice');
  });

  await step('agent assist: a canned reply or an article goes into the reply with one click', operator, async () => {
    const insert = operator.locator('#assist-canned button, #assist-articles button').first();
    await insert.waitFor();
    await operator.locator('#composer-input').fill('');
    await insert.click();
    const inserted = await operator.locator('#composer-input').inputValue();
    assert.ok(inserted.trim().length > 0, 'text inserted');
    assert.equal(await operator.evaluate(() => document.activeElement?.id), 'composer-input', 'focus back in the reply');
    await operator.locator('#composer-input').press('Enter');
    const first = inserted.trim().split('\n')[0].slice(0, 30);
    await widget.operator(person, first).first().waitFor();
  });

  let appealNumber;
  await step('the operator files an appeal from the pre-filled form; the person sees its number', operator, async () => {
    await operator.locator('#action-appeal').click();
    await operator.locator('#appeal-dialog').waitFor({ state: 'visible' });
    const fill = async (field, value) => {
      const input = operator.locator(`#appeal-${field}`);
      if (!(await input.inputValue()).trim()) await input.fill(value);
    };
    await fill('what', 'The streetlight outside the building has been broken');
    await fill('where', '14 Gulou Street');
    await fill('district', 'Xicheng');
    await fill('when', 'for a week');
    await shot(operator, 'appeal-form');
    await operator.locator('#appeal-submit').click();
    const toast = operator.locator('#toast', { hasText: /Appeal \d{8}-\d+ filed/ });
    await toast.waitFor();
    appealNumber = /(\d{8}-\d+)/.exec(await toast.textContent())[1];
    await operator.locator('#conversation-facts', { hasText: appealNumber }).waitFor();
    await widget.any(person, appealNumber).first().waitFor();
    await shot(person, 'person-appeal-number');
  });

  await step('the supervisor view shows the operator on duty with one conversation', admin, async () => {
    await admin.goto(`${CONSOLE}supervisor.html`);
    const row = admin.locator('#operators tr', { hasText: OPERATOR.name });
    await row.waitFor();
    await until(async () => (await row.locator('.load').textContent()) === '1', 'load 1');
    assert.match(await row.textContent(), /On duty/);
    // the analytics charts below, drawn with the supervisor's session: the appeal just filed is counted
    await admin.waitForFunction(() => document.getElementById('charts').dataset.updated, null, { timeout: TIMEOUT });
    assert.equal(await admin.locator('#charts canvas').count(), 4, 'per day, rates, times, pain points');
    const filed = await admin.evaluate(() => globalThis.Chart.getChart(document.querySelector('#sl-chart-per-day canvas'))
      .data.datasets.reduce((sum, d) => sum + d.data.reduce((a, b) => a + b, 0), 0));
    assert.ok(filed >= 1, `the appeal filed from the console is in the appeals per day (${filed})`);
    await shot(admin, 'supervisor');
  });

  await step('the operator resolves the chat; the person is told; the supervisor view follows live', operator, async () => {
    const systemBefore = await person.locator('.sl-msg--system').count();
    await operator.locator('#action-resolve').click();
    await operator.locator('#conversation-empty').waitFor({ state: 'visible' });
    await until(async () => (await person.locator('.sl-msg--system').count()) > systemBefore, 'the left notice');
    const row = admin.locator('#operators tr', { hasText: OPERATOR.name });
    await until(async () => (await row.locator('.load').textContent()) === '0', 'load 0');
    await shot(person, 'person-after-resolve');
  });

  const secondContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1000, height: 800 } });
  secondContext.setDefaultTimeout(TIMEOUT);
  const second = await secondContext.newPage();
  watch(second, 'second person');
  await step('a second chat: released to the queue, claimed again, handed back to the bot, which answers again', operator, async () => {
    await second.goto(BASE);
    await second.locator('.sl-launcher').click();
    await widget.ask(second, 'operator');
    const item = operator.locator('#queue li', { hasText: 'Asked for an operator' });
    await item.locator('button', { hasText: 'Claim' }).click();
    await entries(operator, 'user', 'operator').waitFor();
    await operator.locator('#action-release').click();
    await operator.locator('#toast', { hasText: 'Conversation back in the queue.' }).waitFor();
    await operator.locator('#conversation-empty').waitFor({ state: 'visible' });
    await item.locator('button', { hasText: 'Claim' }).click();
    await operator.locator('#conversation-view').waitFor({ state: 'visible' });
    assert.equal(await operator.locator('#transcript .entry-text', { hasText: /^operator$/ }).count(), 1, 'shown once after claiming again');
    const notices = await second.locator('.sl-msg--system').count();
    await operator.locator('#action-handback').click();
    await operator.locator('#toast', { hasText: 'Conversation handed back to the bot.' }).waitFor();
    await until(async () => (await second.locator('.sl-msg--system').count()) > notices, 'the person is told');
    await widget.ask(second, 'how can I extend my visa?');
    await widget.bot(second, 'Exit and Entry Administration').first().waitFor();
    await operator.locator('#queue-empty').waitFor({ state: 'visible' });
  });
  await secondContext.close();

  await step('the console speaks Chinese; off duty is one click; sign-out ends the session', operator, async () => {
    await operator.locator('#ui-language').selectOption('zh');
    assert.equal(await operator.locator('html').getAttribute('lang'), 'zh');
    assert.equal(await operator.locator('#queue-title').textContent().then((s) => s.replace(/\d+/g, '').trim()), '排队');
    assert.equal(await operator.locator('#sign-out').textContent(), '退出');
    await operator.locator('#duty').click();
    await until(async () => (await operator.locator('#duty').getAttribute('aria-pressed')) === 'false', 'off duty');
    assert.equal(await operator.locator('#duty-label').textContent(), '离岗');
    await admin.evaluate(() => window.swiftlineSupervisor.refresh());
    const row = admin.locator('#operators tr', { hasText: OPERATOR.name });
    await until(async () => /Off duty/.test(await row.textContent()), 'off duty in the supervisor view');
    await shot(operator, 'chinese');
    await operator.locator('#sign-out').click();
    await operator.locator('#sign-in-view').waitFor({ state: 'visible' });
    assert.equal(await operator.locator('#sign-in-title').textContent(), '登录');
    const me = await operator.evaluate(() => fetch('/api/v1/operators/me').then((r) => r.status));
    assert.equal(me, 401, 'signed out on the server too');
  });

  console.log('browser: all console scenarios ok');
} catch (error) {
  console.error(`FAILED in "${current?.name}": ${error.stack ?? error}`);
  if (problems.length) console.error(`problems seen:\n  ${problems.join('\n  ')}`);
  try {
    if (current?.page && !current.page.isClosed()) {
      await current.page.screenshot({ path: join(shots, 'console-failure.png') });
    }
  } catch {
    // the screenshot is a courtesy
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
