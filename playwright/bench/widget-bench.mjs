// The browser side of `cargo xtask bench widget` (issue 6 item 6): serves a widget built with the `parity`
// feature from a loopback HTTP server, opens it in headless Chromium and runs `__benchOpenAndVerify` (the
// widget's real decrypt + verify + normalise) on one fixture written by the widget's `bench_fixture`
// example. Prints one JSON line: `{ok, failing_check?, warmup_ms, times_ms, user_agent, timer}`.
//
//   node playwright/bench/widget-bench.mjs --dir BUILD_DIR --fixture FILE.json [--warmup N] [--iterations N]
//
// The page is cross-origin isolated (COOP + COEP) so that `performance.now()` has Chromium's fine
// resolution rather than the coarse 100 µs of an ordinary page. This is a bench: nothing here is asserted
// about time.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freshPage, launchBrowser } from '../lib/browser.mjs';

const PAGE = `<!doctype html><meta charset="utf-8"><title>widget bench</title>
<script type="module" src="/bench.js"></script>`;
const SCRIPT = `import init, { __benchOpenAndVerify } from './mynaform_widget.js';
await init({ module_or_path: new URL('./mynaform_widget_bg.wasm', import.meta.url) });
window.__benchOpenAndVerify = __benchOpenAndVerify;
window.__benchReady = true;`;
/** Long enough for a slow machine to run every iteration of the ekyc_ru case. */
const RUN_TIMEOUT_MS = 10 * 60_000;

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    fixture: { type: 'string' },
    warmup: { type: 'string', default: '5' },
    iterations: { type: 'string', default: '30' },
  },
});
if (!values.dir || !values.fixture) {
  console.error('usage: widget-bench.mjs --dir BUILD_DIR --fixture FILE.json [--warmup N] [--iterations N]');
  process.exit(2);
}
const warmup = Number.parseInt(values.warmup, 10);
const iterations = Number.parseInt(values.iterations, 10);
const fixture = readFileSync(values.fixture, 'utf8');

/** Serves the bench page and the parity build of the widget. */
function serve(dir) {
  const files = {
    '/bench.js': ['text/javascript', () => SCRIPT],
    '/mynaform_widget.js': ['text/javascript', () => readFileSync(path.join(dir, 'mynaform_widget.js'))],
    '/mynaform_widget_bg.wasm': ['application/wasm', () => readFileSync(path.join(dir, 'mynaform_widget_bg.wasm'))],
  };
  return http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const [type, body] = files[url.pathname] || ['text/html; charset=utf-8', () => PAGE];
    response.setHeader('content-type', type);
    response.setHeader('content-security-policy', "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'");
    response.setHeader('cross-origin-opener-policy', 'same-origin');
    response.setHeader('cross-origin-embedder-policy', 'require-corp');
    response.end(body());
  });
}

const server = serve(values.dir);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await launchBrowser();
let exitCode = 0;
try {
  const { context, page, consoleLines } = await freshPage(browser);
  page.setDefaultTimeout(RUN_TIMEOUT_MS);
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.__benchReady === true, null, { timeout: 30_000 }).catch((error) => {
      throw new Error(`bench module did not load: ${error.message}\n${consoleLines.join('\n')}`);
    });
    const result = await page.evaluate(([json, w, n]) => ({
      run: window.__benchOpenAndVerify(json, w, n),
      isolated: window.crossOriginIsolated,
      userAgent: navigator.userAgent,
    }), [fixture, warmup, iterations]);
    const run = JSON.parse(result.run);
    run.user_agent = result.userAgent;
    run.timer = result.isolated ? 'cross-origin isolated' : 'coarse (not isolated)';
    console.log(JSON.stringify(run));
  } finally {
    await context.close();
  }
} catch (error) {
  console.error(`widget-bench: ${error.message}`);
  exitCode = 1;
} finally {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
}
process.exit(exitCode);
