//! The configured trust anchors (IACA certificates) as the verifier uses them, plus a public listing with
//! PEM and SHA-256 fingerprints for `/mynaform/v1/trust-anchors` (so relying parties can audit what this
//! server trusts).

use base64ct::{Base64, Encoding};
use der::Decode;
use mynaform_verifier::TrustAnchors;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One anchor as listed publicly.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AnchorListing {
    /// Subject distinguished name (RFC 4514 form).
    pub subject: String,
    /// SHA-256 of the DER certificate, lower-case hex.
    pub sha256: String,
    /// Start of validity (RFC 3339).
    pub not_before: String,
    /// End of validity (RFC 3339).
    pub not_after: String,
    /// The certificate in PEM.
    pub pem: String,
}

/// Trust anchors plus their listing.
#[derive(Debug, Clone)]
pub struct TrustAnchorSet {
    anchors: TrustAnchors,
    listing: Vec<AnchorListing>,
}

impl TrustAnchorSet {
    /// Builds the listing of `anchors`.
    pub fn new(anchors: TrustAnchors) -> Self {
        let listing = anchors.certificates_der().map(listing_of).collect();
        Self { anchors, listing }
    }

    /// The anchors for verification.
    pub fn anchors(&self) -> &TrustAnchors {
        &self.anchors
    }

    /// The public listing.
    pub fn listing(&self) -> &[AnchorListing] {
        &self.listing
    }
}

fn listing_of(der_bytes: &[u8]) -> AnchorListing {
    let certificate = x509_cert::Certificate::from_der(der_bytes).ok();
    let time = |t: Option<x509_cert::time::Time>| {
        t.and_then(|t| {
            time::OffsetDateTime::from_unix_timestamp(
                i64::try_from(t.to_unix_duration().as_secs()).ok()?,
            )
            .ok()
        })
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
    };
    let tbs = certificate.as_ref().map(|c| c.tbs_certificate());
    AnchorListing {
        subject: tbs.map(|t| t.subject().to_string()).unwrap_or_default(),
        sha256: Sha256::digest(der_bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        not_before: time(tbs.map(|t| t.validity().not_before)),
        not_after: time(tbs.map(|t| t.validity().not_after)),
        pem: pem_certificate(der_bytes),
    }
}

/// PEM armour with 64-character lines (RFC 7468).
pub fn pem_certificate(der_bytes: &[u8]) -> String {
    let b64 = Base64::encode_string(der_bytes);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_production_anchor_with_its_pinned_fingerprint() {
        let set = TrustAnchorSet::new(TrustAnchors::production().unwrap());
        let pinned: String = mynaform_verifier::trust::JLIS_ROOT_SHA256
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(set.listing().len(), 1);
        let anchor = &set.listing()[0];
        assert_eq!(anchor.sha256, pinned);
        assert!(!anchor.subject.is_empty());
        assert!(anchor.not_before < anchor.not_after);
        let reparsed = TrustAnchors::from_pem(anchor.pem.as_bytes()).unwrap();
        assert_eq!(
            reparsed.fingerprints_sha256()[0].to_vec(),
            mynaform_verifier::trust::JLIS_ROOT_SHA256.to_vec()
        );
    }
}
