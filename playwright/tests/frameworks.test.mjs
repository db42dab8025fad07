// The React and Vue example forms (built from npm packages into examples/app/) filled end to end
// through Chromium's DC API with the demo wallet's answer: the controlled inputs show the verified
// values AND the framework's own state (rendered in #state by each page) holds them, so the widget's
// input/change events reached React's onChange and Vue's handlers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPage, launchBrowser, screenshot } from '../lib/browser.mjs';
import { startDemoServer } from '../lib/server.mjs';
import { answerWithDemoWallet } from '../lib/demo-wallet.mjs';
import { formValues, waitForEndState, waitForWidget, widget } from '../lib/widget.mjs';

let browser;
let server;
let person;

before(async () => {
  server = await startDemoServer();
  browser = await launchBrowser();
  const response = await fetch(`${server.origin}/mynaform/v1/demo-wallet/people`);
  person = (await response.json()).people[0];
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens `path`, answers with the demo wallet over mdoc, presses the widget; returns the page after filling. */
async function fill(path) {
  const { context, page, consoleLines } = await freshPage(browser);
  page.on('dialog', (dialog) => dialog.accept());
  try {
    await page.goto(`${server.origin}${path}`);
    await waitForWidget(page);
    const before = await formValues(page);
    const armed = await answerWithDemoWallet(page, server.origin);
    const { host, button } = widget(page);
    await button.click();
    const state = await waitForEndState(page);
    assert.equal(armed.error, null, `demo wallet: ${armed.error}`);
    assert.equal(state, 'filled', `ended ${state}: ${await host.getAttribute('data-error')}`);
    // The framework re-renders asynchronously; wait until its state shows a filled name.
    await page.waitForFunction(() => /[^\s"{}:,]/.test(JSON.stringify(Object.values(JSON.parse(document.querySelector('#state').textContent)))));
    const after = await formValues(page);
    const frameworkState = JSON.parse(await page.locator('#state').textContent());
    return { page, context, consoleLines, before, after, frameworkState };
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    await context.close();
    throw error;
  }
}


test('the React form is filled and React state follows the controlled inputs', { timeout: 90_000 }, async () => {
  const { page, context, before, after, frameworkState } = await fill('/app/react/index.html');
  try {
    const [family, given] = person.full_name.split(/[\u3000 ]/);
    assert.equal(before.family, '');
    assert.equal(after.family, family);
    assert.equal(after.given, given);
    assert.match(after.bday, /^\d{4}-\d{2}-\d{2}$/);
    for (const field of ['sex', 'pref', 'city', 'line1']) assert.ok(after[field], `${field} was not filled`);
    // React state: every filled input is mirrored in the component's state.
    for (const key of ['family', 'given', 'bday', 'sex', 'pref', 'city', 'line1']) {
      assert.equal(frameworkState[key], after[key] ?? '', `React state ${key} differs from the input`);
    }
    assert.equal(frameworkState.family, family);
    assert.equal(frameworkState.bday, after.bday);
    // A re-render keeps the values: React would reset an input whose state did not update.
    await page.locator('#city').focus();
    await page.keyboard.type('X');
    assert.equal(await page.locator('#family').inputValue(), family);
    assert.equal(JSON.parse(await page.locator('#state').textContent()).city, `${after.city}X`);
    await screenshot(page, 'filled-react');
  } finally {
    await context.close();
  }
});

test('the Vue form is filled and the reactive state follows the inputs', { timeout: 90_000 }, async () => {
  const { page, context, before, after, frameworkState } = await fill('/app/vue/index.html');
  try {
    assert.equal(before.full_name, '');
    assert.equal(after.full_name.replace(/[\u3000 ]/g, ''), person.full_name.replace(/[\u3000 ]/g, ''));
    assert.match(after.bday, /^\d{4}-\d{2}-\d{2}$/);
    for (const field of ['sex', 'pref', 'city', 'line1']) assert.ok(after[field], `${field} was not filled`);
    const keys = { fullName: 'full_name', bday: 'bday', sex: 'sex', pref: 'pref', city: 'city', line1: 'line1' };
    for (const [stateKey, field] of Object.entries(keys)) {
      assert.equal(frameworkState[stateKey], after[field] ?? '', `Vue state ${stateKey} differs from the input`);
    }
    assert.equal(frameworkState.fullName, after.full_name);
    await page.locator('#city').focus();
    await page.keyboard.type('X');
    assert.equal(await page.locator('#full_name').inputValue(), after.full_name);
    await page.waitForFunction(() => JSON.parse(document.querySelector('#state').textContent).city.endsWith('X'));
    await screenshot(page, 'filled-vue');
  } finally {
    await context.close();
  }
});
