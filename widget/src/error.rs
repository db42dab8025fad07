//! Why a request did not end with a filled form, grouped by who is at fault. Variants carry codes and check
//! names only, never claim values.

/// The widget's error type; [`WidgetError::code`] is what the host's `data-error` attribute shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WidgetError {
    // The user or the browser.
    /// The user declined in the wallet or cancelled the request (`NotAllowedError` / `AbortError`).
    #[error("the request was cancelled")]
    Cancelled,
    /// The browser cannot ask a wallet (reason code, e.g. `no_dc_api`, `protocol_not_allowed`, `insecure_context`).
    #[error("the browser cannot request digital credentials: {0}")]
    Unsupported(&'static str),
    /// The wallet did not answer in time.
    #[error("the wallet did not answer in time")]
    Timeout,
    // The page integrating the widget.
    /// A `preset` the widget does not know, or none.
    #[error("unknown or missing preset")]
    UnknownPreset,
    /// `autofill_with_my_number` without the `allow-my-number` attribute.
    #[error("the My Number preset needs the allow-my-number attribute")]
    MyNumberNotAllowed,
    // The server helper.
    /// The server helper could not be reached.
    #[error("the server could not be reached")]
    Network,
    /// The server helper answered with an HTTP error status.
    #[error("the server refused the request (HTTP {0})")]
    Server(u16),
    /// The server helper's answer was not what the API promises.
    #[error("the server's answer was malformed")]
    ServerResponse,
    // The wallet.
    /// The wallet or browser failed with another error (DOMException name, e.g. `NetworkError`).
    #[error("the wallet failed: {0}")]
    Wallet(String),
    /// The credential's protocol or data was not what was requested.
    #[error("the wallet's response was malformed")]
    WalletResponse,
    // Verification.
    /// The response could not be decrypted with the key generated for this request.
    #[error("the response could not be decrypted")]
    Decryption,
    /// A verification check failed (its name, e.g. `issuer_signature`, `device_authentication`).
    #[error("verification failed: {0}")]
    Verification(String),
}

impl WidgetError {
    /// The value of the host's `data-error` attribute and of the `mynaform:error` event's `detail.code`.
    pub fn code(&self) -> String {
        match self {
            Self::Cancelled => "cancelled".into(),
            Self::Unsupported(_) => "unsupported".into(),
            Self::Timeout => "timeout".into(),
            Self::UnknownPreset => "unknown_preset".into(),
            Self::MyNumberNotAllowed => "my_number_not_allowed".into(),
            Self::Network => "network".into(),
            Self::Server(_) => "server".into(),
            Self::ServerResponse => "server_response".into(),
            Self::Wallet(_) => "wallet_error".into(),
            Self::WalletResponse => "wallet_response".into(),
            Self::Decryption => "decryption".into(),
            Self::Verification(check) => check.clone(),
        }
    }

    /// Maps a rejected `navigator.credentials.get` by its DOMException name.
    pub fn from_dom_exception(name: &str) -> Self {
        match name {
            "NotAllowedError" | "AbortError" => Self::Cancelled,
            "TimeoutError" => Self::Timeout,
            "NotSupportedError" => Self::Unsupported("protocol_not_allowed"),
            "SecurityError" => Self::Unsupported("insecure_context"),
            other => Self::Wallet(
                other
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .take(40)
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_allowed_and_abort_mean_cancelled() {
        assert_eq!(
            WidgetError::from_dom_exception("NotAllowedError"),
            WidgetError::Cancelled
        );
        assert_eq!(
            WidgetError::from_dom_exception("AbortError"),
            WidgetError::Cancelled
        );
        assert_eq!(
            WidgetError::from_dom_exception("NetworkError").code(),
            "wallet_error"
        );
    }

    #[test]
    fn verification_code_is_the_check_name() {
        assert_eq!(
            WidgetError::Verification("issuer_signature".into()).code(),
            "issuer_signature"
        );
    }
}
