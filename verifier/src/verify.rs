//! Verification of a DeviceResponse (ISO/IEC 18013-5 §9.3.1 "Inspection procedure for issuer data
//! authentication" and §9.1.3 "mdoc authentication"), in the fixed check order of [`crate::CheckName`].
use crate::{
    DocType, ReaderEphemeralKey, RequestedElements, SessionTranscriptBytes, TrustAnchors,
    Verification,
};

/// Everything one verification needs; nothing is read from the environment.
#[derive(Debug, Clone, Copy)]
pub struct VerificationRequest<'a> {
    /// The DeviceResponse CBOR bytes as received (decrypted).
    pub device_response: &'a [u8],
    /// The SessionTranscript the verifier built from its own session (never taken from the presentation).
    pub session_transcript: &'a SessionTranscriptBytes,
    /// The docType that was requested.
    pub doc_type: &'a DocType,
    /// IACA roots or pinned document-signer certificates.
    pub trust_anchors: &'a TrustAnchors,
    /// The verification time.
    pub at: time::OffsetDateTime,
    /// The reader's ephemeral key, needed only for deviceMac.
    pub reader_key: Option<&'a ReaderEphemeralKey>,
    /// The elements asked for; `None` accepts whatever issuer-signed elements are present.
    pub requested: Option<&'a RequestedElements>,
}

/// Verifies a DeviceResponse; never panics on any input.
pub fn verify(request: &VerificationRequest<'_>) -> Verification {
    verify_impl(request)
}

use crate::chain::{self, ParsedCert};
use crate::claims::Claims;
use crate::device_response::{DeviceResponse, Document, ParseError};
use crate::report::{CheckName, CheckResult, DocumentReport, VerificationReport, first_failing};
use crate::{VerifiedDocument, device_auth, issuer_auth, profile};

/// The MSO version this verifier understands (ISO/IEC 18013-5 §9.1.2.4).
const MSO_VERSION: &str = "1.0";

fn verify_impl(request: &VerificationRequest<'_>) -> Verification {
    // Step 1: well-formed CBOR and DeviceResponse shape (§8.3.2.1.2.2).
    let response = match DeviceResponse::parse(request.device_response) {
        Ok(response) => response,
        Err(ParseError::Cbor(e)) => {
            return rejected_response(vec![
                CheckResult::fail(CheckName::Cbor, e.to_string()),
                CheckResult::not_evaluated(CheckName::Structure),
            ]);
        }
        Err(ParseError::Structure(detail)) => {
            return rejected_response(vec![
                CheckResult::pass(CheckName::Cbor, "well-formed CBOR"),
                CheckResult::fail(CheckName::Structure, detail),
            ]);
        }
    };
    let mut response_checks = vec![CheckResult::pass(CheckName::Cbor, "well-formed CBOR")];
    response_checks.push(if response.documents.is_empty() {
        CheckResult::fail(CheckName::Structure, "response contains no documents")
    } else if response.status != 0 {
        // §8.3.2.1.2.3: a status other than 0 reports an error in the mdoc's processing.
        CheckResult::fail(CheckName::Structure, "response status is not OK (0)")
    } else {
        CheckResult::pass(CheckName::Structure, "DeviceResponse shape")
    });

    // Steps 2..: every document on its own.
    let mut documents = Vec::with_capacity(response.documents.len());
    let mut verified = Vec::with_capacity(response.documents.len());
    for doc in &response.documents {
        let (report, claims) = verify_document(doc, request);
        if report.is_valid()
            && let Ok(doc_type) = crate::DocType::new(doc.doc_type.clone())
        {
            verified.push(VerifiedDocument::new(doc_type, claims));
        }
        documents.push(report);
    }
    let failing_check = first_failing(&response_checks)
        .into_iter()
        .chain(documents.iter().filter_map(DocumentReport::failing_check))
        .min();
    let valid =
        failing_check.is_none() && !documents.is_empty() && verified.len() == documents.len();
    let report = VerificationReport {
        valid,
        failing_check,
        response_checks,
        documents,
        document_errors: response.document_errors,
        status: Some(response.status),
    };
    Verification::new(report, verified)
}

fn rejected_response(response_checks: Vec<CheckResult>) -> Verification {
    let report = VerificationReport {
        valid: false,
        failing_check: first_failing(&response_checks),
        response_checks,
        documents: Vec::new(),
        document_errors: Vec::new(),
        status: None,
    };
    Verification::new(report, Vec::new())
}

/// Runs every check on one document, in [`CheckName::ALL`] order.
fn verify_document(doc: &Document, request: &VerificationRequest<'_>) -> (DocumentReport, Claims) {
    let at = request.at.unix_timestamp();
    let mut checks = Vec::with_capacity(CheckName::ALL.len());
    checks.push(CheckResult::pass(CheckName::Cbor, "well-formed CBOR"));

    // structure: nothing beyond the request (§8.3.2.1.2.1, §9.3.1). Repeated elements are judged by
    // value_digest.
    let mut missing_elements = Vec::new();
    let (claims, structure) = collect_claims(doc, request.requested);
    checks.push(structure);
    if let Some(requested) = request.requested {
        for (ns, el) in requested.iter() {
            if claims.get(ns).and_then(|c| c.get(el)).is_none() {
                missing_elements.push((ns.to_owned(), el.to_owned()));
            }
        }
    }

    // doc_type: Document.docType = MSO.docType = the requested docType (§9.3.1 step 5).
    checks.push(if doc.doc_type != request.doc_type.as_str() {
        CheckResult::fail(
            CheckName::DocType,
            "document docType differs from the requested docType",
        )
    } else if doc.mso.doc_type != doc.doc_type {
        CheckResult::fail(
            CheckName::DocType,
            "MSO docType differs from the document docType",
        )
    } else {
        CheckResult::pass(CheckName::DocType, "docType as requested")
    });

    // issuer_signature (§9.3.1 step 2).
    checks.push(match issuer_auth::check(&doc.issuer_auth) {
        Ok(alg) => CheckResult::pass(CheckName::IssuerSignature, format!("{alg} signature valid")),
        Err(e) => CheckResult::fail(CheckName::IssuerSignature, e),
    });

    // trust_chain and certificate_profile (§9.3.1 step 1, Annex B).
    let path = chain::build_path(&doc.issuer_auth.x5chain, request.trust_anchors, at);
    match &path {
        Ok(path) => {
            checks.push(CheckResult::pass(
                CheckName::TrustChain,
                "chain leads to a configured trust anchor",
            ));
            checks.push(match profile::check(path) {
                Ok(()) => CheckResult::pass(
                    CheckName::CertificateProfile,
                    "ISO/IEC 18013-5 Annex B profile",
                ),
                Err(e) => CheckResult::fail(CheckName::CertificateProfile, e),
            });
        }
        Err(e) => {
            checks.push(CheckResult::fail(CheckName::TrustChain, *e));
            checks.push(CheckResult::not_evaluated(CheckName::CertificateProfile));
        }
    }

    // validity (§9.3.1 step 6, §9.1.2.4).
    let leaf = doc
        .issuer_auth
        .x5chain
        .first()
        .and_then(|der| ParsedCert::from_der(der));
    checks.push(check_validity(doc, leaf.as_ref(), request.at));

    // value_digest (§9.3.1 steps 3-4).
    checks.push(check_digests(doc));

    // device_authentication (§9.1.3).
    checks.push(
        match device_auth::check(doc, request.session_transcript, request.reader_key) {
            Ok(detail) => CheckResult::pass(CheckName::DeviceAuthentication, detail),
            Err(e) => CheckResult::fail(CheckName::DeviceAuthentication, e),
        },
    );

    let report = DocumentReport {
        doc_type: doc.doc_type.clone(),
        checks,
        missing_elements,
    };
    (report, claims)
}

fn collect_claims(doc: &Document, requested: Option<&RequestedElements>) -> (Claims, CheckResult) {
    let mut claims = Claims::new();
    let mut failure = None;
    for ns in &doc.namespaces {
        let entry = claims.entry(ns.name.clone()).or_default();
        for item in &ns.items {
            if requested.is_some_and(|r| !r.contains(&ns.name, &item.element_identifier)) {
                failure.get_or_insert("an element was disclosed that was not requested");
            }
            // A repeated element fails value_digest; the document is then not verified.
            entry.insert(item.element_identifier.clone(), item.element_value.clone());
        }
    }
    let result = match failure {
        Some(detail) => CheckResult::fail(CheckName::Structure, detail),
        None => CheckResult::pass(
            CheckName::Structure,
            "document shape; only requested elements",
        ),
    };
    (claims, result)
}

fn check_validity(
    doc: &Document,
    leaf: Option<&ParsedCert>,
    at: time::OffsetDateTime,
) -> CheckResult {
    let mso = &doc.mso;
    let fail = |detail| CheckResult::fail(CheckName::Validity, detail);
    if mso.version != MSO_VERSION {
        return fail("MSO version is not 1.0");
    }
    if at < mso.valid_from {
        return fail("MSO not yet valid at the verification time");
    }
    if at > mso.valid_until {
        return fail("MSO expired at the verification time");
    }
    if mso.valid_from > mso.valid_until {
        return fail("MSO validFrom is after validUntil");
    }
    let Some(leaf) = leaf else {
        return fail("document signer certificate unavailable");
    };
    let (not_before, not_after) = leaf.validity_unix();
    let signed = mso.signed.unix_timestamp();
    if signed < not_before || signed > not_after {
        return fail("MSO signed outside the document signer certificate validity");
    }
    CheckResult::pass(CheckName::Validity, "MSO valid at the verification time")
}

fn check_digests(doc: &Document) -> CheckResult {
    use crate::report::detail;
    use std::collections::BTreeSet;
    let fail = |detail| CheckResult::fail(CheckName::ValueDigest, detail);
    let Some(hash) = doc.mso.hash() else {
        return fail("MSO digestAlgorithm is not SHA-256, SHA-384 or SHA-512");
    };
    if doc.mso.duplicate_digest_ids {
        return fail(detail::DUPLICATE_MSO_DIGEST_ID);
    }
    // Repetitions first: a repeated digestID or element is rejected even when each digest matches.
    for ns in &doc.namespaces {
        let mut ids = BTreeSet::new();
        let mut elements = BTreeSet::new();
        for item in &ns.items {
            if !ids.insert(item.digest_id) {
                return fail(detail::DUPLICATE_DIGEST_ID);
            }
            if !elements.insert(item.element_identifier.as_str()) {
                return fail(detail::DUPLICATE_ELEMENT);
            }
        }
    }
    for ns in &doc.namespaces {
        let Some(digests) = doc.mso.value_digests.get(&ns.name) else {
            return fail("MSO has no digests for a disclosed namespace");
        };
        for item in &ns.items {
            let Some(expected) = digests.get(&item.digest_id) else {
                return fail("a disclosed item's digestID is not in the MSO");
            };
            if hash.digest(&item.raw) != *expected {
                return fail("a disclosed item's digest differs from the MSO");
            }
        }
    }
    CheckResult::pass(
        CheckName::ValueDigest,
        "every disclosed item matches its MSO digest",
    )
}

/// An input of the SessionTranscript that the relying party controls (DESIGN.md: a device_authentication
/// failure names the one that did not match when it can be found).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TranscriptInput {
    /// The web origin of the page (W3C Digital Credentials: set by the browser).
    Origin,
    /// The one-time nonce of the session.
    Nonce,
    /// The JWK thumbprint of the response encryption key (OpenID4VP `dc_api.jwt`).
    Thumbprint,
    /// The `EncryptionInfo` of an ISO/IEC 18013-7 Annex C request.
    EncryptionInfo,
}

impl TranscriptInput {
    /// The name used in reports: `origin`, `nonce`, `thumbprint`, `encryptionInfo`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Origin => "origin",
            Self::Nonce => "nonce",
            Self::Thumbprint => "thumbprint",
            Self::EncryptionInfo => "encryptionInfo",
        }
    }
}

/// A SessionTranscript the wallet may have used instead of the expected one: the expected inputs with one
/// of them replaced by a value the relying party knows (another allowed origin, no thumbprint, …).
#[derive(Clone, Debug)]
pub struct TranscriptCandidate {
    /// The input that differs from the expected transcript.
    pub differs: TranscriptInput,
    /// The whole alternative transcript.
    pub transcript: SessionTranscriptBytes,
}

/// After a `device_authentication` failure: the first candidate whose transcript makes the device
/// authentication of every document of `device_response` verify, i.e. the input the wallet signed with a
/// different value. `None` when the response does not parse, has no document, or no candidate fits
/// (an input the relying party cannot enumerate, such as a nonce of another session).
///
/// Diagnosis only: it never turns a failed verification into a valid one.
#[must_use]
pub fn diagnose_device_authentication(
    device_response: &[u8],
    candidates: &[TranscriptCandidate],
    reader_key: Option<&ReaderEphemeralKey>,
) -> Option<TranscriptInput> {
    let response = DeviceResponse::parse(device_response).ok()?;
    if response.documents.is_empty() {
        return None;
    }
    candidates
        .iter()
        .find(|candidate| {
            response
                .documents
                .iter()
                .all(|doc| device_auth::check(doc, &candidate.transcript, reader_key).is_ok())
        })
        .map(|candidate| candidate.differs)
}
