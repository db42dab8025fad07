// Browser/native parity of verification (issue 3 item 7): the widget built with its `parity` feature runs
// the verifier in headless Chromium on the public spec vectors, and its report must equal the report of
// `mynaform verify` on the same files. Only the order of JSON object fields is normalised.
//
// The parity build (`cargo xtask build-widget --features parity --out <tmp>`) goes to a temporary directory
// so it never replaces the production widget in dist/widget. The native side is
// the mynaform binary the other browser tests use (MYNAFORM_BIN, or target/{release,debug}/mynaform).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freshPage, launchBrowser } from '../lib/browser.mjs';
import { ROOT, mynaformBinary } from '../lib/server.mjs';

const VECTORS = path.join(ROOT, 'verifier', 'tests', 'vectors');
const CASES = [
  'b01_annex_d_valid_devicemac',
  'b02_annex_d_tampered_element_value',
  'b03_annex_d_wrong_reader_key',
  'b04_annex_d_untrusted_anchor',
];
const BUILD_TIMEOUT_MS = 20 * 60_000;

const PAGE = `<!doctype html><meta charset="utf-8"><title>parity</title>
<script type="module" src="/parity.js"></script>`;
const SCRIPT = `import init, { __verifyForParity } from './mynaform_widget.js';
await init({ module_or_path: new URL('./mynaform_widget_bg.wasm', import.meta.url) });
window.__verifyForParity = __verifyForParity;
window.__parityReady = true;`;

let browser;
let server;
let origin;
let outDir;

/** Builds the widget with `parity` through xtask (same wasm toolchain route and std build as the production
 * widget) into a temporary directory. */
function buildParityWidget() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mynaform-parity-'));
  execFileSync('cargo', ['xtask', 'build-widget', '--features', 'parity', '--out', dir],
    { cwd: ROOT, env: process.env, stdio: 'inherit', timeout: BUILD_TIMEOUT_MS });
  return dir;
}

/** The same JSON value with every object's fields in sorted order. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
  }
  return value;
}

function vectorFile(name, file) {
  return path.join(VECTORS, name, file);
}

function vectorText(name, file) {
  return readFileSync(vectorFile(name, file), 'utf8').trim();
}

/** `mynaform verify` on the vector's files: its JSON report and exit status. */
function nativeReport(name) {
  const result = spawnSync(mynaformBinary(), [
    'verify',
    '--device-response', vectorFile(name, 'device_response.cbor'),
    '--session-transcript', vectorFile(name, 'session_transcript.cbor'),
    '--trust-anchor', vectorFile(name, 'trust_anchor.pem'),
    '--reader-key', vectorFile(name, 'reader_key.pem'),
    '--at', vectorText(name, 'at.txt'),
    '--doc-type', vectorText(name, 'doc_type.txt'),
  ], { encoding: 'utf8' });
  assert.ok(result.status === 0 || result.status === 1, `mynaform verify exit ${result.status}: ${result.stderr}`);
  return { status: result.status, report: JSON.parse(result.stdout) };
}

/** The widget's `__verifyForParity` on the same files, in Chromium. */
async function browserReport(name) {
  const args = [
    readFileSync(vectorFile(name, 'device_response.cbor')).toString('base64'),
    readFileSync(vectorFile(name, 'session_transcript.cbor')).toString('base64'),
    vectorText(name, 'trust_anchor.pem'),
    vectorText(name, 'at.txt'),
    vectorText(name, 'reader_key.pem'),
    vectorText(name, 'doc_type.txt'),
  ];
  const { context, page, consoleLines } = await freshPage(browser);
  try {
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__parityReady === true).catch((error) => {
      throw new Error(`parity module did not load: ${error.message}\n${consoleLines.join('\n')}`);
    });
    const json = await page.evaluate((a) => window.__verifyForParity(...a), args);
    return JSON.parse(json);
  } finally {
    await context.close();
  }
}

before(async () => {
  outDir = buildParityWidget();
  server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const files = {
      '/parity.js': ['text/javascript', () => SCRIPT],
      '/mynaform_widget.js': ['text/javascript', () => readFileSync(path.join(outDir, 'mynaform_widget.js'))],
      '/mynaform_widget_bg.wasm': ['application/wasm', () => readFileSync(path.join(outDir, 'mynaform_widget_bg.wasm'))],
    };
    const [type, body] = files[url.pathname] || ['text/html; charset=utf-8', () => PAGE];
    response.setHeader('content-type', type);
    response.setHeader('content-security-policy', "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'");
    response.end(body());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
}, { timeout: BUILD_TIMEOUT_MS + 60_000 });

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

for (const name of CASES) {
  test(`browser and native verification give the same report for ${name}`, async () => {
    const native = nativeReport(name);
    const inBrowser = await browserReport(name);
    assert.deepEqual(sortKeys(inBrowser), sortKeys(native.report));
    assert.equal(inBrowser.valid, native.status === 0);
    const expected = JSON.parse(readFileSync(vectorFile(name, 'expected.json'), 'utf8'));
    assert.equal(inBrowser.valid, expected.valid, `${name}: the vector's expected verdict`);
  });
}
