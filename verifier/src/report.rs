//! The verification report: every check of ISO/IEC 18013-5 §9.3.1 with its result, in a fixed order.
//!
//! A report explains; it never carries claim values (personal data). Disclosed data leaves the core only in a
//! [`crate::VerifiedDocument`].
use serde::Serialize;

/// The checks, in the order they are evaluated; the first failing one is the report's `failing_check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckName {
    /// The input is well-formed CBOR within the limits.
    Cbor,
    /// The CBOR has the DeviceResponse shape; no unrequested elements.
    Structure,
    /// Document and MSO docType equal the expected one.
    DocType,
    /// The issuerAuth COSE_Sign1 signature verifies with the x5chain leaf.
    IssuerSignature,
    /// The x5chain leads to a configured trust anchor, signatures and validity at verification time.
    TrustChain,
    /// The certificates follow the ISO/IEC 18013-5 Annex B profile.
    CertificateProfile,
    /// MSO version, validity window and signing time.
    Validity,
    /// Every disclosed item's digest matches the MSO; no digestID or element is repeated.
    ValueDigest,
    /// deviceSignature or deviceMac over DeviceAuthenticationBytes.
    DeviceAuthentication,
}

impl CheckName {
    /// All checks in evaluation order.
    pub const ALL: [CheckName; 9] = [
        CheckName::Cbor,
        CheckName::Structure,
        CheckName::DocType,
        CheckName::IssuerSignature,
        CheckName::TrustChain,
        CheckName::CertificateProfile,
        CheckName::Validity,
        CheckName::ValueDigest,
        CheckName::DeviceAuthentication,
    ];

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckName::Cbor => "cbor",
            CheckName::Structure => "structure",
            CheckName::DocType => "doc_type",
            CheckName::IssuerSignature => "issuer_signature",
            CheckName::TrustChain => "trust_chain",
            CheckName::CertificateProfile => "certificate_profile",
            CheckName::Validity => "validity",
            CheckName::ValueDigest => "value_digest",
            CheckName::DeviceAuthentication => "device_authentication",
        }
    }
}

impl std::fmt::Display for CheckName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Stable details of the `value_digest` failures about repeated items (ISO/IEC 18013-5 §9.1.2.5, §9.3.1
/// steps 3-4). Each starts with a code callers may match on, followed by a sentence.
pub mod detail {
    /// Two disclosed items of one namespace carry the same digestID.
    pub const DUPLICATE_DIGEST_ID: &str =
        "duplicate_digest_id: two disclosed items of a namespace share a digestID";
    /// The MSO's valueDigests map of one namespace lists a digestID twice.
    pub const DUPLICATE_MSO_DIGEST_ID: &str =
        "duplicate_mso_digest_id: MSO valueDigests lists a digestID twice in a namespace";
    /// One element identifier is disclosed twice in one namespace.
    pub const DUPLICATE_ELEMENT: &str =
        "duplicate_element: an element is disclosed twice in one namespace";
}

/// The outcome of one check. `detail` is a short sentence without any claim value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// Which check.
    pub check: CheckName,
    /// Whether it passed.
    pub ok: bool,
    /// Why it passed or failed; `"not evaluated"` when a prerequisite failed.
    pub detail: String,
}

impl CheckResult {
    /// A passed check.
    pub fn pass(check: CheckName, detail: impl Into<String>) -> Self {
        Self {
            check,
            ok: true,
            detail: detail.into(),
        }
    }

    /// A failed check.
    pub fn fail(check: CheckName, detail: impl Into<String>) -> Self {
        Self {
            check,
            ok: false,
            detail: detail.into(),
        }
    }

    /// A check that could not run because an earlier one failed (counts as failed).
    pub fn not_evaluated(check: CheckName) -> Self {
        Self::fail(check, "not evaluated")
    }
}

/// The checks of one document (ISO/IEC 18013-5 §8.3.2.1.2.2 Document).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentReport {
    /// The document's docType as received (empty if absent).
    pub doc_type: String,
    /// Results in [`CheckName::ALL`] order (cbor and structure of the response come first).
    pub checks: Vec<CheckResult>,
    /// Requested elements this document did not disclose, as `(namespace, element)`.
    pub missing_elements: Vec<(String, String)>,
}

impl DocumentReport {
    /// The first failing check of this document.
    pub fn failing_check(&self) -> Option<CheckName> {
        first_failing(&self.checks)
    }

    /// Whether every check passed.
    pub fn is_valid(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.ok)
    }
}

/// The report of a whole DeviceResponse (ISO/IEC 18013-5 §8.3.2.1.2.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerificationReport {
    /// True only if every check of every document passed and at least one document was returned.
    pub valid: bool,
    /// The first failing check in [`CheckName::ALL`] order over the response and all documents.
    pub failing_check: Option<CheckName>,
    /// Checks of the response as a whole (`cbor`, `structure`), before documents are looked at.
    pub response_checks: Vec<CheckResult>,
    /// One entry per returned document.
    pub documents: Vec<DocumentReport>,
    /// documentErrors of the response: docType → error code.
    pub document_errors: Vec<(String, i64)>,
    /// The response status (0 = OK), if it could be read.
    pub status: Option<u64>,
}

/// The first failed check of `checks` in [`CheckName::ALL`] order.
pub(crate) fn first_failing(checks: &[CheckResult]) -> Option<CheckName> {
    checks.iter().filter(|c| !c.ok).map(|c| c.check).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_names_serialise_to_the_cli_vocabulary() {
        let names: Vec<String> = CheckName::ALL
            .iter()
            .map(|c| {
                serde_json::to_value(c)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "cbor",
                "structure",
                "doc_type",
                "issuer_signature",
                "trust_chain",
                "certificate_profile",
                "validity",
                "value_digest",
                "device_authentication"
            ]
        );
    }

    #[test]
    fn first_failing_follows_check_order_not_list_order() {
        let checks = vec![
            CheckResult::fail(CheckName::ValueDigest, "x"),
            CheckResult::fail(CheckName::TrustChain, "y"),
        ];
        assert_eq!(first_failing(&checks), Some(CheckName::TrustChain));
    }
}
