//! Trust anchors: IACA roots (ISO/IEC 18013-5 Annex B.1.2) or pinned document-signer certificates.
//!
//! The production default is the J-LIS root `mncmdocRootCA` (P-384), embedded from `jlis-mncmdoc-root.pem`.
//! Provenance: taken from the third-party public registry universal-verify/trusted-issuer-registry
//! (`issuers/x509_aki/rX7vmMbQz-Qkb83hZ7xXO4PRJKA.json`), not from an official Digital Agency / J-LIS page;
//! it is therefore pinned by its SHA-256 fingerprint [`JLIS_ROOT_SHA256`] and checked at every load, and
//! operators can replace it with their own bundle ([`TrustAnchors::from_pem`]).
use sha2::{Digest, Sha256};

use crate::Error;
use crate::chain::ParsedCert;

/// The embedded J-LIS My Number Card IACA root (PEM).
const JLIS_ROOT_PEM: &str = include_str!("jlis-mncmdoc-root.pem");

/// SHA-256 over the DER of the J-LIS root:
/// `6E8A3108609316961D142426CE842B7927FD281755317056E1574EB9EDE80A0E`.
pub const JLIS_ROOT_SHA256: [u8; 32] = [
    0x6E, 0x8A, 0x31, 0x08, 0x60, 0x93, 0x16, 0x96, 0x1D, 0x14, 0x24, 0x26, 0xCE, 0x84, 0x2B, 0x79,
    0x27, 0xFD, 0x28, 0x17, 0x55, 0x31, 0x70, 0x56, 0xE1, 0x57, 0x4E, 0xB9, 0xED, 0xE8, 0x0A, 0x0E,
];

/// A set of trusted certificates: each is an IACA root or a pinned document-signer certificate.
#[derive(Clone, Default)]
pub struct TrustAnchors {
    anchors: Vec<ParsedCert>,
}

impl TrustAnchors {
    /// An empty set (nothing verifies against it).
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads every `CERTIFICATE` block of a PEM bundle; at least one is required.
    pub fn from_pem(pem: &[u8]) -> Result<Self, Error> {
        let mut anchors = Self::new();
        anchors.add_pem(pem)?;
        Ok(anchors)
    }

    /// Reads one DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        let mut anchors = Self::new();
        anchors.add_der(der)?;
        Ok(anchors)
    }

    /// The production default: the embedded J-LIS root, checked against [`JLIS_ROOT_SHA256`].
    pub fn production() -> Result<Self, Error> {
        let anchors = Self::from_pem(JLIS_ROOT_PEM.as_bytes())?;
        if anchors.fingerprints_sha256() != [JLIS_ROOT_SHA256] {
            return Err(Error::ProductionAnchorFingerprint);
        }
        Ok(anchors)
    }

    /// Adds every certificate of a PEM bundle.
    pub fn add_pem(&mut self, pem: &[u8]) -> Result<(), Error> {
        let mut found = 0;
        for block in pem_certificate_blocks(pem)? {
            self.add_der(&block)?;
            found += 1;
        }
        if found == 0 {
            return Err(Error::TrustAnchorEmpty);
        }
        Ok(())
    }

    /// Adds one DER certificate.
    pub fn add_der(&mut self, der: &[u8]) -> Result<(), Error> {
        let cert = ParsedCert::from_der(der).ok_or(Error::TrustAnchorCertificate)?;
        self.anchors.push(cert);
        Ok(())
    }

    /// Number of anchors.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// Whether no anchor is configured.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// The DER bytes of every anchor.
    pub fn certificates_der(&self) -> impl Iterator<Item = &[u8]> {
        self.anchors.iter().map(|a| a.der.as_slice())
    }

    /// SHA-256 fingerprints of every anchor, in configuration order.
    pub fn fingerprints_sha256(&self) -> Vec<[u8; 32]> {
        self.anchors
            .iter()
            .map(|a| Sha256::digest(&a.der).into())
            .collect()
    }

    pub(crate) fn anchors(&self) -> &[ParsedCert] {
        &self.anchors
    }
}

impl std::fmt::Debug for TrustAnchors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustAnchors")
            .field("len", &self.anchors.len())
            .finish()
    }
}

/// Extracts the DER of every `CERTIFICATE` block; other block types are skipped.
fn pem_certificate_blocks(pem: &[u8]) -> Result<Vec<Vec<u8>>, Error> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let text = std::str::from_utf8(pem).map_err(|_| Error::TrustAnchorPem)?;
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let after = rest
            .get(start + BEGIN.len()..)
            .ok_or(Error::TrustAnchorPem)?;
        let end = after.find(END).ok_or(Error::TrustAnchorPem)?;
        let body: String = after
            .get(..end)
            .ok_or(Error::TrustAnchorPem)?
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        let der = base64ct::Base64::decode_vec(&body).map_err(|_| Error::TrustAnchorPem)?;
        blocks.push(der);
        rest = after.get(end + END.len()..).unwrap_or("");
    }
    Ok(blocks)
}

use base64ct::Encoding as _;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_root_has_its_pinned_fingerprint() {
        let anchors = TrustAnchors::production().unwrap();
        assert_eq!(anchors.fingerprints_sha256(), vec![JLIS_ROOT_SHA256]);
    }

    #[test]
    fn pinned_fingerprint_is_the_documented_hex() {
        let hex: String = JLIS_ROOT_SHA256
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert_eq!(
            hex,
            "6E8A3108609316961D142426CE842B7927FD281755317056E1574EB9EDE80A0E"
        );
    }

    #[test]
    fn rejects_pem_without_certificates() {
        assert_eq!(
            TrustAnchors::from_pem(b"nothing here").err(),
            Some(Error::TrustAnchorEmpty)
        );
    }

    #[test]
    fn reads_several_certificates_from_one_bundle() {
        let bundle = format!("{JLIS_ROOT_PEM}\n{JLIS_ROOT_PEM}");
        assert_eq!(TrustAnchors::from_pem(bundle.as_bytes()).unwrap().len(), 2);
    }

    #[test]
    fn rejects_garbage_inside_a_certificate_block() {
        let pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert_eq!(
            TrustAnchors::from_pem(pem.as_bytes()).err(),
            Some(Error::TrustAnchorCertificate)
        );
    }
}
