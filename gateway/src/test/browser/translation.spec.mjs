// The model's help in the operator console (README "LLM features"), in Debian's headless Chromium against
// a real gateway whose model is a local OpenAI-compatible server (OperatorTranslationBrowserTest scripts
// its answers): an operator who speaks only English claims the chat of a person writing Chinese, sees the
// person's messages with a translation and a hand-off summary, and replies in English; the person gets
// the reply in Chinese with the English original below it.
// Usage: node translation.spec.mjs <port> <screenshot-dir> <operator-name> <operator-password>

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium } from './support.mjs';

const [port, shots, name, password] = process.argv.slice(2);
if (!port || !shots || !name || !password) {
  console.error('usage: node translation.spec.mjs <port> <screenshot-dir> <operator-name> <operator-password>');
  process.exit(2);
}
const BASE = `http://127.0.0.1:${port}/`;
const TIMEOUT = 20_000;
const problems = [];

function watch(page, who) {
  page.on('pageerror', (e) => problems.push(`${who}: page error: ${e.message}`));
  page.on('dialog', async (d) => {
    problems.push(`${who}: a dialog opened: ${d.message()}`);
    await d.dismiss();
  });
}

const browser = await launchChromium();
try {
  const person = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1000, height: 800 } })).newPage();
  const operator = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 880 } })).newPage();
  for (const p of [person, operator]) p.setDefaultTimeout(TIMEOUT);
  watch(person, 'person');
  watch(operator, 'operator');

  await operator.goto(`${BASE}console/`);
  await operator.locator('#sign-in-name').fill(name);
  await operator.locator('#sign-in-password').fill(password);
  await operator.locator('#sign-in-password').press('Enter');
  await operator.locator('#work-view').waitFor({ state: 'visible' });

  await person.goto(BASE);
  await person.locator('.sl-launcher').click();
  const ask = async (text) => {
    await person.locator('#sl-input').fill(text);
    await person.locator('#sl-input').press('Enter');
    await person.locator('.sl-msg--user .sl-bubble', { hasText: text }).first().waitFor({ state: 'attached' });
  };
  await ask('我的签证快到期了，怎么办');
  // the answer first, so that the conversation exists before the next message
  await person.locator('.sl-msg--bot .sl-bubble', { hasText: '出入境' }).first().waitFor();
  await ask('转人工');

  const item = operator.locator('#queue li').first();
  await item.waitFor();
  await item.locator('button', { hasText: 'Claim' }).click();
  await operator.locator('#conversation-view').waitFor({ state: 'visible' });

  const translation = operator.locator('#transcript .entry--user', { hasText: '我的签证快到期了' }).locator('.entry-translation');
  await translation.filter({ hasText: 'My visa is about to expire' }).waitFor();
  assert.match(await translation.textContent(), /^Translation \(en\): My visa is about to expire/);
  await operator.locator('#conversation-facts [data-fact="summary"]', { hasText: 'visa expires soon' }).waitFor();
  console.log('  ok  the person\'s Chinese is shown with its translation, and the hand-off summary');

  await operator.locator('#composer-input').fill('Hello, I am Sam. Please bring your passport.');
  await operator.locator('#composer-input').press('Enter');
  const reply = person.locator('.sl-msg--operator .sl-bubble', { hasText: '您好，我是Sam。请带上护照。' });
  await reply.waitFor();
  assert.match(await reply.textContent(), /\(en\) Hello, I am Sam\. Please bring your passport\./);
  await operator.locator('#transcript .entry--operator', { hasText: '您好，我是Sam' }).waitFor();
  await person.screenshot({ path: join(shots, 'translation-person.png') });
  await operator.screenshot({ path: join(shots, 'translation-operator.png') });
  console.log('  ok  the operator\'s English reply reaches the person in Chinese, the original below it');
  assert.deepEqual(problems, [], 'no script errors or dialogs');
  console.log('browser: translation scenario ok');
} finally {
  await browser.close();
}
