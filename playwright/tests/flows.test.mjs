// End-to-end flows through Chromium's Digital Credentials API: the real widget on the example pages,
// the CDP virtual wallet answering with what the server's demo wallet (the test wallet holder)
// produced, and the server's /verify. Negative flows: wallet error, tampered response, replayed
// presentation, wrong origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { freshPage, launchBrowser, screenshot } from '../lib/browser.mjs';
import { startDemoServer } from '../lib/server.mjs';
import { VirtualWallet } from '../lib/virtual-wallet.mjs';
import { answerWithDemoWallet, flipBitInBase64url, postJson } from '../lib/demo-wallet.mjs';
import { formValues, waitForEndState, waitForWidget, widget } from '../lib/widget.mjs';

const API_KEY = 'e2e-api-key-0123456789';

let browser;
let server;
let people;

before(async () => {
  server = await startDemoServer({ env: { MYNAFORM_DEMO_API_KEY: API_KEY } });
  browser = await launchBrowser();
  const response = await fetch(`${server.origin}/mynaform/v1/demo-wallet/people`);
  people = (await response.json()).people;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Opens an example page on `pageOrigin`, arms the wallet with `arm(page)`, presses widget `index`
 * and waits for its end state. Returns the page state; the context stays open until `close()`.
 */
async function pressWidget(path, arm, { index = 0, pageOrigin = server.origin } = {}) {
  const { context, page, consoleLines } = await freshPage(browser);
  page.on('dialog', (dialog) => dialog.accept());
  try {
    await page.goto(`${pageOrigin}${path}`);
    await waitForWidget(page);
    const armed = await arm(page);
    const before = await formValues(page);
    const { host, button, status, spinner } = widget(page, index);
    await button.click();
    const state = await waitForEndState(page, index);
    return {
      page,
      armed,
      state,
      error: await host.getAttribute('data-error'),
      status: await status.textContent(),
      busy: await host.getAttribute('aria-busy'),
      spinnerVisible: await spinner.isVisible(),
      before,
      after: await formValues(page),
      consoleLines,
      close: () => context.close(),
    };
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    await context.close();
    throw error;
  }
}

/** The hidden field the widget leaves for the backend, parsed. */
async function presentationOf(page) {
  const text = await page.evaluate(
    () => document.querySelector('input[name="mynaform_presentation"]')?.value ?? null,
  );
  assert.ok(text, 'no mynaform_presentation field after filling');
  return JSON.parse(text);
}

function verify(presentation) {
  return postJson(server.origin, '/mynaform/v1/verify', { presentation }, { authorization: `Bearer ${API_KEY}` });
}

function assertNothingChanged(result) {
  assert.notEqual(result.busy, 'true', 'aria-busy left on the host');
  assert.equal(result.spinnerVisible, false, 'spinner left visible');
  assert.deepEqual(result.after, result.before, 'a field changed although verification failed');
}

for (const protocol of ['org-iso-mdoc', 'openid4vp-v1-unsigned']) {
  test(`the 市役所 form is filled with the verified name and address over ${protocol}`, { timeout: 90_000 }, async () => {
    const result = await pressWidget('/shiyakusho.html', (page) =>
      answerWithDemoWallet(page, server.origin, { protocol }),
    );
    try {
      assert.equal(result.armed.error, null, `demo wallet: ${result.armed.error}`);
      assert.equal(result.state, 'filled', `ended ${result.state} (${result.error}): ${result.status}`);
      const [family, given] = people[0].full_name.split(/[\u3000 ]/);
      assert.equal(result.after.sei, family);
      assert.equal(result.after.mei, given);
      for (const field of ['birth_era', 'birth_year', 'birth_month', 'birth_day', 'seibetsu', 'pref', 'city', 'banchi']) {
        assert.ok(result.after[field], `${field} was not filled`);
      }
      assert.equal(result.after.kojin_bango, '', 'the My Number was filled without the opt-in preset');
      await screenshot(result.page, `filled-shiyakusho-${protocol}`);

      // The backend's side: the hidden field verifies once, and a replay is refused.
      const presentation = await presentationOf(result.page);
      assert.equal(presentation.protocol, protocol);
      const first = await verify(presentation);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.valid, true, JSON.stringify(first.body.checks));
      const replay = await verify(presentation);
      assert.equal(replay.status, 409, JSON.stringify(replay.body));
    } finally {
      await result.close();
    }
  });
}

test('a wallet answering garbage ends in an error with nothing filled', { timeout: 60_000 }, async () => {
  const result = await pressWidget('/shiyakusho.html', async (page) => {
    await (await VirtualWallet.attach(page)).respond('org-iso-mdoc', { response: 'bm90IGEgcmVzcG9uc2U' });
  });
  try {
    assert.equal(result.state, 'error');
    assert.ok(result.error, 'no data-error on the host');
    assertNothingChanged(result);
  } finally {
    await result.close();
  }
});

test('a tampered wallet response is rejected by the widget and fills nothing', { timeout: 60_000 }, async () => {
  const result = await pressWidget('/shiyakusho.html', (page) =>
    answerWithDemoWallet(page, server.origin, {
      tamper: (answer) => ({ ...answer, data: { ...answer.data, response: flipBitInBase64url(answer.data.response) } }),
    }),
  );
  try {
    assert.equal(result.armed.error, null, `demo wallet: ${result.armed.error}`);
    assert.equal(result.state, 'error');
    assert.ok(result.error, 'no data-error on the host');
    assertNothingChanged(result);
    await screenshot(result.page, 'error-tampered');
  } finally {
    await result.close();
  }
});

test('a response bound to another origin fails device authentication in the widget', { timeout: 60_000 }, async () => {
  // The phishing relay: the wallet answers a request that reached it through another site, so
  // the response is bound to that site's origin (here localhost instead of 127.0.0.1). Unsigned
  // OpenID4VP: a signed mdoc request would already be refused by the wallet (reader authentication
  // covers the origin).
  const result = await pressWidget('/shiyakusho.html', (page) =>
    answerWithDemoWallet(page, server.origin, {
      protocol: 'openid4vp-v1-unsigned',
      walletOrigin: `http://localhost:${server.port}`,
    }),
  );
  try {
    assert.equal(result.armed.error, null);
    assert.equal(result.state, 'error');
    assert.match(result.error ?? '', /device|transcript|origin|session/i);
    assertNothingChanged(result);
  } finally {
    await result.close();
  }
});

test('session creation from an origin outside the allowlist is refused', { timeout: 30_000 }, async () => {
  const reply = await fetch(`${server.origin}/mynaform/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    body: JSON.stringify({
      preset: 'autofill_basic4',
      protocols: ['org-iso-mdoc'],
      recipient_public_key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }),
    }),
  });
  assert.equal(reply.status, 403);
});
