// Every example page completes its flow through the DC API with the demo wallet's answer, and a
// screenshot of the result is kept in artifacts/ (used by the README).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPage, launchBrowser, screenshot } from '../lib/browser.mjs';
import { startDemoServer } from '../lib/server.mjs';
import { answerWithDemoWallet } from '../lib/demo-wallet.mjs';
import { waitForEndState, waitForWidget, widget } from '../lib/widget.mjs';

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

for (const [example, protocol] of [
  ['bank', 'org-iso-mdoc'],
  ['matching', 'openid4vp-v1-unsigned'],
  ['age-check', 'org-iso-mdoc'],
  ['counter', 'org-iso-mdoc'],
]) {
  test(`the ${example} example completes with verified data over ${protocol}`, { timeout: 60_000 }, async () => {
    const { context, page, consoleLines } = await freshPage(browser);
    page.on('dialog', (dialog) => dialog.accept());
    try {
      await page.goto(`${server.origin}/${example}.html`);
      await waitForWidget(page);
      const armed = await answerWithDemoWallet(page, server.origin, { protocol });
      const { host, spinner } = widget(page);
      await widget(page).button.click();
      const state = await waitForEndState(page);
      assert.equal(armed.error, null, `demo wallet: ${armed.error}`);
      assert.equal(state, 'filled', `ended ${state}: ${await host.getAttribute('data-error')}`);
      assert.notEqual(await host.getAttribute('aria-busy'), 'true');
      assert.equal(await spinner.isVisible(), false);
      await page.waitForTimeout(300); // let the page's own script draw its verdict before the screenshot
      await screenshot(page, `filled-${example}`);
    } catch (error) {
      error.message += `\npage console:\n${consoleLines.join('\n')}`;
      throw error;
    } finally {
      await context.close();
    }
  });
}
