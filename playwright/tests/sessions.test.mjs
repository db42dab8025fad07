// Session lifetime through the browser: a presentation made on the page is refused by /verify once its
// session has expired, and the Redis session store serves the same flow with replay refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPage, launchBrowser } from '../lib/browser.mjs';
import { startDemoServer } from '../lib/server.mjs';
import { startRedis } from '../lib/redis.mjs';
import { answerWithDemoWallet, postJson } from '../lib/demo-wallet.mjs';
import { waitForEndState, waitForWidget, widget } from '../lib/widget.mjs';

const API_KEY = 'e2e-api-key-0123456789';
/** The shortest session lifetime the server accepts. */
const TTL_SECS = 30;

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Fills the 市役所 form through the demo wallet; returns the hidden presentation. */
async function fillAndTakePresentation(server) {
  const { context, page, consoleLines } = await freshPage(browser);
  page.on('dialog', (dialog) => dialog.accept());
  try {
    await page.goto(`${server.origin}/shiyakusho.html`);
    await waitForWidget(page);
    const armed = await answerWithDemoWallet(page, server.origin);
    await widget(page).button.click();
    assert.equal(await waitForEndState(page), 'filled');
    assert.equal(armed.error, null);
    const text = await page.evaluate(() => document.querySelector('input[name="mynaform_presentation"]')?.value);
    assert.ok(text, 'no mynaform_presentation field');
    return JSON.parse(text);
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    throw error;
  } finally {
    await context.close();
  }
}

function verify(server, presentation) {
  return postJson(server.origin, '/mynaform/v1/verify', { presentation }, { authorization: `Bearer ${API_KEY}` });
}

test('a presentation whose session expired is refused with 410', { timeout: 120_000 }, async () => {
  const server = await startDemoServer({
    env: { MYNAFORM_DEMO_API_KEY: API_KEY, MYNAFORM_SESSION_TTL_SECS: String(TTL_SECS) },
  });
  try {
    const presentation = await fillAndTakePresentation(server);
    // Let the session's lifetime pass (the server reads the real clock).
    await new Promise((resolve) => setTimeout(resolve, (TTL_SECS + 2) * 1000));
    const reply = await verify(server, presentation);
    assert.equal(reply.status, 410, JSON.stringify(reply.body));
  } finally {
    await server.stop();
  }
});

test('with the Redis store a presentation verifies once and its replay is refused', { timeout: 120_000 }, async () => {
  const redis = await startRedis();
  const server = await startDemoServer({ env: { MYNAFORM_DEMO_API_KEY: API_KEY, MYNAFORM_STORE_URL: redis.url } });
  try {
    const presentation = await fillAndTakePresentation(server);
    const first = await verify(server, presentation);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.valid, true);
    const replay = await verify(server, presentation);
    assert.equal(replay.status, 409, JSON.stringify(replay.body));
  } finally {
    await server.stop();
    await redis.stop();
  }
});
