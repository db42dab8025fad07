//! The presets (one per use case) as requests: adapter over the protocol layer.

use mynaform_verifier::protocol::device_request::ItemsRequest;
use mynaform_verifier::protocol::reader_signer::ReaderSigner;
use mynaform_verifier::protocol::transcript::{EcPublicJwk, Nonce, Origin};

use crate::error::AppError;
use crate::session::Protocol;

const DOC_TYPE: &str = "org.iso.23220.1.jp.mnc";
const NS_JP: &str = "org.iso.23220.1.jp";
const NS_ISO: &str = "org.iso.23220.1";

/// The ItemsRequest of a preset, `None` for an unknown preset.
pub fn items_request(preset: &str) -> Option<ItemsRequest> {
    let basic4 = |r: ItemsRequest| {
        r.with(NS_JP, "full_name_unicode", false)
            .with(NS_JP, "birth_date_unicode", false)
            .with(NS_ISO, "birth_date", false)
            .with(NS_JP, "sex_unicode", false)
            .with(NS_ISO, "sex", false)
            .with(NS_JP, "resident_address_unicode", false)
            .with(NS_JP, "local_gov_code_unicode", false)
    };
    let base = ItemsRequest::new(DOC_TYPE);
    Some(match preset {
        "autofill_basic4" => basic4(base),
        "autofill_with_my_number" => basic4(base).with(NS_JP, "individual_number_unicode", false),
        "ekyc_ru" | "counter_identity" => basic4(base).with(NS_JP, "portrait", false),
        "age_over_18" => base.with(NS_ISO, "age_over_18", false),
        "age_over_20" => base.with(NS_ISO, "age_over_20", false),
        "residence" => base.with(NS_JP, "resident_address_unicode", false).with(NS_JP, "local_gov_code_unicode", false),
        _ => return None,
    })
}

/// The OpenID4VP request data of a preset.
pub fn openid4vp_request(
    _protocol: Protocol,
    _items: &ItemsRequest,
    _nonce: &Nonce,
    _recipient: &EcPublicJwk,
    _origin: &Origin,
    _signer: Option<&dyn ReaderSigner>,
) -> Result<serde_json::Value, AppError> {
    Err(AppError::UnknownProtocol)
}
