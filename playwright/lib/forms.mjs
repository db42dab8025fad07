// The form zoo (playwright/fixtures/): a demo server serving the fixtures folder instead of examples/,
// pages opened under the strict CSP the widget promises to work with, CSP violations recorded, and the
// state of every form control read back field by field (value, which rule detected it, whether filled).
import assert from 'node:assert/strict';
import { freshPage } from './browser.mjs';
import { startDemoServer } from './server.mjs';
import { answerWithDemoWallet } from './demo-wallet.mjs';
import { waitForEndState, waitForWidget, widget } from './widget.mjs';

/** The API key the zoo's demo server accepts on /verify. */
export const ZOO_API_KEY = 'zoo-api-key-0123456789';

/**
 * The strictest policy the widget supports: no 'unsafe-inline' anywhere, only 'wasm-unsafe-eval' added
 * for the wasm module, data: images for the portrait.
 */
export const STRICTEST_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

/**
 * `mynaform serve --demo` with playwright/fixtures as its page folder (and MYNAFORM_WIDGET_DIR as the
 * widget's folder when set, else the server's default dist/widget).
 */
export function startZooServer() {
  const widgetDir = process.env.MYNAFORM_WIDGET_DIR ? ['--widget-dir', process.env.MYNAFORM_WIDGET_DIR] : [];
  return startDemoServer({
    extraArgs: ['--examples', 'playwright/fixtures', ...widgetDir],
    env: { MYNAFORM_DEMO_API_KEY: ZOO_API_KEY },
  });
}

/**
 * Opens `path` of the zoo in a fresh page. Every HTML document is served with STRICTEST_CSP (the
 * server's own header replaced), and `securitypolicyviolation` events are recorded in
 * `window.__cspViolations`. `before(page)` runs before navigation (init scripts, routes).
 * Returns {context, page, consoleLines, dialogs}; confirm() dialogs are answered with `confirm`
 * (default: accept) and recorded.
 */
export async function openZooPage(browser, server, path, { before, confirm = true } = {}) {
  const { context, page, consoleLines } = await freshPage(browser);
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push({ type: dialog.type(), message: dialog.message() });
    return confirm ? dialog.accept() : dialog.dismiss();
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push({ directive: event.violatedDirective, blocked: event.blockedURI });
    });
  });
  await page.route(
    (url) => url.origin === server.origin && url.pathname.endsWith('.html'),
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers(), 'content-security-policy': STRICTEST_CSP };
      await route.fulfill({ response, headers });
    },
  );
  if (before) await before(page);
  try {
    await page.goto(`${server.origin}${path}`);
    await waitForWidget(page);
  } catch (error) {
    error.message += `\npage console:\n${consoleLines.join('\n')}`;
    await context.close();
    throw error;
  }
  return { context, page, consoleLines, dialogs };
}

/** CSP violations the page reported, plus console lines that look like CSP refusals. */
export async function cspViolations(page, consoleLines) {
  const events = await page.evaluate(() => window.__cspViolations ?? []);
  const refusals = consoleLines.filter((line) => /Content Security Policy|Refused to/i.test(line));
  return { events, refusals };
}

/**
 * Every named control of the page: name → {value, rule, filled}. Radios report the checked value
 * (and the rule of the group's first radio); selects their selected value.
 */
export function fieldStates(page, formSelector = 'form') {
  return page.evaluate((selector) => {
    const states = {};
    for (const form of document.querySelectorAll(selector)) {
      for (const element of form.querySelectorAll('input, select, textarea')) {
        if (!element.name || element.type === 'hidden' || element.type === 'submit') continue;
        const entry = (states[element.name] ??= {
          value: '',
          rule: element.getAttribute('data-mynaform-rule'),
          filled: null,
        });
        if (element.type === 'radio' || element.type === 'checkbox') {
          if (element.checked) {
            entry.value = element.value;
            entry.filled = element.getAttribute('data-mynaform-filled');
          }
        } else {
          entry.value = element.value;
          entry.filled = element.getAttribute('data-mynaform-filled');
        }
      }
    }
    return states;
  }, formSelector);
}

/**
 * Arms the virtual wallet with the demo wallet's answer for `person` over `protocol`, presses widget
 * `index` and waits for its end state. Returns {state, error, status, armed}.
 */
export async function pressAndAnswer(page, server, { person, protocol = 'org-iso-mdoc', index = 0, tamper } = {}) {
  const armed = await answerWithDemoWallet(page, server.origin, { person, protocol, tamper });
  const { host, button, status } = widget(page, index);
  await button.click();
  const state = await waitForEndState(page, index);
  assert.equal(armed.error, null, `demo wallet: ${armed.error}`);
  return {
    state,
    error: await host.getAttribute('data-error'),
    status: (await status.textContent()) ?? '',
    armed,
  };
}

/** Asserts that `states[name]` has `value` and (when given) the debug rule `rule` (`kind:rule`). */
export function assertField(states, name, value, rule) {
  const state = states[name];
  assert.ok(state, `no control named ${name}`);
  assert.equal(state.value, value, `${name}: value`);
  if (rule !== undefined) assert.equal(state.rule, rule, `${name}: data-mynaform-rule`);
}

/** The demo wallet's people, by id. */
export async function demoPeople(server) {
  const response = await fetch(`${server.origin}/mynaform/v1/demo-wallet/people`);
  const { people } = await response.json();
  return Object.fromEntries(people.map((person) => [person.id, person]));
}
