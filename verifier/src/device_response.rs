//! DeviceResponse parsing (ISO/IEC 18013-5 §8.3.2.1.2.2).
use crate::report::{CheckName, CheckResult, VerificationReport};
use crate::{Verification, VerificationRequest};

pub(crate) fn verify_response(_request: &VerificationRequest<'_>) -> Verification {
    let report = VerificationReport {
        valid: false,
        failing_check: Some(CheckName::Cbor),
        response_checks: vec![CheckResult::fail(CheckName::Cbor, "not implemented")],
        documents: Vec::new(),
        document_errors: Vec::new(),
        status: None,
    };
    Verification::new(report, Vec::new())
}
