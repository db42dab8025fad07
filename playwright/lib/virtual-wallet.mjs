// Chromium's virtual wallet for the Digital Credentials API, set through CDP
// (`DigitalCredentials.setVirtualWalletBehavior`). Verified on Chromium 156:
//   {action: 'respond', protocol, response: <object>} → credentials.get resolves with a
//     DigitalCredential whose `protocol` and `data` are the given values (response must be an object);
//   {action: 'decline'} → rejects with NotAllowedError;
//   {action: 'wait'}    → stays pending (a later behaviour does not settle a request already waiting);
//   {action: 'clear'}   → no behaviour: a request stays pending as without a wallet.
// The behaviour applies to requests made after it is set, so set it before the page asks.

export class VirtualWallet {
  /** @param {import('playwright-core').CDPSession} cdp */
  constructor(cdp) {
    this.cdp = cdp;
  }

  /** Attaches to `page` through a CDP session of its context. */
  static async attach(page) {
    return new VirtualWallet(await page.context().newCDPSession(page));
  }

  async #set(behavior) {
    await this.cdp.send('DigitalCredentials.setVirtualWalletBehavior', behavior);
  }

  /** The next request resolves with a DigitalCredential `{protocol, data: response}`. */
  respond(protocol, response) {
    if (typeof response !== 'object' || response === null) {
      throw new TypeError('the virtual wallet response must be an object');
    }
    return this.#set({ action: 'respond', protocol, response });
  }

  /** The next request rejects with NotAllowedError, as when the user cancels. */
  decline() {
    return this.#set({ action: 'decline' });
  }

  /** The next request stays pending. */
  wait() {
    return this.#set({ action: 'wait' });
  }

  /** Removes any behaviour. */
  clear() {
    return this.#set({ action: 'clear' });
  }
}

/**
 * An init script that records every digital credential request the page makes in
 * `window.__mynaformRequests` (the virtual wallet emits no event carrying the request).
 */
export function recordCredentialRequests(page) {
  return page.addInitScript(() => {
    window.__mynaformRequests = [];
    const original = CredentialsContainer.prototype.get;
    CredentialsContainer.prototype.get = function (options) {
      if (options && options.digital) {
        window.__mynaformRequests.push(JSON.parse(JSON.stringify(options.digital)));
      }
      return original.call(this, options);
    };
  });
}
