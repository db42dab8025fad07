// The widget's JavaScript contract in Chromium (fixtures/forms/js-api.html, strictest CSP):
// mynaform.request(preset, options) from a click handler resolves with the filled detail; the
// mynaform:filled / mynaform:error / mynaform:cancelled events carry the documented detail; the
// hidden mynaform_presentation input goes out with the form and verifies once on /verify.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../lib/browser.mjs';
import { VirtualWallet } from '../lib/virtual-wallet.mjs';
import { answerWithDemoWallet, postJson } from '../lib/demo-wallet.mjs';
import { waitForEndState, widget } from '../lib/widget.mjs';
import { ZOO_API_KEY, cspViolations, fieldStates, openZooPage, startZooServer } from '../lib/forms.mjs';

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

async function onApiPage(body) {
  const opened = await openZooPage(browser, server, '/forms/js-api.html');
  try {
    return await body(opened);
  } catch (error) {
    error.message += `\npage console:\n${opened.consoleLines.join('\n')}`;
    throw error;
  } finally {
    await opened.context.close();
  }
}

/** Clicks the page's own #ask button and waits until mynaform.request settled; returns the outcome. */
async function askThroughApi(page) {
  await page.locator('#ask').click();
  await page.waitForFunction(() => ['resolved', 'rejected'].includes(document.querySelector('#result').dataset.outcome));
  return page.evaluate(() => {
    const result = document.querySelector('#result');
    return { outcome: result.dataset.outcome, value: JSON.parse(result.textContent) };
  });
}

function events(page) {
  return page.evaluate(() => window.__zooEvents);
}

function verify(presentation) {
  return postJson(server.origin, '/mynaform/v1/verify', { presentation }, { authorization: `Bearer ${ZOO_API_KEY}` });
}

test('mynaform.request from a click resolves with the filled detail and fires mynaform:filled', { timeout: 60_000 }, async () => {
  await onApiPage(async ({ page, consoleLines }) => {
    const armed = await answerWithDemoWallet(page, server.origin, { person: 'taro' });
    const { outcome, value: detail } = await askThroughApi(page);
    assert.equal(armed.error, null);
    assert.equal(outcome, 'resolved', JSON.stringify(detail));
    // The documented detail: preset, claims, issuer, filled_fields, presentation.
    assert.equal(detail.preset, 'autofill_basic4');
    assert.equal(detail.claims.family_name, '見本');
    assert.equal(detail.claims.given_name, '太郎');
    assert.ok(detail.issuer.length > 0, 'no issuer');
    assert.equal(detail.filled_fields, 4);
    assert.equal(detail.presentation.session_id, armed.session.session_id);
    assert.equal(detail.presentation.protocol, 'org-iso-mdoc');
    assert.match(detail.presentation.device_response, /^[A-Za-z0-9_-]+$/);
    // The form named in the options was filled; the other form was not.
    const states = await fieldStates(page);
    assert.equal(states.sei.value, '見本');
    assert.equal(states.mei.value, '太郎');
    assert.equal(states.bday.value, '1989-05-15');
    assert.equal(states.address.value, '北海道札幌市中央区見本町北１条西２丁目３－４');
    assert.equal(states.g_name.value, '');
    // One event, from the element the API created, with the same detail it resolved with.
    const seen = await events(page);
    assert.deepEqual(seen.map((e) => [e.type, e.target]), [['mynaform:filled', 'mynaform-button']]);
    assert.deepEqual(seen[0].detail, detail);
    // The API's element is gone; the page's own widget is untouched.
    assert.equal(await page.locator('mynaform-button').count(), 1);
    assert.equal(await widget(page).host.getAttribute('data-state'), 'idle');
    assert.deepEqual(await cspViolations(page, consoleLines), { events: [], refusals: [] });
  });
});

test('mynaform.request rejects with code cancelled and fires mynaform:cancelled when the user declines', { timeout: 60_000 }, async () => {
  await onApiPage(async ({ page }) => {
    await (await VirtualWallet.attach(page)).decline();
    const { outcome, value } = await askThroughApi(page);
    assert.equal(outcome, 'rejected');
    assert.equal(value.code, 'cancelled');
    assert.match(value.message, /キャンセル/);
    const seen = await events(page);
    assert.deepEqual(seen.map((e) => e.type), ['mynaform:cancelled']);
    assert.deepEqual(seen[0].detail, { code: 'cancelled', message: value.message });
    assert.equal((await fieldStates(page)).sei.value, '');
  });
});

test('a malformed wallet answer fires mynaform:error with the code shown in data-error', { timeout: 60_000 }, async () => {
  await onApiPage(async ({ page }) => {
    await (await VirtualWallet.attach(page)).respond('org-iso-mdoc', { response: 'bm90IGEgcmVzcG9uc2U' });
    const { host, button, status } = widget(page);
    await button.click();
    assert.equal(await waitForEndState(page), 'error');
    const code = await host.getAttribute('data-error');
    assert.ok(code, 'no data-error');
    const seen = await events(page);
    assert.deepEqual(seen.map((e) => [e.type, e.target]), [['mynaform:error', 'mynaform-button']]);
    assert.deepEqual(seen[0].detail, { code, message: await status.textContent() });
    assert.equal((await fieldStates(page)).g_name.value, '');
  });
});

test('the hidden mynaform_presentation is submitted with the form and verifies exactly once', { timeout: 60_000 }, async () => {
  await onApiPage(async ({ page }) => {
    const armed = await answerWithDemoWallet(page, server.origin, { person: 'smith', protocol: 'openid4vp-v1-unsigned' });
    const submitted = new Promise((resolve) => {
      page.route(`${server.origin}/__zoo/submit`, async (route) => {
        resolve(route.request().postData());
        await route.fulfill({ status: 200, contentType: 'text/plain', body: 'received' });
      });
    });
    const { outcome, value: detail } = await askThroughApi(page);
    assert.equal(outcome, 'resolved', JSON.stringify(detail));
    await page.locator('#submit').click();
    const body = new URLSearchParams(await submitted);
    assert.equal(body.get('sei'), 'SMITH');
    const presentation = JSON.parse(body.get('mynaform_presentation'));
    assert.deepEqual(Object.keys(presentation).sort(), ['device_response', 'protocol', 'response', 'session_id']);
    assert.equal(presentation.session_id, armed.session.session_id);
    assert.equal(presentation.protocol, 'openid4vp-v1-unsigned');
    assert.equal(presentation.device_response, detail.presentation.device_response);
    assert.deepEqual(presentation.response, armed.answer.data);

    const first = await verify(presentation);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.valid, true, JSON.stringify(first.body.checks));
    const replay = await verify(presentation);
    assert.equal(replay.status, 409, JSON.stringify(replay.body));
  });
});
