// Accessibility of every example page and of the widget's open shadow DOM: axe-core finds no
// violations, in the idle state and after a successful fill through the DC API and the demo wallet.
// The pages run under a strict CSP (script-src 'self' 'wasm-unsafe-eval'), so axe is evaluated
// through the DevTools protocol (page.evaluate), which the page's CSP does not govern.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { freshPage, launchBrowser } from '../lib/browser.mjs';
import { startDemoServer } from '../lib/server.mjs';
import { answerWithDemoWallet } from '../lib/demo-wallet.mjs';
import { VirtualWallet } from '../lib/virtual-wallet.mjs';
import { waitForEndState, waitForWidget, widget } from '../lib/widget.mjs';

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Example pages, the protocol their flow uses, and whether they carry a widget. */
const PAGES = [
  { path: '/index.html', widget: false },
  { path: '/shiyakusho.html', protocol: 'org-iso-mdoc' },
  { path: '/bank.html', protocol: 'org-iso-mdoc' },
  { path: '/matching.html', protocol: 'openid4vp-v1-unsigned' },
  { path: '/age-check.html', protocol: 'org-iso-mdoc' },
  { path: '/counter.html', protocol: 'org-iso-mdoc' },
  { path: '/app/react/index.html', protocol: 'org-iso-mdoc' },
  { path: '/app/vue/index.html', protocol: 'org-iso-mdoc' },
];

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

/** Runs axe on the whole document (open shadow roots included); returns the violations, summarised. */
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
}

function describe(found) {
  return found.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n');
}

for (const example of PAGES) {
  const states = example.widget === false ? 'as loaded' : 'idle and filled';
  test(`axe finds no violations on ${example.path}, ${states}`, { timeout: 90_000 }, async () => {
    const { context, page, consoleLines } = await freshPage(browser);
    page.on('dialog', (dialog) => dialog.accept());
    try {
      await page.goto(`${server.origin}${example.path}`);
      if (example.widget === false) {
        const idle = await violations(page);
        assert.deepEqual(idle, [], `idle ${example.path}:\n${describe(idle)}`);
        return;
      }
      await waitForWidget(page);
      // The scan must see the widget's shadow DOM, or it proves nothing about the widget.
      assert.ok(await page.evaluate(() => document.querySelector('mynaform-button').shadowRoot.querySelector('button')));
      const idle = await violations(page);
      assert.deepEqual(idle, [], `idle ${example.path}:\n${describe(idle)}`);

      const armed = await answerWithDemoWallet(page, server.origin, { protocol: example.protocol });
      const { host, button } = widget(page);
      await button.click();
      const state = await waitForEndState(page);
      assert.equal(armed.error, null, `demo wallet: ${armed.error}`);
      assert.equal(state, 'filled', `ended ${state}: ${await host.getAttribute('data-error')}`);
      await page.waitForTimeout(300); // let the page's own script draw its verdict
      const filled = await violations(page);
      assert.deepEqual(filled, [], `filled ${example.path}:\n${describe(filled)}`);
    } catch (error) {
      error.message += `\npage console:\n${consoleLines.join('\n')}`;
      throw error;
    } finally {
      await context.close();
    }
  });
}

test('axe finds no violations in the demo wallet sheet nor after filling through it', { timeout: 90_000 }, async () => {
  const { context, page, consoleLines } = await freshPage(browser);
  try {
    await page.goto(`${server.origin}/shiyakusho.html`);
    await waitForWidget(page);
    // The page opts in to the demo wallet, as a page does for browsers without a wallet.
    await page.evaluate(() => document.querySelector('mynaform-button').setAttribute('data-demo-wallet', ''));
    const { host, button } = widget(page);
    await button.click();
    const sheet = host.locator('[part="demo-wallet"][role="dialog"]');
    await sheet.waitFor({ state: 'visible' });
    const open = await violations(page);
    assert.deepEqual(open, [], `demo wallet sheet:\n${describe(open)}`);
    await sheet.locator('[data-action="allow"]').click();
    const state = await waitForEndState(page);
    assert.equal(state, 'filled', `ended ${state}: ${await host.getAttribute('data-error')}`);
    const filled = await violations(page);
    assert.deepEqual(filled, [], `filled through the demo wallet:\n${describe(filled)}`);
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    throw error;
  } finally {
    await context.close();
  }
});

test('axe finds no violations after the wallet declines (the cancelled message)', { timeout: 60_000 }, async () => {
  const { context, page, consoleLines } = await freshPage(browser);
  try {
    await page.goto(`${server.origin}/shiyakusho.html`);
    await waitForWidget(page);
    await (await VirtualWallet.attach(page)).decline();
    await widget(page).button.click();
    assert.equal(await waitForEndState(page), 'cancelled');
    const found = await violations(page);
    assert.deepEqual(found, [], `cancelled:\n${describe(found)}`);
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    throw error;
  } finally {
    await context.close();
  }
});
