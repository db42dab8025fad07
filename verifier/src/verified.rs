//! Verified results: the only way disclosed data leaves the core (ISO/IEC 18013-5 §9.3.1, all checks passed).
use crate::claims::{ClaimValue, Claims};
use crate::my_number_card::{MyNumber, MyNumberCard, MyNumberDisplay, NS_JP};
use crate::{DocType, VerificationReport};

/// A document whose every check passed. Fields are private: only the verifier builds it.
#[derive(Debug, Clone)]
pub struct VerifiedDocument {
    doc_type: DocType,
    claims: Claims,
}

impl VerifiedDocument {
    pub(crate) fn new(doc_type: DocType, claims: Claims) -> Self {
        Self { doc_type, claims }
    }

    /// The document type.
    pub fn doc_type(&self) -> &DocType {
        &self.doc_type
    }

    /// All issuer-signed disclosed claims: namespace → element → value.
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// One disclosed claim.
    pub fn claim(&self, namespace: &str, element: &str) -> Option<&ClaimValue> {
        self.claims.get(namespace)?.get(element)
    }

    /// The My Number Card view, if this document is a My Number Card.
    pub fn my_number_card(&self) -> Option<MyNumberCard<'_>> {
        (self.doc_type.as_str() == DocType::MY_NUMBER_CARD).then(|| MyNumberCard::new(self))
    }

    /// Claims as a JSON object `{namespace: {element: value}}` (forms in [`crate::claims`]); the My Number
    /// (`org.iso.23220.1.jp` / `individual_number_unicode`) is masked unless `my_number` says otherwise.
    pub fn claims_json(&self, my_number: MyNumberDisplay) -> serde_json::Value {
        let mut out = serde_json::Map::new();
        for (ns, elements) in &self.claims {
            let mut obj = serde_json::Map::new();
            for (el, value) in elements {
                let json = if ns == NS_JP && el == "individual_number_unicode" {
                    my_number_json(value, my_number)
                } else {
                    value.to_json()
                };
                obj.insert(el.clone(), json);
            }
            out.insert(ns.clone(), serde_json::Value::Object(obj));
        }
        serde_json::Value::Object(out)
    }
}

/// Masks a My Number claim: a valid one keeps its last four digits, anything else is fully masked.
fn my_number_json(value: &ClaimValue, display: MyNumberDisplay) -> serde_json::Value {
    let text = value.as_text().unwrap_or_default();
    let shown = match (display, MyNumber::parse(text)) {
        (MyNumberDisplay::Revealed, _) => return value.to_json(),
        (MyNumberDisplay::Masked, Ok(n)) => n.masked(),
        (MyNumberDisplay::Masked, Err(_)) => "*".repeat(text.chars().count()),
    };
    serde_json::Value::String(shown)
}

/// The result of [`crate::verify`]: a report, plus the verified documents when the report is valid.
#[derive(Debug, Clone)]
pub struct Verification {
    report: VerificationReport,
    documents: Vec<VerifiedDocument>,
}

impl Verification {
    pub(crate) fn new(report: VerificationReport, documents: Vec<VerifiedDocument>) -> Self {
        // Verified documents exist only for a valid report.
        let documents = if report.valid { documents } else { Vec::new() };
        Self { report, documents }
    }

    /// Whether every check of every document passed.
    pub fn is_valid(&self) -> bool {
        self.report.valid
    }

    /// The report (no claim values).
    pub fn report(&self) -> &VerificationReport {
        &self.report
    }

    /// The verified documents (empty unless valid).
    pub fn documents(&self) -> &[VerifiedDocument] {
        &self.documents
    }

    /// The verified documents, or the report explaining the rejection.
    pub fn into_documents(self) -> Result<Vec<VerifiedDocument>, VerificationReport> {
        if self.report.valid {
            Ok(self.documents)
        } else {
            Err(self.report)
        }
    }

    /// The JSON of `mynaform verify`: `{"valid", "failing_check", "documents": [{"doc_type", "checks",
    /// "claims"}], "document_errors", "status"}`. `claims` is `{}` for a rejected presentation: unverified data
    /// is never shown. A response that could not be parsed has no documents; its `cbor`/`structure` results
    /// are in `response_checks`.
    pub fn to_json(&self, my_number: MyNumberDisplay) -> serde_json::Value {
        let documents: Vec<serde_json::Value> = self
            .report
            .documents
            .iter()
            .enumerate()
            .map(|(i, doc)| {
                let claims = self
                    .documents
                    .get(i)
                    .map(|d| d.claims_json(my_number))
                    .unwrap_or_else(|| serde_json::json!({}));
                serde_json::json!({
                    "doc_type": doc.doc_type,
                    "checks": doc.checks,
                    "claims": claims,
                    "missing_elements": doc.missing_elements,
                })
            })
            .collect();
        serde_json::json!({
            "valid": self.report.valid,
            "failing_check": self.report.failing_check,
            "response_checks": self.report.response_checks,
            "documents": documents,
            "document_errors": self.report.document_errors,
            "status": self.report.status,
        })
    }
}
