// The first real browser test: the real widget served by `mynaform serve --demo` on the example
// pages, Chromium's Digital Credentials API, and a virtual wallet that declines. The widget must say it
// was cancelled, leave no spinner and no aria-busy behind, and fill nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPage, launchBrowser, screenshot } from '../lib/browser.mjs';
import { startDemoServer } from '../lib/server.mjs';
import { VirtualWallet } from '../lib/virtual-wallet.mjs';
import { fixturePage, formValues, serveFixture, waitForEndState, waitForWidget, widget } from '../lib/widget.mjs';

const EXAMPLES = ['shiyakusho.html', 'bank.html', 'matching.html', 'age-check.html', 'counter.html'];

let browser;
let server;

before(async () => {
  server = await startDemoServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens `path`, lets the virtual wallet decline, presses the first widget; returns what it shows. */
async function declineOn(path, artifact) {
  const { context, page, consoleLines } = await freshPage(browser);
  try {
    await page.goto(`${server.origin}${path}`);
    await waitForWidget(page);
    await (await VirtualWallet.attach(page)).decline();
    const { host, button, status, spinner } = widget(page);
    const initialState = await host.getAttribute('data-state');
    const before = await formValues(page);
    await button.click();
    const state = await waitForEndState(page);
    const result = {
      initialState,
      state,
      status: await status.textContent(),
      busy: await host.getAttribute('aria-busy'),
      spinnerVisible: await spinner.isVisible(),
      before,
      after: await formValues(page),
    };
    await screenshot(page, artifact);
    return result;
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    throw error;
  } finally {
    await context.close();
  }
}

function assertCancelledCleanly(result, message) {
  assert.equal(result.initialState, 'idle');
  assert.equal(result.state, 'cancelled');
  assert.match(result.status, message);
  assert.notEqual(result.busy, 'true', 'aria-busy left on the host');
  assert.equal(result.spinnerVisible, false, 'spinner left visible');
  assert.deepEqual(result.after, result.before, 'a field changed after a cancel');
}

test('declining in the wallet on the 市役所 example shows キャンセルされました and no spinner', { timeout: 60_000 }, async () => {
  const result = await declineOn('/shiyakusho.html', 'cancelled-shiyakusho');
  assertCancelledCleanly(result, /キャンセルされました/);
});

test('declining in the wallet says cancelled in English when lang is en', { timeout: 60_000 }, async () => {
  // A page of our own on the server's origin, under the strict CSP the widget promises to work with.
  const path = '/__e2e/cancel-en.html';
  const { context: ctx, page: p, consoleLines } = await freshPage(browser);
  try {
    await serveFixture(p, server.origin, path, fixturePage({ lang: 'en' }));
    await p.goto(`${server.origin}${path}`);
    await waitForWidget(p);
    await (await VirtualWallet.attach(p)).decline();
    const { host, button, status, spinner } = widget(p);
    await button.click();
    assert.equal(await waitForEndState(p), 'cancelled');
    assert.match(await status.textContent(), /cancelled/i);
    assert.notEqual(await host.getAttribute('aria-busy'), 'true');
    assert.equal(await spinner.isVisible(), false);
    assert.ok(Object.values(await formValues(p)).every((v) => v === ''), 'a field was filled after a cancel');
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    throw error;
  } finally {
    await ctx.close();
  }
});

for (const example of EXAMPLES.slice(1)) {
  test(`declining in the wallet on ${example} ends cancelled with nothing changed`, { timeout: 60_000 }, async () => {
    const result = await declineOn(`/${example}`, `cancelled-${example.replace('.html', '')}`);
    assertCancelledCleanly(result, /キャンセルされました/);
  });
}
