// Starts the real server helper, `mynaform serve --demo`, on a free loopback port and waits for
// /healthz. MYNAFORM_BIN names the binary (cargo xtask test passes target/debug/mynaform);
// otherwise target/release or target/debug of the workspace is used.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT =
  process.env.MYNAFORM_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The mynaform binary to run. */
export function mynaformBinary() {
  if (process.env.MYNAFORM_BIN) return process.env.MYNAFORM_BIN;
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  for (const profile of ['release', 'debug']) {
    const candidate = path.join(targetDir, profile, 'mynaform');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('no mynaform binary: run `cargo build --bin mynaform` or set MYNAFORM_BIN');
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200 or `timeoutMs` passes. */
export async function waitForHealthy(url, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return false;
}

/**
 * Starts `mynaform serve --demo --listen 127.0.0.1:<port>` plus `extraArgs`.
 * Returns {url, port, origin, output(), stop()}.
 */
export async function startDemoServer({ extraArgs = [], env = {}, timeoutMs = 30_000 } = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(mynaformBinary(), ['serve', '--demo', '--listen', `127.0.0.1:${port}`, ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let exited = null;
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const healthy = await waitForHealthy(`${origin}/healthz`, timeoutMs, () => exited === null);
  const stop = async () => {
    if (exited !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };
  if (!healthy) {
    await stop();
    throw new Error(
      `mynaform serve --demo did not answer /healthz on ${origin} ` +
        `(${exited ? `exited ${JSON.stringify(exited)}` : 'timed out'}); its output:\n${log}`,
    );
  }
  return { url: `${origin}/`, origin, port, output: () => log, stop };
}
