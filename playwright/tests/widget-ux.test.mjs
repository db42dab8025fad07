// The widget's UX states in Chromium, on zoo pages under the strictest CSP: an unsupported browser
// (with the reason), a wallet that never answers (timeout), cancelling the in-flight request with the
// button, a verification failure naming the check, English, and a portrait preset with no CSP violation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot } from '../lib/browser.mjs';
import { VirtualWallet, recordCredentialRequests } from '../lib/virtual-wallet.mjs';
import { answerWithDemoWallet } from '../lib/demo-wallet.mjs';
import { waitForEndState, widget } from '../lib/widget.mjs';
import {
  STRICTEST_CSP,
  cspViolations,
  fieldStates,
  openZooPage,
  pressAndAnswer,
  startZooServer,
} from '../lib/forms.mjs';

let browser;
let server;

before(async () => {
  server = await startZooServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Records the widget's mynaform:* events in window.__events (an init script: CSP does not apply). */
function recordEvents(page) {
  return page.addInitScript(() => {
    window.__events = [];
    for (const type of ['mynaform:filled', 'mynaform:error', 'mynaform:cancelled']) {
      document.addEventListener(type, (event) => window.__events.push({ type, detail: event.detail }));
    }
  });
}

/** Opens `path`, runs `body({page, ...})`, closes; page console appended to failures. */
async function onPage(path, body, options = {}) {
  const opened = await openZooPage(browser, server, path, options);
  try {
    return await body(opened);
  } catch (error) {
    error.message += `\npage console:\n${opened.consoleLines.join('\n')}`;
    throw error;
  } finally {
    await opened.context.close();
  }
}

/** The host's end state and what it shows; requires no spinner, no aria-busy and untouched fields. */
async function endState(page) {
  const { host, status, spinner } = widget(page);
  const state = await waitForEndState(page);
  const result = {
    state,
    error: await host.getAttribute('data-error'),
    reason: await host.getAttribute('data-reason'),
    status: (await status.textContent()) ?? '',
    busy: await host.getAttribute('aria-busy'),
    spinner: await spinner.count(),
    events: await page.evaluate(() => window.__events ?? []),
  };
  return result;
}

function assertNothingFilled(states) {
  for (const [name, state] of Object.entries(states)) {
    assert.equal(state.value, '', `${name} was filled`);
  }
}

function assertQuiet(result) {
  assert.notEqual(result.busy, 'true', 'aria-busy left on the host');
  assert.equal(result.spinner, 0, 'spinner left in the shadow root');
}

// A production server has no demo wallet to fall back on: its people endpoint does not exist.
async function withoutDemoWallet(page) {
  await page.route(`${server.origin}/mynaform/v1/demo-wallet/people`, (route) =>
    route.fulfill({ status: 404, body: 'not found' }),
  );
}

test('a browser without DigitalCredential shows unsupported with the reason and fills nothing', { timeout: 60_000 }, async () => {
  await onPage(
    '/forms/ux.html',
    async ({ page }) => {
      await widget(page).button.click();
      const result = await endState(page);
      assert.equal(result.state, 'unsupported');
      assert.equal(result.reason, 'no_dc_api');
      assert.match(result.status, /対応していません/);
      assert.match(result.status, /Digital Credentials API がありません/);
      assertQuiet(result);
      assertNothingFilled(await fieldStates(page));
      assert.deepEqual(
        result.events.map((e) => [e.type, e.detail.code, e.detail.reason]),
        [['mynaform:error', 'unsupported', 'no_dc_api']],
      );
      await screenshot(page, 'ux-unsupported');
    },
    {
      before: async (page) => {
        await recordEvents(page);
        await withoutDemoWallet(page);
        await page.addInitScript(() => {
          delete window.DigitalCredential;
        });
      },
    },
  );
});

test('a browser without navigator.credentials shows unsupported with the reason', { timeout: 60_000 }, async () => {
  await onPage(
    '/forms/ux.html',
    async ({ page }) => {
      await widget(page).button.click();
      const result = await endState(page);
      assert.equal(result.state, 'unsupported');
      assert.equal(result.reason, 'no_dc_api');
      assertQuiet(result);
      assertNothingFilled(await fieldStates(page));
    },
    {
      before: async (page) => {
        await withoutDemoWallet(page);
        await page.addInitScript(() => {
          delete Navigator.prototype.credentials;
        });
      },
    },
  );
});

test('a browser that allows none of the protocols shows unsupported with that reason', { timeout: 60_000 }, async () => {
  await onPage(
    '/forms/ux.html',
    async ({ page }) => {
      await widget(page).button.click();
      const result = await endState(page);
      assert.equal(result.state, 'unsupported');
      assert.equal(result.reason, 'protocol_not_allowed');
      assert.match(result.status, /対応する提示プロトコルがありません/);
      assertQuiet(result);
    },
    {
      before: async (page) => {
        await withoutDemoWallet(page);
        await page.addInitScript(() => {
          if (window.DigitalCredential) window.DigitalCredential.userAgentAllowsProtocol = () => false;
        });
      },
    },
  );
});

test('a wallet that does not answer within timeout="1" ends in a timeout with nothing filled', { timeout: 60_000 }, async () => {
  await onPage(
    '/forms/ux-timeout.html',
    async ({ page }) => {
      await (await VirtualWallet.attach(page)).wait();
      await widget(page).button.click();
      const result = await endState(page);
      assert.equal(result.state, 'error');
      assert.equal(result.error, 'timeout');
      assert.match(result.status, /時間内に応答がありませんでした/);
      assertQuiet(result);
      assertNothingFilled(await fieldStates(page));
      assert.deepEqual(result.events.map((e) => [e.type, e.detail.code]), [['mynaform:error', 'timeout']]);
      assert.equal(await page.evaluate(() => window.__mynaformRequests.length), 1, 'the wallet was asked once');
    },
    { before: async (page) => {
      await recordEvents(page);
      await recordCredentialRequests(page);
    } },
  );
});

test('pressing the button again while the wallet is asked cancels the request', { timeout: 60_000 }, async () => {
  await onPage(
    '/forms/ux.html',
    async ({ page }) => {
      await (await VirtualWallet.attach(page)).wait();
      const { host, button, spinner } = widget(page);
      await button.click();
      // In flight: the wallet was asked, the host is busy, the spinner shows, the button says cancel.
      await page.waitForFunction(() => window.__mynaformRequests.length === 1);
      assert.equal(await host.getAttribute('data-state'), 'requesting');
      assert.equal(await host.getAttribute('aria-busy'), 'true');
      assert.equal(await spinner.count(), 1);
      assert.match(await button.textContent(), /中止|キャンセル/);
      await button.click();
      const result = await endState(page);
      assert.equal(result.state, 'cancelled');
      assert.match(result.status, /キャンセルされました/);
      assertQuiet(result);
      assertNothingFilled(await fieldStates(page));
      assert.deepEqual(result.events.map((e) => [e.type, e.detail.code]), [['mynaform:cancelled', 'cancelled']]);
      assert.doesNotMatch(await button.textContent(), /中止/);
    },
    { before: async (page) => {
      await recordEvents(page);
      await recordCredentialRequests(page);
    } },
  );
});

/**
 * Arms the wallet with an answer bound to another origin (the phishing relay: localhost instead of
 * 127.0.0.1), over unsigned OpenID4VP; the widget's own transcript then differs.
 */
function answerForAnotherOrigin(page) {
  return answerWithDemoWallet(page, server.origin, {
    protocol: 'openid4vp-v1-unsigned',
    walletOrigin: `http://localhost:${server.port}`,
  });
}

test('a response bound to another origin fails device_authentication, and the message names it', { timeout: 60_000 }, async () => {
  await onPage(
    '/forms/ux.html',
    async ({ page }) => {
      const seen = await answerForAnotherOrigin(page);
      await widget(page).button.click();
      const result = await endState(page);
      assert.equal(seen.error, null);
      assert.equal(result.state, 'error');
      assert.equal(result.error, 'device_authentication');
      assert.match(result.status, /検証に失敗しました/);
      assert.match(result.status, /device_authentication/);
      assertQuiet(result);
      assertNothingFilled(await fieldStates(page));
      assert.deepEqual(result.events.map((e) => [e.type, e.detail.code]), [['mynaform:error', 'device_authentication']]);
      assert.equal(result.events[0].detail.message, result.status);
      await screenshot(page, 'ux-verification-failed');
    },
    { before: recordEvents },
  );
});

test('lang="en" fills with an English summary and names a failed check in English', { timeout: 90_000 }, async () => {
  await onPage('/forms/ux-en.html', async ({ page }) => {
    const preview = await page.locator('mynaform-button [part="preview"]').textContent();
    assert.match(preview, /[A-Za-z]{3}/);
    assert.doesNotMatch(preview, /送信する情報/);
    const result = await pressAndAnswer(page, server, { person: 'taro' });
    assert.equal(result.state, 'filled', `${result.error}: ${result.status}`);
    const summary = await page.locator('mynaform-button [part="summary"]').textContent();
    assert.match(summary, /Verified/);
    assert.match(summary, /Issuer/);
    assert.doesNotMatch(summary, /検証済み/);
    assert.equal((await fieldStates(page)).name.value, '見本\u3000太郎');
  });
  await onPage('/forms/ux-en.html', async ({ page }) => {
    await answerForAnotherOrigin(page);
    await widget(page).button.click();
    const result = await endState(page);
    assert.equal(result.error, 'device_authentication');
    assert.match(result.status, /^Verification failed: .*\(device_authentication\)\. Nothing was filled in\.$/);
  });
});

test('the strictest CSP is in force on zoo pages: an inline style is refused and reported', { timeout: 30_000 }, async () => {
  // The control for the violation listener used by every zoo test.
  await onPage('/forms/ux.html', async ({ page, consoleLines }) => {
    const header = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    assert.equal(header, STRICTEST_CSP);
    assert.doesNotMatch(header, /unsafe-inline/);
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { color: red; }';
      document.head.append(style);
    });
    await page.waitForFunction(() => window.__cspViolations.length > 0);
    const { events } = await cspViolations(page, consoleLines);
    assert.equal(events[0].directive, 'style-src-elem');
  });
});

test('under the strictest CSP an eKYC fill with the portrait reports no violation', { timeout: 60_000 }, async () => {
  await onPage('/forms/portrait.html', async ({ page, consoleLines }) => {
    const result = await pressAndAnswer(page, server, { person: 'hanako' });
    assert.equal(result.state, 'filled', `${result.error}: ${result.status}`);
    const portrait = page.locator('mynaform-button [part="portrait"]');
    assert.equal(await portrait.count(), 1, 'no portrait in the summary');
    const loaded = await portrait.evaluate((img) => img.complete && img.naturalWidth > 0 && img.src.startsWith('data:image/jpeg'));
    assert.ok(loaded, 'the portrait did not load');
    assert.equal((await fieldStates(page)).name.value, '見本\u3000花子');
    assert.deepEqual(await cspViolations(page, consoleLines), { events: [], refusals: [] });
    await screenshot(page, 'ux-portrait-strict-csp');
  });
});
