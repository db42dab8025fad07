// TypeScript declarations for the mynaform widget (/mynaform/widget.js).

/** Presets the server helper knows. */
export type MynaformPreset =
  | 'autofill_basic4'
  | 'autofill_with_my_number'
  | 'ekyc_ru'
  | 'age_over_18'
  | 'age_over_20'
  | 'residence'
  | 'counter_identity'
  | 'age_over_18_with_name';

/** Value of the host's `data-state` attribute. */
export type MynaformState = 'idle' | 'requesting' | 'verifying' | 'filled' | 'cancelled' | 'error' | 'unsupported';

/** The hidden `mynaform_presentation` input's JSON, which the backend forwards to `POST /mynaform/v1/verify`. */
export interface MynaformPresentation {
  session_id: string;
  protocol: 'org-iso-mdoc' | 'openid4vp-v1-unsigned' | 'openid4vp-v1-signed';
  /** The decrypted DeviceResponse, base64url without padding. */
  device_response: string;
  /** `DigitalCredential.data` as received from the wallet. */
  response: unknown;
}

/** Detail of `mynaform:filled`. `claims` are the normalised claims (mynaform-jp `NormalizedClaims`). */
export interface MynaformFilledDetail {
  preset: MynaformPreset;
  claims: Record<string, unknown>;
  /** Issuer of the document (subject of the document signer certificate). */
  issuer: string;
  /** Number of form controls that were changed. */
  filled_fields: number;
  presentation: MynaformPresentation;
  /** `data:image/jpeg;base64,…` when the preset requests the portrait. */
  portrait?: string;
}

/** Detail of `mynaform:error` and `mynaform:cancelled`. */
export interface MynaformErrorDetail {
  /** `cancelled`, `timeout`, `unsupported`, `network`, `server`, `decryption`, a verification check name
   * (`issuer_signature`, `trust_chain`, `value_digest`, `device_authentication`, …) and others. */
  code: string;
  /** Human-readable message in the widget's language. */
  message: string;
  /** With `code` `unsupported`: why (`no_dc_api`, `protocol_not_allowed`, `insecure_context`). */
  reason?: string;
}

export interface MynaformRequestOptions {
  /** id of the form to fill. */
  form?: string;
  lang?: 'ja' | 'en';
  /** Required for `autofill_with_my_number`. */
  allowMyNumber?: boolean;
  allowBirthDateFallback?: boolean;
  debug?: boolean;
  /** Seconds before an unanswered request is abandoned (default 300). */
  timeout?: number;
  /** Use the server's demo wallet (demo mode only). */
  demoWallet?: boolean;
}

/** Rejection of `mynaform.request`. */
export interface MynaformError extends Error {
  code: string;
}

export interface Mynaform {
  /** Asks the wallet (call from a user gesture); resolves with the filled detail. */
  request(preset: MynaformPreset, options?: MynaformRequestOptions): Promise<MynaformFilledDetail>;
  /** Resolves when the wasm module is loaded. */
  readonly ready: Promise<void>;
  /** The server helper's API base URL. */
  readonly server: string;
}

/** `<mynaform-button>`. */
export interface MynaformButtonElement extends HTMLElement {
  addEventListener(type: 'mynaform:filled', listener: (event: CustomEvent<MynaformFilledDetail>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: 'mynaform:error' | 'mynaform:cancelled', listener: (event: CustomEvent<MynaformErrorDetail>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface Window {
    mynaform: Mynaform;
  }
  interface HTMLElementTagNameMap {
    'mynaform-button': MynaformButtonElement;
  }
  interface HTMLElementEventMap {
    'mynaform:filled': CustomEvent<MynaformFilledDetail>;
    'mynaform:error': CustomEvent<MynaformErrorDetail>;
    'mynaform:cancelled': CustomEvent<MynaformErrorDetail>;
  }
}
