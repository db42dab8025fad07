//! A test PKI made at test time: an IACA root and document signer per ISO/IEC 18013-5 Annex B (B.1.2 IACA
//! root certificate, B.1.4 document signer certificate), and a reader CA with a reader authentication
//! certificate (B.1.7, EKU 1.0.18013.5.1.6).
//!
//! Everything is derived from an [`Entropy`] stream, so a seeded PKI is reproducible byte for byte. Options
//! produce deliberately broken document signers (no EKU, a CA, expired, another country, no AKI, …) so that
//! the verifier's certificate checks can be exercised one at a time.

pub mod entropy;
pub mod key;

pub use entropy::Entropy;
pub use key::{Curve, EcKey};

use core::time::Duration;
use der::asn1::{Ia5String, OctetString};
use der::{Encode, EncodePem};
use key::Inner;
use sha2::{Digest, Sha256};
use spki::ObjectIdentifier;
use std::str::FromStr;
use time::OffsetDateTime;
use x509_cert::Certificate;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::crl::dp::DistributionPoint;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, CrlDistributionPoints, ExtendedKeyUsage,
    IssuerAltName, KeyUsage, KeyUsages, SubjectKeyIdentifier,
};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

/// Extended key usage of an mdoc document signer (ISO/IEC 18013-5 Annex B, B.1.4).
pub const EKU_DOCUMENT_SIGNER: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.0.18013.5.1.2");
/// Extended key usage of an mdoc reader authentication certificate (ISO/IEC 18013-5 Annex B, B.1.7).
pub const EKU_READER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.0.18013.5.1.6");

/// What went wrong while making the test PKI.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PkiError {
    /// A distinguished name or extension could not be encoded.
    #[error("a certificate field could not be DER-encoded")]
    Encoding,
    /// The certificate builder refused the certificate or the signer failed.
    #[error("the certificate could not be built or signed")]
    Build,
    /// A time is outside what an X.509 certificate can carry (before 1970 or after 9999).
    #[error("a certificate time is out of range")]
    TimeOutOfRange,
}

/// A private key together with the certificate for its public key.
pub struct CertifiedKey {
    key: EcKey,
    certificate: Certificate,
    der: Vec<u8>,
    subject_key_id: Vec<u8>,
}

impl CertifiedKey {
    /// The private key.
    pub fn key(&self) -> &EcKey {
        &self.key
    }

    /// The parsed certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The certificate in DER.
    pub fn certificate_der(&self) -> &[u8] {
        &self.der
    }

    /// The certificate in PEM (`-----BEGIN CERTIFICATE-----`).
    pub fn certificate_pem(&self) -> Result<String, PkiError> {
        self.certificate
            .to_pem(der::pem::LineEnding::LF)
            .map_err(|_| PkiError::Encoding)
    }

    /// The subjectKeyIdentifier carried in the certificate.
    pub fn subject_key_id(&self) -> &[u8] {
        &self.subject_key_id
    }
}

impl core::fmt::Debug for CertifiedKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CertifiedKey")
            .field("curve", &self.key.curve())
            .field("certificate_len", &self.der.len())
            .finish_non_exhaustive()
    }
}

/// How to make a document signer certificate; the default follows Annex B, each field can break one rule.
#[derive(Clone, Debug)]
pub struct DsProfile {
    /// Curve of the document signer key (ES256 for P-256, ES384 for P-384, ES512 for P-521).
    pub curve: Curve,
    /// Include the extended key usage 1.0.18013.5.1.2.
    pub extended_key_usage: bool,
    /// Mark the certificate as a CA (basicConstraints cA = true, keyCertSign), which Annex B forbids.
    pub ca: bool,
    /// Include keyUsage digitalSignature (`false` gives keyUsage keyEncipherment instead).
    pub digital_signature: bool,
    /// Include the authorityKeyIdentifier pointing at the IACA's subjectKeyIdentifier.
    pub authority_key_identifier: bool,
    /// Include a CRL distribution point URI.
    pub crl_distribution_point: bool,
    /// The subject's countryName (Annex B requires it to equal the IACA's).
    pub country: String,
    /// notBefore; `None` = 30 days before the PKI's reference time.
    pub not_before: Option<OffsetDateTime>,
    /// notAfter; `None` = 1 year after the PKI's reference time.
    pub not_after: Option<OffsetDateTime>,
}

impl Default for DsProfile {
    fn default() -> Self {
        Self {
            curve: Curve::P256,
            extended_key_usage: true,
            ca: false,
            digital_signature: true,
            authority_key_identifier: true,
            crl_distribution_point: true,
            country: "JP".to_owned(),
            not_before: None,
            not_after: None,
        }
    }
}

/// Options of a whole test PKI.
#[derive(Clone, Debug)]
pub struct TestPkiOptions {
    /// The reference time: certificates are valid around it.
    pub now: OffsetDateTime,
    /// Curve of the IACA root (Annex B allows P-256/384/521; the production root is P-384).
    pub iaca_curve: Curve,
    /// The IACA's countryName.
    pub country: String,
    /// The document signer to issue.
    pub document_signer: DsProfile,
    /// A name that makes the subject names of this PKI distinguishable from another one's.
    pub label: String,
}

impl TestPkiOptions {
    /// Annex B defaults around `now`: P-384 IACA, P-256 document signer, C=JP.
    pub fn at(now: OffsetDateTime) -> Self {
        Self {
            now,
            iaca_curve: Curve::P384,
            country: "JP".to_owned(),
            document_signer: DsProfile::default(),
            label: "mynaform test".to_owned(),
        }
    }
}

/// An IACA root, a document signer, a reader CA and a reader certificate.
pub struct TestPki {
    iaca: CertifiedKey,
    document_signer: CertifiedKey,
    reader_ca: CertifiedKey,
    reader: CertifiedKey,
    options: TestPkiOptions,
}

impl core::fmt::Debug for TestPki {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TestPki")
            .field("label", &self.options.label)
            .field("iaca", &self.iaca)
            .field("document_signer", &self.document_signer)
            .finish_non_exhaustive()
    }
}

/// Builder profile that adds nothing by itself: every extension is added explicitly below.
struct ExplicitProfile {
    subject: Name,
    issuer: Name,
}

impl BuilderProfile for ExplicitProfile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        _spk: spki::SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: spki::SubjectPublicKeyInfoRef<'_>,
        _tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        Ok(Vec::new())
    }
}

/// One certificate to make: who signs, what it says.
struct CertSpec<'a> {
    subject: Name,
    issuer: Option<(&'a Name, &'a CertifiedKey)>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    extensions: Vec<Extension>,
}

impl TestPki {
    /// A PKI with random keys around `now` (Annex B defaults).
    pub fn random(now: OffsetDateTime) -> Result<Self, PkiError> {
        Self::generate(&TestPkiOptions::at(now), &mut Entropy::os())
    }

    /// A reproducible PKI: the same seed and `now` give the same certificates and keys.
    pub fn from_seed(seed: [u8; 32], now: OffsetDateTime) -> Result<Self, PkiError> {
        Self::generate(&TestPkiOptions::at(now), &mut Entropy::seeded(seed))
    }

    /// A PKI following `options`.
    pub fn generate(options: &TestPkiOptions, entropy: &mut Entropy) -> Result<Self, PkiError> {
        let now = options.now;
        let year = time::Duration::days(365);
        let iaca_key = EcKey::generate(options.iaca_curve, entropy);
        let iaca_name = name(&format!(
            "CN={} IACA,O={},C={}",
            options.label, options.label, options.country
        ))?;
        let iaca_ski = key_id(&iaca_key)?;
        let iaca = make_certificate(
            iaca_key,
            CertSpec {
                subject: iaca_name.clone(),
                issuer: None,
                not_before: now - year,
                not_after: now + year * 10,
                extensions: vec![
                    ext(&SubjectKeyIdentifier(octets(&iaca_ski)?), false)?,
                    ext(&KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign), true)?,
                    ext(
                        &BasicConstraints {
                            ca: true,
                            path_len_constraint: Some(0),
                        },
                        true,
                    )?,
                    ext(
                        &IssuerAltName(vec![uri("https://iaca.example.jp/")?]),
                        false,
                    )?,
                    ext(&crl_points("https://iaca.example.jp/iaca.crl")?, false)?,
                ],
            },
            iaca_ski,
            entropy,
        )?;
        let document_signer = issue_ds(
            &iaca,
            &iaca_name,
            options,
            &options.document_signer,
            entropy,
        )?;

        let reader_ca_key = EcKey::generate(Curve::P256, entropy);
        let reader_ca_name = name(&format!(
            "CN={} reader CA,O={},C=JP",
            options.label, options.label
        ))?;
        let reader_ca_ski = key_id(&reader_ca_key)?;
        let reader_ca = make_certificate(
            reader_ca_key,
            CertSpec {
                subject: reader_ca_name.clone(),
                issuer: None,
                not_before: now - year,
                not_after: now + year * 10,
                extensions: vec![
                    ext(&SubjectKeyIdentifier(octets(&reader_ca_ski)?), false)?,
                    ext(&KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign), true)?,
                    ext(
                        &BasicConstraints {
                            ca: true,
                            path_len_constraint: Some(0),
                        },
                        true,
                    )?,
                ],
            },
            reader_ca_ski,
            entropy,
        )?;
        let reader_key = EcKey::generate(Curve::P256, entropy);
        let reader_ski = key_id(&reader_key)?;
        let reader = make_certificate(
            reader_key,
            CertSpec {
                subject: name(&format!(
                    "CN={} reader,O={},C=JP",
                    options.label, options.label
                ))?,
                issuer: Some((&reader_ca_name, &reader_ca)),
                not_before: now - time::Duration::days(30),
                not_after: now + year,
                extensions: vec![
                    ext(&SubjectKeyIdentifier(octets(&reader_ski)?), false)?,
                    ext(&aki(reader_ca.subject_key_id())?, false)?,
                    ext(&KeyUsage(KeyUsages::DigitalSignature.into()), true)?,
                    ext(&ExtendedKeyUsage(vec![EKU_READER_AUTH]), true)?,
                ],
            },
            reader_ski,
            entropy,
        )?;
        Ok(Self {
            iaca,
            document_signer,
            reader_ca,
            reader,
            options: options.clone(),
        })
    }

    /// Issues another document signer under this PKI's IACA (for example a broken one for a test).
    pub fn issue_document_signer(
        &self,
        profile: &DsProfile,
        entropy: &mut Entropy,
    ) -> Result<CertifiedKey, PkiError> {
        let iaca_name = self.iaca.certificate.tbs_certificate().subject().clone();
        issue_ds(&self.iaca, &iaca_name, &self.options, profile, entropy)
    }

    /// The IACA root (the trust anchor a verifier is configured with).
    pub fn iaca(&self) -> &CertifiedKey {
        &self.iaca
    }

    /// The document signer that signs MSOs.
    pub fn document_signer(&self) -> &CertifiedKey {
        &self.document_signer
    }

    /// The reader CA root (what a wallet trusts for reader authentication).
    pub fn reader_ca(&self) -> &CertifiedKey {
        &self.reader_ca
    }

    /// The reader authentication certificate and key (signs `readerAuth`).
    pub fn reader(&self) -> &CertifiedKey {
        &self.reader
    }

    /// The reference time this PKI was made around.
    pub fn now(&self) -> OffsetDateTime {
        self.options.now
    }
}

fn issue_ds(
    iaca: &CertifiedKey,
    iaca_name: &Name,
    options: &TestPkiOptions,
    profile: &DsProfile,
    entropy: &mut Entropy,
) -> Result<CertifiedKey, PkiError> {
    let now = options.now;
    let key = EcKey::generate(profile.curve, entropy);
    let ski = key_id(&key)?;
    let mut extensions = vec![ext(&SubjectKeyIdentifier(octets(&ski)?), false)?];
    if profile.authority_key_identifier {
        extensions.push(ext(&aki(iaca.subject_key_id())?, false)?);
    }
    let usage = match (profile.ca, profile.digital_signature) {
        (true, _) => KeyUsages::DigitalSignature | KeyUsages::KeyCertSign,
        (false, true) => KeyUsages::DigitalSignature.into(),
        (false, false) => KeyUsages::KeyEncipherment.into(),
    };
    extensions.push(ext(&KeyUsage(usage), true)?);
    if profile.ca {
        extensions.push(ext(
            &BasicConstraints {
                ca: true,
                path_len_constraint: None,
            },
            true,
        )?);
    }
    if profile.extended_key_usage {
        extensions.push(ext(&ExtendedKeyUsage(vec![EKU_DOCUMENT_SIGNER]), true)?);
    }
    extensions.push(ext(
        &IssuerAltName(vec![uri("https://iaca.example.jp/")?]),
        false,
    )?);
    if profile.crl_distribution_point {
        extensions.push(ext(&crl_points("https://iaca.example.jp/ds.crl")?, false)?);
    }
    make_certificate(
        key,
        CertSpec {
            subject: name(&format!(
                "CN={} document signer,O={},C={}",
                options.label, options.label, profile.country
            ))?,
            issuer: Some((iaca_name, iaca)),
            not_before: profile.not_before.unwrap_or(now - time::Duration::days(30)),
            not_after: profile.not_after.unwrap_or(now + time::Duration::days(365)),
            extensions,
        },
        ski,
        entropy,
    )
}

fn make_certificate(
    key: EcKey,
    spec: CertSpec<'_>,
    subject_key_id: Vec<u8>,
    entropy: &mut Entropy,
) -> Result<CertifiedKey, PkiError> {
    let mut serial: [u8; 16] = entropy.bytes();
    // Positive and without a leading zero octet (RFC 5280 §4.1.2.2).
    serial[0] = (serial[0] & 0x7f) | 0x40;
    let serial = SerialNumber::new(&serial).map_err(|_| PkiError::Encoding)?;
    let validity = Validity::new(x509_time(spec.not_before)?, x509_time(spec.not_after)?);
    let issuer_name = spec
        .issuer
        .map(|(n, _)| n.clone())
        .unwrap_or_else(|| spec.subject.clone());
    let profile = ExplicitProfile {
        subject: spec.subject,
        issuer: issuer_name,
    };
    let mut builder =
        CertificateBuilder::new(profile, serial, validity, key.subject_public_key_info()?)
            .map_err(|_| PkiError::Build)?;
    for extension in spec.extensions {
        builder
            .add_extension(extension)
            .map_err(|_| PkiError::Encoding)?;
    }
    let signer = spec.issuer.map(|(_, ca)| &ca.key).unwrap_or(&key);
    let certificate = match signer.inner() {
        Inner::P256(k) => builder.build::<_, p256::ecdsa::DerSignature>(k),
        Inner::P384(k) => builder.build::<_, p384::ecdsa::DerSignature>(k),
        Inner::P521(k) => builder.build::<_, p521::ecdsa::DerSignature>(k),
    }
    .map_err(|_| PkiError::Build)?;
    let der = certificate.to_der().map_err(|_| PkiError::Encoding)?;
    Ok(CertifiedKey {
        key,
        certificate,
        der,
        subject_key_id,
    })
}

fn name(text: &str) -> Result<Name, PkiError> {
    Name::from_str(text).map_err(|_| PkiError::Encoding)
}

fn octets(bytes: &[u8]) -> Result<OctetString, PkiError> {
    OctetString::new(bytes).map_err(|_| PkiError::Encoding)
}

fn uri(text: &str) -> Result<GeneralName, PkiError> {
    Ok(GeneralName::UniformResourceIdentifier(
        Ia5String::new(text).map_err(|_| PkiError::Encoding)?,
    ))
}

fn crl_points(location: &str) -> Result<CrlDistributionPoints, PkiError> {
    Ok(CrlDistributionPoints(vec![DistributionPoint {
        distribution_point: Some(DistributionPointName::FullName(vec![uri(location)?])),
        reasons: None,
        crl_issuer: None,
    }]))
}

fn aki(issuer_ski: &[u8]) -> Result<AuthorityKeyIdentifier, PkiError> {
    Ok(AuthorityKeyIdentifier {
        key_identifier: Some(octets(issuer_ski)?),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    })
}

fn ext<T>(value: &T, critical: bool) -> Result<Extension, PkiError>
where
    T: const_oid::AssociatedOid + der::Encode,
{
    Ok(Extension {
        extn_id: T::OID,
        critical,
        extn_value: OctetString::new(value.to_der().map_err(|_| PkiError::Encoding)?)
            .map_err(|_| PkiError::Encoding)?,
    })
}

/// Key identifier: the first 20 bytes of SHA-256 over the public key bits (RFC 7093 §2 method 1).
fn key_id(key: &EcKey) -> Result<Vec<u8>, PkiError> {
    let spki = key.subject_public_key_info()?;
    let digest = Sha256::digest(spki.subject_public_key.raw_bytes());
    Ok(digest.get(..20).unwrap_or_default().to_vec())
}

fn x509_time(at: OffsetDateTime) -> Result<Time, PkiError> {
    let secs = u64::try_from(at.unix_timestamp()).map_err(|_| PkiError::TimeOutOfRange)?;
    let dt = der::DateTime::from_unix_duration(Duration::from_secs(secs))
        .map_err(|_| PkiError::TimeOutOfRange)?;
    Ok(Time::from(dt))
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::Decode;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-01 00:00 UTC);

    fn extension(cert: &Certificate, oid: ObjectIdentifier) -> Option<&Extension> {
        cert.tbs_certificate()
            .extensions()
            .and_then(|e| e.iter().find(|x| x.extn_id == oid))
    }

    #[test]
    fn iaca_is_a_self_signed_p384_ca_with_path_length_zero() {
        let pki = TestPki::from_seed([1; 32], NOW).unwrap();
        let cert = pki.iaca().certificate();
        assert_eq!(
            cert.tbs_certificate().issuer(),
            cert.tbs_certificate().subject()
        );
        assert_eq!(pki.iaca().key().curve(), Curve::P384);
        let bc = extension(cert, const_oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS).unwrap();
        assert!(bc.critical);
        let bc = BasicConstraints::from_der(bc.extn_value.as_bytes()).unwrap();
        assert!(bc.ca);
        assert_eq!(bc.path_len_constraint, Some(0));
        assert!(extension(cert, const_oid::db::rfc5280::ID_CE_ISSUER_ALT_NAME).is_some());
    }

    #[test]
    fn document_signer_carries_the_mdoc_eku_and_points_at_the_iaca() {
        let pki = TestPki::from_seed([2; 32], NOW).unwrap();
        let cert = pki.document_signer().certificate();
        let eku = extension(cert, const_oid::db::rfc5280::ID_CE_EXT_KEY_USAGE).unwrap();
        let eku = ExtendedKeyUsage::from_der(eku.extn_value.as_bytes()).unwrap();
        assert_eq!(eku.0, vec![EKU_DOCUMENT_SIGNER]);
        let aki_ext =
            extension(cert, const_oid::db::rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER).unwrap();
        let aki_value = AuthorityKeyIdentifier::from_der(aki_ext.extn_value.as_bytes()).unwrap();
        assert_eq!(
            aki_value.key_identifier.unwrap().as_bytes(),
            pki.iaca().subject_key_id()
        );
        assert_eq!(
            cert.tbs_certificate().issuer(),
            pki.iaca().certificate().tbs_certificate().subject()
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_certificates() {
        let a = TestPki::from_seed([3; 32], NOW).unwrap();
        let b = TestPki::from_seed([3; 32], NOW).unwrap();
        let c = TestPki::from_seed([4; 32], NOW).unwrap();
        assert_eq!(
            a.document_signer().certificate_der(),
            b.document_signer().certificate_der()
        );
        assert_ne!(
            a.document_signer().certificate_der(),
            c.document_signer().certificate_der()
        );
    }

    #[test]
    fn broken_document_signer_lacks_what_was_switched_off() {
        let pki = TestPki::from_seed([5; 32], NOW).unwrap();
        let profile = DsProfile {
            extended_key_usage: false,
            authority_key_identifier: false,
            ..DsProfile::default()
        };
        let ds = pki
            .issue_document_signer(&profile, &mut Entropy::from_label("broken"))
            .unwrap();
        assert!(
            extension(
                ds.certificate(),
                const_oid::db::rfc5280::ID_CE_EXT_KEY_USAGE
            )
            .is_none()
        );
        assert!(
            extension(
                ds.certificate(),
                const_oid::db::rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER
            )
            .is_none()
        );
    }

    #[test]
    fn reader_certificate_carries_the_reader_eku_and_exports_pem() {
        let pki = TestPki::from_seed([6; 32], NOW).unwrap();
        let eku = extension(
            pki.reader().certificate(),
            const_oid::db::rfc5280::ID_CE_EXT_KEY_USAGE,
        )
        .unwrap();
        let eku = ExtendedKeyUsage::from_der(eku.extn_value.as_bytes()).unwrap();
        assert_eq!(eku.0, vec![EKU_READER_AUTH]);
        let pem = pki.reader().certificate_pem().unwrap();
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
        let key_pem = pki.reader().key().to_pkcs8_pem().unwrap();
        assert!(key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    }

    #[test]
    fn document_signers_on_p384_and_p521_are_signed_by_the_iaca() {
        let pki = TestPki::from_seed([7; 32], NOW).unwrap();
        for curve in [Curve::P384, Curve::P521] {
            let profile = DsProfile {
                curve,
                ..DsProfile::default()
            };
            let ds = pki
                .issue_document_signer(&profile, &mut Entropy::from_label("c"))
                .unwrap();
            assert_eq!(ds.key().curve(), curve);
            let parsed = Certificate::from_der(ds.certificate_der()).unwrap();
            assert_eq!(
                parsed.tbs_certificate().issuer(),
                pki.iaca().certificate().tbs_certificate().subject()
            );
        }
    }
}
