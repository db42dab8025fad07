// The widget DOM contract, seen from a test: <mynaform-button> with an open shadow root holding
// button[part=button], [role=status][part=status] and, while in flight, a .spinner; the host carries
// data-state (idle | requesting | verifying | filled | cancelled | error | unsupported),
// aria-busy while in flight, and data-error on failure.

/** The end states: no spinner and no aria-busy may remain in any of them. */
export const END_STATES = ['filled', 'cancelled', 'error', 'unsupported'];

/** A page that loads the widget the way the README tells integrators to, under the strict CSP. */
export function fixturePage({ preset = 'autofill_basic4', lang, attributes = '', fields } = {}) {
  const langAttribute = lang ? ` lang="${lang}"` : '';
  const formFields =
    fields ??
    `<label>姓 <input name="family_name" autocomplete="family-name"></label>
     <label>名 <input name="given_name" autocomplete="given-name"></label>
     <label>生年月日 <input name="bday" type="date" autocomplete="bday"></label>
     <label>住所 <input name="address" autocomplete="street-address"></label>`;
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>mynaform e2e</title>
<script type="module" src="/mynaform/widget.js" data-server="/mynaform/v1"></script></head>
<body><form id="application" method="post" action="/__e2e/submitted">
${formFields}
<mynaform-button preset="${preset}"${langAttribute} ${attributes}></mynaform-button>
<button type="submit">送信</button>
</form></body></html>`;
}

/** The CSP the widget promises to work under. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'";

/** Serves `html` at `path` of `origin` in `page` (the rest of the origin is the real server). */
export async function serveFixture(page, origin, path, html) {
  await page.route(`${origin}${path}`, (route) =>
    route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP },
      body: html,
    }),
  );
}

/** Locators of the widget's host and its shadow parts (Playwright CSS pierces open shadow roots). */
export function widget(page, index = 0) {
  const host = page.locator('mynaform-button').nth(index);
  return {
    host,
    button: host.locator('button[part="button"]'),
    status: host.locator('[role="status"][part="status"]'),
    spinner: host.locator('.spinner'),
  };
}

/** Waits until every widget on the page is mounted: its wasm loaded and its shadow button drawn. */
export async function waitForWidget(page) {
  await page.waitForFunction(() => {
    const hosts = Array.from(document.querySelectorAll('mynaform-button'));
    return (
      hosts.length > 0 &&
      hosts.every((host) => host.getAttribute('data-state') && host.shadowRoot?.querySelector('button[part="button"]'))
    );
  });
}

/** Waits for the host to reach one of the end states; returns it. */
export async function waitForEndState(page, index = 0) {
  const handle = await page.waitForFunction(
    ([i, ends]) => {
      const host = document.querySelectorAll('mynaform-button')[i];
      const state = host?.getAttribute('data-state');
      return ends.includes(state) ? state : false;
    },
    [index, END_STATES],
  );
  return handle.jsonValue();
}

/** Values of every form control of the page (name → value; checked state for radios/checkboxes). */
export function formValues(page) {
  return page.evaluate(() => {
    const values = {};
    for (const element of document.querySelectorAll('input, select, textarea')) {
      if (!element.name || element.type === 'hidden' || element.type === 'submit') continue;
      if (element.type === 'radio' || element.type === 'checkbox') {
        if (element.checked) values[element.name] = element.value;
      } else {
        values[element.name] = element.value;
      }
    }
    return values;
  });
}
