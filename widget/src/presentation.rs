//! From the wallet's answer to verified form values: decrypt with the widget's ephemeral key (HPKE for
//! ISO/IEC 18013-7 Annex C, JWE for OpenID4VP), rebuild the SessionTranscript from what this page sent
//! (origin = `location.origin`), verify with the same core the server uses, normalise with `mynaform-jp`.

use crate::error::WidgetError;
use crate::key::EphemeralKey;
use crate::session::SessionResponse;
use crate::values::FormValues;

/// One line of the summary shown after filling (the My Number masked).
#[derive(Clone, PartialEq, Eq)]
pub struct SummaryLine {
    /// Item label key (`name`, `birth_date`, `sex`, `address`, `my_number`, `age_over_18`, …).
    pub item: &'static str,
    /// What is shown.
    pub shown: String,
}

/// A verified, normalised presentation.
pub struct VerifiedOutcome {
    /// What goes into the form.
    pub values: FormValues,
    /// Normalised claims for the `mynaform:filled` event.
    pub claims: serde_json::Value,
    /// The issuer (document signer certificate subject).
    pub issuer: String,
    /// 顔写真 (JPEG) when requested.
    pub portrait_jpeg: Option<Vec<u8>>,
    /// Summary lines.
    pub summary: Vec<SummaryLine>,
    /// The decrypted DeviceResponse, base64url, for the server's re-verification.
    pub device_response_b64: String,
}

impl std::fmt::Debug for VerifiedOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedOutcome").field("values", &self.values).finish_non_exhaustive()
    }
}

/// What the page received and must check.
pub struct WalletResponse<'a> {
    /// Protocol the wallet answered with.
    pub protocol: &'a str,
    /// `DigitalCredential.data`.
    pub data: &'a serde_json::Value,
}

/// Decrypts, verifies and normalises a wallet answer.
pub fn open_and_verify(
    _key: &EphemeralKey,
    _session: &SessionResponse,
    _response: &WalletResponse<'_>,
    _origin: &str,
    _trust_anchors_pem: &str,
    _now_unix: i64,
) -> Result<VerifiedOutcome, WidgetError> {
    Err(WidgetError::Verification("structure".into()))
}
