// The harness itself against a tiny static page: the CDP virtual wallet settles a real
// navigator.credentials.get the way the widget will see it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { freshPage, launchBrowser } from '../lib/browser.mjs';
import { VirtualWallet, recordCredentialRequests } from '../lib/virtual-wallet.mjs';

const PAGE = `<!doctype html><meta charset="utf-8"><title>harness</title>
<button id="ask">ask</button><output id="result"></output>
<script src="/ask.js"></script>`;

// Asks for an mdoc on click and writes the outcome into #result.
const SCRIPT = `document.getElementById('ask').addEventListener('click', async () => {
  const out = document.getElementById('result');
  try {
    const credential = await navigator.credentials.get({
      mediation: 'required',
      digital: { requests: [{ protocol: 'org-iso-mdoc', data: { deviceRequest: 'dr', encryptionInfo: 'ei' } }] },
    });
    out.textContent = JSON.stringify({ ok: true, type: credential.constructor.name, protocol: credential.protocol, data: credential.data });
  } catch (error) {
    out.textContent = JSON.stringify({ ok: false, name: error.name });
  }
});`;

let browser;
let server;
let origin;

before(async () => {
  server = http.createServer((request, response) => {
    const js = request.url === '/ask.js';
    response.setHeader('content-type', js ? 'text/javascript' : 'text/html; charset=utf-8');
    response.end(js ? SCRIPT : PAGE);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function askWith(setBehavior) {
  const { context, page } = await freshPage(browser);
  try {
    await recordCredentialRequests(page);
    await page.goto(`${origin}/`);
    await setBehavior(await VirtualWallet.attach(page));
    await page.click('#ask');
    await page.waitForFunction(() => document.getElementById('result').textContent !== '');
    const result = JSON.parse(await page.textContent('#result'));
    const requests = await page.evaluate(() => window.__mynaformRequests);
    return { result, requests };
  } finally {
    await context.close();
  }
}

test('virtual wallet decline rejects the request with NotAllowedError', { timeout: 30_000 }, async () => {
  const { result } = await askWith((wallet) => wallet.decline());
  assert.deepEqual(result, { ok: false, name: 'NotAllowedError' });
});

test('virtual wallet respond resolves with a DigitalCredential carrying the response', { timeout: 30_000 }, async () => {
  const { result } = await askWith((wallet) => wallet.respond('org-iso-mdoc', { response: 'abc' }));
  assert.deepEqual(result, {
    ok: true,
    type: 'DigitalCredential',
    protocol: 'org-iso-mdoc',
    data: { response: 'abc' },
  });
});

test('the request recorder sees what the page asked for', { timeout: 30_000 }, async () => {
  const { requests } = await askWith((wallet) => wallet.decline());
  assert.equal(requests.length, 1);
  assert.equal(requests[0].requests[0].protocol, 'org-iso-mdoc');
  assert.equal(requests[0].requests[0].data.encryptionInfo, 'ei');
});

test('a waiting wallet leaves the request pending', { timeout: 30_000 }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await page.goto(`${origin}/`);
    await (await VirtualWallet.attach(page)).wait();
    await page.click('#ask');
    await page.waitForTimeout(500);
    assert.equal(await page.textContent('#result'), '');
  } finally {
    await context.close();
  }
});
