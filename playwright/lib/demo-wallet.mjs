// Answers the widget's request through the server's demo wallet (the test wallet holder) and
// Chromium's virtual wallet. The virtual wallet emits no event with the request, so the test
// intercepts the session response on its way to the widget, asks the demo wallet for the answer to
// the request of the chosen protocol, sets the virtual wallet to respond with it, and only then
// lets the widget see the session.
import { VirtualWallet } from './virtual-wallet.mjs';

/** POSTs JSON to the demo server as the page's origin would; returns {status, body}. */
export async function postJson(origin, path, body, headers = {}) {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

/**
 * Arms `page` so the next wallet request is answered by the demo wallet.
 * Options: protocol (default 'org-iso-mdoc'), person (a demo person id), tamper(answer) → answer,
 * walletOrigin (the origin the wallet is told the request came from; default the page's own — another
 * one simulates a phishing relay, so the answer is bound to that origin).
 * Returns a record filled in as the flow runs: {session, request, answer, error}.
 */
export async function answerWithDemoWallet(page, origin, { protocol = 'org-iso-mdoc', person, tamper, walletOrigin } = {}) {
  const wallet = await VirtualWallet.attach(page);
  const seen = { session: null, request: null, answer: null, error: null };
  await page.route(`${origin}/mynaform/v1/sessions`, async (route) => {
    const response = await route.fetch();
    const session = await response.json();
    seen.session = session;
    try {
      const request = session.requests.find((r) => r.protocol === protocol);
      if (!request) throw new Error(`the session offers no ${protocol} request`);
      seen.request = request;
      const reply = await postJson(
        origin,
        '/mynaform/v1/demo-wallet/respond',
        { request, ...(person ? { person } : {}) },
        walletOrigin ? { origin: walletOrigin } : {},
      );
      if (reply.status !== 200) throw new Error(`demo wallet answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      seen.answer = tamper ? tamper(structuredClone(reply.body)) : reply.body;
      await wallet.respond(seen.answer.protocol, seen.answer.data);
    } catch (error) {
      seen.error = error;
      await wallet.decline();
    }
    await route.fulfill({ response, json: session });
  });
  return seen;
}

/** Flips one bit in the middle of a base64url string's decoded bytes (a tampered ciphertext). */
export function flipBitInBase64url(text) {
  const bytes = Buffer.from(text, 'base64url');
  const index = Math.floor(bytes.length / 2);
  bytes[index] ^= 0x01;
  return bytes.toString('base64url');
}
