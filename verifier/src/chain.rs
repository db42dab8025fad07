//! Certificate path from the issuerAuth x5chain to a configured trust anchor (ISO/IEC 18013-5 §9.3.3,
//! RFC 5280 §6.1 reduced to what Annex B allows): each signature and each validity period at the
//! verification time. An anchor may be an IACA root or a pinned document-signer certificate.
use der::Decode;
use x509_cert::Certificate;

use crate::cose::{EcPublicKey, HashAlg, SignatureEncoding};
use crate::trust::TrustAnchors;

/// The longest x5chain accepted (Annex B has DS and IACA; a little room for senders that add more).
const MAX_CHAIN_LEN: usize = 8;

const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const OID_ECDSA_SHA256: &str = "1.2.840.10045.4.3.2";
const OID_ECDSA_SHA384: &str = "1.2.840.10045.4.3.3";
const OID_ECDSA_SHA512: &str = "1.2.840.10045.4.3.4";

/// A decoded certificate with its exact DER and to-be-signed bytes.
#[derive(Clone)]
pub(crate) struct ParsedCert {
    pub(crate) der: Vec<u8>,
    pub(crate) cert: Certificate,
    tbs_raw: Vec<u8>,
}

impl ParsedCert {
    /// Decodes a DER certificate.
    pub(crate) fn from_der(der: &[u8]) -> Option<Self> {
        let cert = Certificate::from_der(der).ok()?;
        let tbs_raw = first_inner_tlv(der)?.to_vec();
        Some(Self {
            der: der.to_vec(),
            cert,
            tbs_raw,
        })
    }

    /// The subject public key, if it is an EC key on P-256, P-384 or P-521.
    pub(crate) fn public_key(&self) -> Option<EcPublicKey> {
        let spki = self.cert.tbs_certificate().subject_public_key_info();
        if spki.algorithm.oid.to_string() != OID_EC_PUBLIC_KEY {
            return None;
        }
        let point = spki.subject_public_key.as_bytes()?;
        let curve = match point.len() {
            65 | 33 => crate::cose::Curve::P256,
            97 | 49 => crate::cose::Curve::P384,
            133 | 67 => crate::cose::Curve::P521,
            _ => return None,
        };
        EcPublicKey::from_sec1(curve, point)
    }

    /// Whether `issuer` issued this certificate: names chain and the signature verifies with its key.
    pub(crate) fn is_issued_by(&self, issuer: &ParsedCert) -> bool {
        if self.cert.tbs_certificate().issuer() != issuer.cert.tbs_certificate().subject() {
            return false;
        }
        let hash = match self.cert.signature_algorithm().oid.to_string().as_str() {
            OID_ECDSA_SHA256 => HashAlg::Sha256,
            OID_ECDSA_SHA384 => HashAlg::Sha384,
            OID_ECDSA_SHA512 => HashAlg::Sha512,
            _ => return false,
        };
        let Some(signature) = self.cert.signature().as_bytes() else {
            return false;
        };
        issuer
            .public_key()
            .is_some_and(|key| key.verify(hash, &self.tbs_raw, signature, SignatureEncoding::Der))
    }

    /// notBefore and notAfter as Unix seconds.
    pub(crate) fn validity_unix(&self) -> (i64, i64) {
        let validity = self.cert.tbs_certificate().validity();
        let secs = |t: x509_cert::time::Time| {
            i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
        };
        (secs(validity.not_before), secs(validity.not_after))
    }

    /// Whether `at` (Unix seconds) lies within the validity period.
    pub(crate) fn is_valid_at(&self, at: i64) -> bool {
        let (from, until) = self.validity_unix();
        from <= at && at <= until
    }
}

/// The bytes of the first element inside the outer DER SEQUENCE (the TBSCertificate), as received.
fn first_inner_tlv(der: &[u8]) -> Option<&[u8]> {
    let (_, outer_content) = der_header(der)?;
    let inner = der.get(outer_content..)?;
    let (inner_len, inner_content) = der_header(inner)?;
    inner.get(..inner_content.checked_add(inner_len)?)
}

/// Returns (content length, header length) of a DER TLV.
fn der_header(bytes: &[u8]) -> Option<(usize, usize)> {
    let first = *bytes.get(1)?;
    if first < 0x80 {
        return Some((usize::from(first), 2));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..n {
        len = (len << 8) | usize::from(*bytes.get(2 + i)?);
    }
    Some((len, 2 + n))
}

/// The certification path found: the certificates from the leaf up to and including the anchor.
pub(crate) struct CertPath {
    pub(crate) certs: Vec<ParsedCert>,
}

/// Builds and checks the path from `x5chain[0]` to one of `anchors` at `at` (Unix seconds).
pub(crate) fn build_path(
    x5chain: &[Vec<u8>],
    anchors: &TrustAnchors,
    at: i64,
) -> Result<CertPath, &'static str> {
    if x5chain.is_empty() {
        return Err("x5chain missing");
    }
    if x5chain.len() > MAX_CHAIN_LEN {
        return Err("x5chain too long");
    }
    let chain = x5chain
        .iter()
        .map(|der| ParsedCert::from_der(der))
        .collect::<Option<Vec<_>>>()
        .ok_or("x5chain holds a certificate that cannot be decoded")?;
    let anchors = anchors.anchors();
    if anchors.is_empty() {
        return Err("no trust anchor configured");
    }
    let mut path: Vec<ParsedCert> = Vec::new();
    for (i, cert) in chain.iter().enumerate() {
        if !cert.is_valid_at(at) {
            return Err("a certificate of the chain is not valid at the verification time");
        }
        path.push(cert.clone());
        if anchors.iter().any(|a| a.der == cert.der) {
            return Ok(CertPath { certs: path });
        }
        if let Some(anchor) = anchors.iter().find(|a| cert.is_issued_by(a)) {
            if !anchor.is_valid_at(at) {
                return Err("the trust anchor is not valid at the verification time");
            }
            path.push(anchor.clone());
            return Ok(CertPath { certs: path });
        }
        match chain.get(i + 1) {
            Some(next) if cert.is_issued_by(next) => {}
            Some(_) => return Err("a certificate of the chain is not signed by the next one"),
            None => return Err("the chain does not lead to a configured trust anchor"),
        }
    }
    Err("the chain does not lead to a configured trust anchor")
}
