// mynaform widget entry (served as /mynaform/widget.js next to the wasm-bindgen glue
// mynaform_widget.js and mynaform_widget_bg.wasm). No inline script, no eval: works under
// Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'.
//
//   <script type="module" src="/mynaform/widget.js" data-server="/mynaform/v1"></script>
//   <form> … <mynaform-button preset="autofill_basic4"></mynaform-button> … </form>
import init, { mount } from './mynaform_widget.js';

const here = import.meta.url;
const scripts = Array.from(document.querySelectorAll('script[src]'));
const script = scripts.find((s) => s.src === here) ?? scripts.find((s) => s.dataset.server !== undefined);
// data-server may be absolute or relative to the page; default: "v1" next to this file.
const server = (script?.dataset.server
  ? new URL(script.dataset.server, document.baseURI)
  : new URL('./v1', here)).href.replace(/\/$/, '');

const ready = init({ module_or_path: new URL('./mynaform_widget_bg.wasm', here) });

class MynaformButton extends HTMLElement {
  static get observedAttributes() { return ['preset', 'lang', 'allow-my-number']; }

  connectedCallback() {
    if (this.mynaformMounted) return;
    this.mynaformMounted = true;
    ready.then(() => mount(this, server)).catch((error) => {
      this.setAttribute('data-state', 'error');
      this.setAttribute('data-error', 'load');
      console.error('mynaform: the widget could not start', error);
    });
  }

  attributeChangedCallback(name, oldValue, newValue) {
    // Rebuild the preview when the page changes what is requested (not while a request is in flight).
    if (this.mynaformMounted && oldValue !== newValue && this.getAttribute('aria-busy') !== 'true') {
      ready.then(() => mount(this, server));
    }
  }
}

if (!customElements.get('mynaform-button')) {
  customElements.define('mynaform-button', MynaformButton);
}

const OPTION_ATTRIBUTES = { form: 'form', lang: 'lang', allowMyNumber: 'allow-my-number',
  allowBirthDateFallback: 'allow-birth-date-fallback', debug: 'debug', timeout: 'timeout',
  demoWallet: 'data-demo-wallet' };

/**
 * Asks the wallet without a visible button (call it from a user gesture, e.g. a click handler).
 * Resolves with the `mynaform:filled` detail; rejects with an Error whose `code` is the
 * `data-error` code (`cancelled` when the user cancelled).
 */
function request(preset, options = {}) {
  return new Promise((resolve, reject) => {
    const element = document.createElement('mynaform-button');
    element.setAttribute('preset', preset);
    for (const [option, attribute] of Object.entries(OPTION_ATTRIBUTES)) {
      const value = options[option];
      if (value === true) element.setAttribute(attribute, '');
      else if (typeof value === 'string' || typeof value === 'number') element.setAttribute(attribute, String(value));
    }
    element.hidden = true;
    const settle = (callback) => (event) => { element.remove(); callback(event.detail); };
    element.addEventListener('mynaform:filled', settle(resolve), { once: true });
    const fail = settle((detail) => reject(Object.assign(new Error(detail?.message ?? 'mynaform error'),
      { code: detail?.code ?? 'error' })));
    element.addEventListener('mynaform:error', fail, { once: true });
    element.addEventListener('mynaform:cancelled', fail, { once: true });
    document.body.append(element);
    ready.then(() => element.shadowRoot?.querySelector('button')?.click(), reject);
  });
}

window.mynaform = Object.freeze({ request, ready: ready.then(() => undefined), server });
