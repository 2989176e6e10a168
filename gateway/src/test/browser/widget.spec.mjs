// Browser scenarios of the web chat widget against a real gateway, in Debian's headless Chromium.
// Run by WebChatBrowserTest as `node widget.spec.mjs <port> <screenshot-dir>`; exits non-zero on the
// first failure, after a screenshot of the page as it was.
//
// The server-side pushes are asked of the Java test through stdout/stdin: the spec prints
// `@@<command> <json>` and reads `@@done <json>`. Commands (all for a conversation of the page):
//   push  post a turn over REST, then hand its transcript entries to the web channel's send(), the way an
//         operator's reply or an appeal notification reaches an open socket (the live path);
//   drop  post a turn over REST (REST turns are not sent to sockets), then close every socket, so the
//         widget must reconnect and catch up from its last seq;
//   post  post a turn over REST only (for the REST fallback's polling).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { launchChromium, until as waitUntil } from './support.mjs';

const [port, shots] = process.argv.slice(2);
if (!port || !shots) {
  console.error('usage: node widget.spec.mjs <port> <screenshot-dir>');
  process.exit(2);
}
const BASE = `http://127.0.0.1:${port}/`;
const XSS = '<img src=x onerror=alert(1)>';
const TIMEOUT = 20_000;

// ---- talking to the Java side ----------------------------------------------------------------------

const answers = [];
let answerWaiter = null;
createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.startsWith('@@done ')) return;
  const value = JSON.parse(line.slice('@@done '.length));
  if (answerWaiter) {
    answerWaiter(value);
    answerWaiter = null;
  } else {
    answers.push(value);
  }
});

async function server(command, body) {
  process.stdout.write(`@@${command} ${JSON.stringify(body)}\n`);
  const value = await new Promise((resolve) => {
    if (answers.length) resolve(answers.shift());
    else answerWaiter = resolve;
  });
  if (value.error) throw new Error(`server ${command} failed: ${value.error}`);
  return value;
}

// ---- helpers ----------------------------------------------------------------------------------------

const problems = [];
const sockets = []; // every WebSocket the pages open: {url, received: [text]}

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
  page.on('websocket', (ws) => {
    const record = { url: ws.url(), received: [], page: name };
    ws.on('framereceived', (frame) => record.received.push(String(frame.payload)));
    sockets.push(record);
  });
}

function noProblems() {
  assert.deepEqual(problems, [], 'no script errors, dialogs or CSP violations');
}

let current = null;
let counter = 0;

async function step(name, page, fn) {
  current = { name, page };
  const started = Date.now();
  await fn();
  noProblems();
  console.log(`  ok  ${name} (${Date.now() - started} ms)`);
}

async function shot(page, name) {
  counter++;
  await page.screenshot({ path: join(shots, `${String(counter).padStart(2, '0')}-${name}.png`) });
}

const state = (page) => page.evaluate(() => document.querySelector('#swiftline-widget').swiftline.state());
const shadowActive = (page) => page.evaluate(() => {
  const a = document.querySelector('#swiftline-widget').shadowRoot.activeElement;
  return a ? `${a.tagName.toLowerCase()}#${a.id}.${a.className}` : null;
});

const until = (fn, what, timeout = TIMEOUT) => waitUntil(fn, what, timeout);

const bot = (page, text) => page.locator('.sl-msg--bot .sl-bubble', { hasText: text });
const user = (page, text) => page.locator('.sl-msg--user .sl-bubble', { hasText: text });

async function ask(page, text) {
  const input = page.locator('#sl-input');
  await input.fill(text);
  await input.press('Enter');
  await user(page, text).first().waitFor({ timeout: TIMEOUT });
}

async function noInjectedMarkup(page) {
  const found = await page.evaluate(() => {
    const root = document.querySelector('#swiftline-widget').shadowRoot;
    return [...root.querySelectorAll('img, script, iframe, object, [onerror], [onload], a[href^="javascript"]')]
      .map((e) => e.outerHTML);
  });
  assert.deepEqual(found, [], 'no element from message text');
  assert.equal(await page.locator('img').count(), 0, 'no img anywhere on the page');
}

// ---- the scenarios ----------------------------------------------------------------------------------

const browser = await launchChromium();

try {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  watch(page, 'demo');

  await step('demo page opens with the launcher; keyboard opens the panel and focuses the input', page, async () => {
    const response = await page.goto(BASE);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'], /default-src 'self'/);
    await page.locator('.sl-launcher').waitFor();
    assert.equal(await page.locator('.sl-launcher').getAttribute('aria-label'), 'Open chat');
    await shot(page, 'demo-page');
    await page.locator('.sl-launcher').focus();
    await page.keyboard.press('Enter');
    await page.locator('#sl-panel').waitFor({ state: 'visible' });
    assert.equal(await page.locator('.sl-launcher').getAttribute('aria-expanded'), 'true');
    assert.match(await shadowActive(page), /^textarea#sl-input/);
    assert.equal(await page.locator('.sl-root').getAttribute('lang'), 'en');
    await page.locator('.sl-welcome', { hasText: 'Ask me about city services' }).waitFor();
  });

  await step('a Chinese question is answered in Chinese and the interface follows; typing shows meanwhile', page, async () => {
    // Hold the first turn back a little so that the typing indicator can be seen.
    await page.route('**/api/v1/chat', async (route) => {
      await new Promise((r) => setTimeout(r, 700));
      await route.continue();
    });
    await page.locator('#sl-input').fill('护照丢了怎么办');
    await page.keyboard.press('Enter');
    await page.locator('.sl-typing').waitFor({ state: 'visible' });
    await shot(page, 'typing');
    const answer = bot(page, '出入境管理部门').first();
    await answer.waitFor();
    await page.unroute('**/api/v1/chat');
    await page.locator('.sl-typing').waitFor({ state: 'hidden' });
    assert.ok(await answer.locator('strong').count() >= 1, 'bold rendered');
    assert.ok(await answer.locator('ol > li').count() >= 3, 'numbered list rendered');
    assert.doesNotMatch(await answer.textContent(), /\*\*/, 'no Markdown markers left');
    await page.locator('.sl-choice', { hasText: /^有帮助$/ }).waitFor();
    assert.ok((await state(page)).conversationId, 'a conversation started');
    await until(async () => (await page.locator('.sl-root').getAttribute('lang')) === 'zh', 'the interface in zh');
    assert.equal(await page.locator('#sl-input').getAttribute('placeholder'), '请输入您的问题…');
    await until(async () => (await state(page)).connection === 'open', 'the socket to open');
    await shot(page, 'chinese-answer');
  });

  await step('an English question is answered in English, with Markdown and quick replies', page, async () => {
    await ask(page, 'how can I extend my visa?');
    const answer = bot(page, 'Exit and Entry Administration').first();
    await answer.waitFor();
    assert.ok(await answer.locator('strong').count() >= 1, 'bold rendered');
    assert.ok(await answer.locator('ol > li').count() >= 3, 'numbered list rendered');
    await page.locator('.sl-choice', { hasText: 'That helped' }).waitFor();
    await until(async () => (await page.locator('.sl-root').getAttribute('lang')) === 'en', 'the interface in en');
    await shot(page, 'english-answer');
  });

  await step('"passport" gets a clarify question; clicking a choice answers it', page, async () => {
    await ask(page, 'passport');
    const choice = page.locator('.sl-choice', { hasText: 'Lost or stolen passport' });
    await choice.waitFor();
    assert.ok(await page.locator('.sl-quick:not([hidden]) .sl-choice').count() >= 2, 'several choices');
    assert.equal(await page.locator('.sl-quick:not([hidden])').count(), 1, 'only the newest quick replies');
    await shot(page, 'clarify');
    await choice.click();
    await user(page, 'Lost or stolen passport').waitFor();
    await bot(page, 'certificate of passport loss').waitFor();
    assert.match(await shadowActive(page), /^textarea#sl-input/, 'focus back in the input');
  });

  await step('markup typed by the person is shown as text', page, async () => {
    const before = await page.locator('.sl-msg--bot').count();
    await ask(page, XSS);
    await until(async () => (await page.locator('.sl-msg--bot').count()) > before, 'the reply');
    assert.equal(await user(page, 'onerror').last().textContent(), XSS);
    await noInjectedMarkup(page);
  });

  await step('the Markdown renderer keeps hostile input inert', page, async () => {
    const result = await page.evaluate(async () => {
      const { renderMarkdown } = await import('/widget/markdown.js');
      const div = document.createElement('div');
      div.append(renderMarkdown([
        '<script>alert(1)</script> <img src=x onerror=alert(1)>',
        '[click](javascript:alert(1)) [data](data:text/html,<b>x</b>) [rel](/relative)',
        '**<b onmouseover=alert(1)>bold</b>** [ok](https://example.org/a?b=1)',
        '- <svg onload=alert(1)>',
        '1. http://example.org/x',
      ].join('\n\n')));
      return {
        elements: [...div.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
        hrefs: [...div.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.rel, a.target]),
        text: div.textContent,
      };
    });
    assert.deepEqual([...new Set(result.elements)].sort(), ['a', 'li', 'ol', 'p', 'strong', 'ul']);
    assert.deepEqual(result.hrefs, [
      ['https://example.org/a?b=1', 'noopener noreferrer', '_blank'],
      ['http://example.org/x', 'noopener noreferrer', '_blank'],
    ]);
    assert.match(result.text, /<script>alert\(1\)<\/script>/);
    assert.match(result.text, /\[click\]\(javascript:alert\(1\)\)/);
  });

  await step('a message pushed by the server arrives live on the open socket; unread badge while closed', page, async () => {
    await page.keyboard.press('Escape');
    await page.locator('#sl-panel').waitFor({ state: 'hidden' });
    assert.match(await shadowActive(page), /^button#\.sl-launcher/, 'focus back on the launcher');
    const s = await until(async () => {
      const now = await state(page);
      return now.connection === 'open' ? now : null;
    }, 'the socket to be open');
    const socketsBefore = sockets.length;
    const socket = sockets[sockets.length - 1];
    const text = `Sent from my phone: ${XSS} where do I pay the water bill?`;
    await server('push', { userId: s.userId, conversationId: s.conversationId, text });
    await user(page, 'Sent from my phone').waitFor({ state: 'attached' });
    await until(async () => (await page.locator('.sl-badge').isVisible()), 'the unread badge');
    assert.equal(await page.locator('.sl-badge').textContent(), '1');
    assert.match(await page.locator('.sl-launcher').getAttribute('aria-label'), /1/);
    assert.equal(sockets.length, socketsBefore, 'no reconnect: the push came live');
    assert.ok(socket.received.some((f) => f.includes('"type":"message"') && f.includes('Sent from my phone')),
      'the pushed entry came as a message frame on the open socket');
    await shot(page, 'unread-badge');
    await page.locator('.sl-launcher').click();
    await page.locator('#sl-panel').waitFor({ state: 'visible' });
    assert.equal(await page.locator('.sl-badge').isVisible(), false, 'read once the panel opens');
    assert.equal(await user(page, 'Sent from my phone').textContent(), text);
    await noInjectedMarkup(page);
    await shot(page, 'pushed-message');
  });

  await step('after the socket drops, the widget reconnects and catches up from its last seq', page, async () => {
    const s = await state(page);
    const socketsBefore = sockets.length;
    await server('drop', { userId: s.userId, conversationId: s.conversationId,
      text: 'how do I register my temporary residence?' });
    const reconnect = await until(() => sockets.length > socketsBefore && sockets[sockets.length - 1], 'a new socket');
    assert.equal(new URL(reconnect.url).searchParams.get('after'), String(s.lastSeq), 'catch-up from lastSeq');
    await user(page, 'temporary residence').waitFor();
    await until(async () => (await state(page)).lastSeq >= s.lastSeq + 2, 'the answer to be caught up');
  });

  await step('after a reload the conversation is there, and a new tab loads it from the server', page, async () => {
    const s = await state(page);
    const socketsBefore = sockets.length;
    await page.reload();
    await page.locator('#sl-panel').waitFor({ state: 'visible' }); // it was open: it stays open
    for (const text of ['how can I extend my visa?', '护照丢了怎么办', 'Sent from my phone', 'temporary residence']) {
      await user(page, text).first().waitFor();
    }
    assert.equal((await state(page)).conversationId, s.conversationId);
    const socket = await until(() => sockets.length > socketsBefore && sockets[sockets.length - 1], 'a socket');
    assert.equal(new URL(socket.url).searchParams.get('after'), String(s.lastSeq), 'only newer entries asked for');
    await noInjectedMarkup(page);
    await shot(page, 'after-reload');

    const tab = await context.newPage();
    watch(tab, 'second tab');
    await tab.goto(BASE);
    await tab.locator('.sl-launcher').click();
    await user(tab, '护照丢了怎么办').waitFor();
    await bot(tab, '出入境管理部门').first().waitFor();
    const tabSocket = sockets.filter((x) => x.page === 'second tab')[0];
    assert.equal(new URL(tabSocket.url).searchParams.get('after'), '0', 'a new tab asks for the whole transcript');
    await noInjectedMarkup(tab);
    await tab.close();
  });

  await step('the transcript downloads as text', page, async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.sl-icon').nth(1).click()]);
    assert.match(download.suggestedFilename(), /^swiftline-conversation-[A-Za-z0-9_-]+\.txt$/);
    const text = await readFile(await download.path(), 'utf8');
    for (const expected of ['how can I extend my visa?', 'Exit and Entry Administration', '护照丢了怎么办', XSS]) {
      assert.ok(text.includes(expected), `transcript holds ${expected}`);
    }
  });

  await step('"new conversation" starts afresh', page, async () => {
    const before = (await state(page)).conversationId;
    await page.locator('.sl-icon').first().click();
    assert.equal(await page.locator('.sl-msg:not(.sl-welcome)').count(), 0);
    await page.locator('.sl-welcome').waitFor();
    assert.equal((await state(page)).conversationId, null);
    await ask(page, 'how can I extend my visa?');
    await bot(page, 'Exit and Entry Administration').first().waitFor();
    const after = (await state(page)).conversationId;
    assert.ok(after && after !== before, 'a different conversation');
  });
  await step('a stored conversation the gateway does not know is dropped; the next message starts a new one', page, async () => {
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) {
        if (key.endsWith(':conversationId')) localStorage.setItem(key, 'unknownconversation0');
      }
      sessionStorage.clear();
    });
    await page.reload();
    await page.locator('.sl-launcher').click();
    await ask(page, 'how can I extend my visa?');
    await bot(page, 'Exit and Entry Administration').first().waitFor();
    const s = await state(page);
    assert.ok(s.conversationId && s.conversationId !== 'unknownconversation0', 'a new conversation');
    assert.equal(await page.locator('.sl-failed').count(), 0, 'nothing marked undelivered');
  });
  await context.close();

  // ---- Arabic on a phone ----
  const phone = await browser.newContext({ locale: 'ar-EG', viewport: { width: 390, height: 844 }, isMobile: true,
    hasTouch: true, deviceScaleFactor: 2 });
  phone.setDefaultTimeout(TIMEOUT);
  const arabic = await phone.newPage();
  watch(arabic, 'arabic phone');
  await step('Arabic browser: right-to-left interface in Arabic, full screen on a phone', arabic, async () => {
    await arabic.goto(BASE);
    await arabic.locator('.sl-launcher').click();
    await arabic.locator('#sl-panel').waitFor({ state: 'visible' });
    assert.equal(await arabic.locator('.sl-root').getAttribute('dir'), 'rtl');
    assert.equal(await arabic.locator('.sl-root').getAttribute('lang'), 'ar');
    assert.equal(await arabic.locator('#sl-input').getAttribute('placeholder'), 'اكتب سؤالك…');
    const box = await arabic.locator('#sl-panel').boundingBox();
    assert.equal(Math.round(box.width), 390, 'the panel fills the phone screen');
    await ask(arabic, 'تمديد التأشيرة');
    await bot(arabic, 'إدارة الدخول والخروج').first().waitFor();
    await shot(arabic, 'arabic-phone');
    // The language menu switches the interface.
    await arabic.locator('.sl-language').selectOption('fr');
    assert.equal(await arabic.locator('.sl-root').getAttribute('dir'), 'ltr');
    assert.equal(await arabic.locator('#sl-input').getAttribute('placeholder'), 'Écrivez votre question…');
  });
  await phone.close();

  // ---- WebSocket blocked: REST only ----
  const blocked = await browser.newContext({ locale: 'en-GB', viewport: { width: 1024, height: 768 } });
  blocked.setDefaultTimeout(TIMEOUT);
  await blocked.routeWebSocket(/\/api\/v1\/chat\/ws/, (ws) => ws.close({ code: 1011, reason: 'blocked by proxy' }));
  const rest = await blocked.newPage();
  watch(rest, 'rest fallback');
  await step('with WebSockets blocked, the REST API carries the conversation and polling brings new entries', rest, async () => {
    await rest.goto(BASE);
    await rest.locator('.sl-launcher').click();
    await ask(rest, 'how can I extend my visa?');
    await bot(rest, 'Exit and Entry Administration').first().waitFor();
    const s = await state(rest);
    await server('post', { userId: s.userId, conversationId: s.conversationId, text: 'Posted elsewhere: passport' });
    await user(rest, 'Posted elsewhere').waitFor();
    await ask(rest, 'how do I register my temporary residence?');
    await until(async () => (await state(rest)).lastSeq >= s.lastSeq + 4, 'the second answer');
  });
  await blocked.close();

  // ---- embedded in another site: a page of another origin (another port on this machine) ----
  const otherSite = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><head><title>Another city</title></head><body>
      <h1>Another city's website</h1><p>The widget below comes from the gateway, another origin.</p>
      <script type="module" src="${BASE}widget/swiftline-widget.js" data-gateway="${BASE}"
        data-title="Other city hotline" data-color="#ffd400" data-position="left"></script></body></html>`);
  });
  await new Promise((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
  const otherUrl = `http://127.0.0.1:${otherSite.address().port}/`;
  const other = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 760 } });
  other.setDefaultTimeout(TIMEOUT);
  const embedded = await other.newPage();
  watch(embedded, 'other site');
  await step('one script tag on another site: config honoured, chat works across origins', embedded, async () => {
    await embedded.goto(otherUrl);
    const launcher = embedded.locator('.sl-launcher');
    await launcher.click();
    assert.ok((await launcher.boundingBox()).x < 100, 'data-position="left"');
    assert.equal(await embedded.locator('.sl-title').textContent(), 'Other city hotline');
    const header = await embedded.locator('.sl-header').evaluate((h) => getComputedStyle(h).color);
    assert.equal(header, 'rgb(17, 17, 17)', 'dark text on the light accent');
    await ask(embedded, 'how can I extend my visa?');
    await bot(embedded, 'Exit and Entry Administration').first().waitFor();
    await until(async () => (await state(embedded)).connection === 'open', 'the socket to open');
    await shot(embedded, 'other-site');
  });
  await other.close();
  otherSite.close();

  console.log('browser: all widget scenarios ok');
} catch (error) {
  console.error(`FAILED in "${current?.name}": ${error.stack ?? error}`);
  if (problems.length) console.error(`problems seen:\n  ${problems.join('\n  ')}`);
  try {
    if (current?.page && !current.page.isClosed()) {
      await current.page.screenshot({ path: join(shots, 'failure.png') });
    }
  } catch {
    // the screenshot is a courtesy
  }
  process.exitCode = 1;
} finally {
  await browser.close();
  process.stdin.destroy();
}
