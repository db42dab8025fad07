//! An issuer of My Number Card mdocs and the holder-side presentation of them (ISO/IEC 18013-5 §8.3.2.1.2
//! IssuerSigned / MobileSecurityObject, §9.1.2 issuer data authentication, §8.3.2.1.2.2 DeviceSigned,
//! §9.1.3 mdoc authentication with deviceSignature or deviceMac).
//!
//! [`Issuer::issue`] makes IssuerSignedItems (each with a 32-byte random salt) as tag-24 bytes, an MSO with
//! their digests, and the issuer's COSE_Sign1 (RFC 9052 §4.2) over `MobileSecurityObjectBytes` with the
//! document signer certificate in x5chain (header 33, RFC 9360). [`IssuedCredential::present`] discloses only
//! the requested items and signs DeviceAuthenticationBytes with the device key the credential keeps.
//!
//! Every knob in [`IssueOptions`], [`IssueFault`] and [`PresentOptions`] breaks one rule at its source, so
//! a test can ask for exactly the failure it wants the verifier to name.

pub mod cbor;

use crate::people::{DOC_TYPE_MNC, Element, Person};
use crate::pki::{CertifiedKey, Curve, EcKey, Entropy, TestPki};
use cbor::{Cbor, CborStyle};
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256, Sha384, Sha512};
use time::OffsetDateTime;

/// COSE header label `alg` (RFC 9052 §3.1).
const HEADER_ALG: i64 = 1;
/// COSE header label `x5chain` (RFC 9360 §2).
const HEADER_X5CHAIN: i64 = 33;
/// COSE algorithm HMAC 256/256 (RFC 9053 §3.1).
const ALG_HMAC_256: i64 = 5;
/// CBOR tag of a COSE_Sign1 (RFC 9052 §2).
const TAG_COSE_SIGN1: u64 = 18;

/// What can go wrong while issuing or presenting.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IssueError {
    /// The reader's public key given for deviceMac is not a P-256 point.
    #[error("the reader public key for deviceMac is not a valid P-256 point")]
    InvalidReaderKey,
    /// deviceMac (ECDH on P-256) needs a P-256 device key.
    #[error("deviceMac needs a P-256 device key")]
    DeviceKeyNotP256,
}

/// The digest algorithm of the MSO (ISO/IEC 18013-5 §9.1.2.5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DigestAlgorithm {
    /// "SHA-256".
    #[default]
    Sha256,
    /// "SHA-384".
    Sha384,
    /// "SHA-512".
    Sha512,
}

impl DigestAlgorithm {
    /// The name the MSO carries.
    pub fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha256 => "SHA-256",
            DigestAlgorithm::Sha384 => "SHA-384",
            DigestAlgorithm::Sha512 => "SHA-512",
        }
    }

    /// The digest of `bytes`.
    pub fn digest(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            DigestAlgorithm::Sha256 => Sha256::digest(bytes).to_vec(),
            DigestAlgorithm::Sha384 => Sha384::digest(bytes).to_vec(),
            DigestAlgorithm::Sha512 => Sha512::digest(bytes).to_vec(),
        }
    }
}

/// How the issuer's certificate chain is carried in header 33.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum X5Chain {
    /// One bstr: the document signer certificate.
    #[default]
    Leaf,
    /// An array: the document signer certificate, then the IACA.
    LeafAndIaca,
    /// No x5chain header at all.
    Absent,
}

/// One deliberate defect of an issued credential.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssueFault {
    /// The MSO names another docType than the document.
    MsoDocType(String),
    /// The MSO carries another version than "1.0".
    MsoVersion(String),
    /// One bit of the issuer signature is flipped.
    CorruptIssuerSignature,
    /// The protected header names this COSE algorithm instead of the one that signed.
    AlgHeader(i64),
    /// The MSO's digest of this element is wrong (one byte flipped).
    DigestMismatch(&'static str),
    /// This element's item reuses the digestID of another item in its namespace (the first one, or the
    /// second when the element is itself the first); an element alone in its namespace is issued a second
    /// time under the same digestID.
    DuplicateDigestId(&'static str),
    /// The MSO's valueDigests map lists this element's digestID twice (a map with a repeated key).
    MsoDigestListedTwice(&'static str),
    /// This element is issued twice (two items, two digestIDs, both digests in the MSO).
    DuplicateElement(&'static str),
    /// The MSO has no digest for this element's digestID.
    MissingDigest(&'static str),
    /// The MSO's deviceKey is a key other than the one the credential signs with.
    WrongDeviceKey,
    /// The MSO's digestAlgorithm names one algorithm while digests use SHA-256.
    DigestAlgorithmName(&'static str),
}

/// How to issue a credential.
#[derive(Clone, Debug)]
pub struct IssueOptions {
    /// The time of issuance; validity defaults are relative to it.
    pub now: OffsetDateTime,
    /// The document's docType.
    pub doc_type: String,
    /// validityInfo.signed; `None` = one hour before `now`.
    pub signed: Option<OffsetDateTime>,
    /// validityInfo.validFrom; `None` = one hour before `now`.
    pub valid_from: Option<OffsetDateTime>,
    /// validityInfo.validUntil; `None` = a year after `now`.
    pub valid_until: Option<OffsetDateTime>,
    /// Digest algorithm of the MSO.
    pub digest: DigestAlgorithm,
    /// CBOR form of the items, the MSO and the issuer's COSE_Sign1.
    pub style: CborStyle,
    /// Wrap issuerAuth in tag 18.
    pub tagged_issuer_auth: bool,
    /// How the certificate chain is carried.
    pub x5chain: X5Chain,
    /// Curve of the device key.
    pub device_key_curve: Curve,
    /// Deliberate defects.
    pub faults: Vec<IssueFault>,
}

impl IssueOptions {
    /// A correct My Number Card issued at `now`.
    pub fn at(now: OffsetDateTime) -> Self {
        Self {
            now,
            doc_type: DOC_TYPE_MNC.to_owned(),
            signed: None,
            valid_from: None,
            valid_until: None,
            digest: DigestAlgorithm::Sha256,
            style: CborStyle::Shortest,
            tagged_issuer_auth: false,
            x5chain: X5Chain::Leaf,
            device_key_curve: Curve::P256,
            faults: Vec::new(),
        }
    }

    /// Adds a defect.
    pub fn with_fault(mut self, fault: IssueFault) -> Self {
        self.faults.push(fault);
        self
    }
}

/// Signs MSOs with a document signer key.
#[derive(Debug)]
pub struct Issuer<'a> {
    document_signer: &'a CertifiedKey,
    iaca: &'a CertifiedKey,
}

/// One issued IssuerSignedItem.
#[derive(Clone)]
pub struct IssuedItem {
    /// Namespace of the element.
    pub namespace: String,
    /// Element identifier.
    pub identifier: String,
    /// digestID.
    pub digest_id: u64,
    /// The encoded `#6.24(bstr .cbor IssuerSignedItem)` exactly as it goes on the wire.
    pub bytes: Vec<u8>,
}

impl core::fmt::Debug for IssuedItem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("IssuedItem")
            .field("namespace", &self.namespace)
            .field("identifier", &self.identifier)
            .field("digest_id", &self.digest_id)
            .finish_non_exhaustive()
    }
}

/// A credential in the holder's hands: issuer-signed items, issuerAuth and the device key.
pub struct IssuedCredential {
    doc_type: String,
    items: Vec<IssuedItem>,
    issuer_auth: Vec<u8>,
    mso: Vec<u8>,
    device_key: EcKey,
}

impl core::fmt::Debug for IssuedCredential {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("IssuedCredential")
            .field("doc_type", &self.doc_type)
            .field("items", &self.items.len())
            .finish_non_exhaustive()
    }
}

impl<'a> Issuer<'a> {
    /// The issuer of `pki`'s document signer.
    pub fn new(pki: &'a TestPki) -> Self {
        Self {
            document_signer: pki.document_signer(),
            iaca: pki.iaca(),
        }
    }

    /// An issuer signing with another document signer (e.g. a broken one); `iaca` goes into an
    /// [`X5Chain::LeafAndIaca`] chain.
    pub fn with_document_signer(document_signer: &'a CertifiedKey, iaca: &'a CertifiedKey) -> Self {
        Self {
            document_signer,
            iaca,
        }
    }

    /// Issues `person`'s My Number Card (every element, ages computed for the day of `options.now`).
    pub fn issue(
        &self,
        person: &Person,
        options: &IssueOptions,
        entropy: &mut Entropy,
    ) -> Result<IssuedCredential, IssueError> {
        self.issue_elements(person.elements(options.now.date()), options, entropy)
    }

    /// Issues a credential with the given elements.
    pub fn issue_elements(
        &self,
        elements: Vec<Element>,
        options: &IssueOptions,
        entropy: &mut Entropy,
    ) -> Result<IssuedCredential, IssueError> {
        let faults = &options.faults;
        let has = |f: &IssueFault| faults.contains(f);
        let style = options.style;

        // 1. IssuerSignedItems with fresh salts and sequential digestIDs (duplicates added on request).
        let mut plain: Vec<(Element, u64)> = Vec::new();
        let mut next_id: u64 = 0;
        for element in elements {
            let copies = if has(&IssueFault::DuplicateElement(element.identifier)) {
                2
            } else {
                1
            };
            for _ in 0..copies {
                plain.push((element.clone(), next_id));
                next_id += 1;
            }
        }
        for fault in faults {
            if let IssueFault::DuplicateDigestId(target) = fault {
                reuse_digest_id(&mut plain, target);
            }
        }
        let mut items = Vec::with_capacity(plain.len());
        for (element, digest_id) in plain {
            let salt: [u8; 32] = entropy.bytes();
            let item = Cbor::text_map([
                ("digestID", Cbor::Uint(digest_id)),
                ("random", Cbor::Bytes(salt.to_vec())),
                ("elementIdentifier", Cbor::text(element.identifier)),
                ("elementValue", element.value),
            ]);
            let bytes = Cbor::tag24(item.to_vec_with(style)).to_vec_with(style);
            items.push(IssuedItem {
                namespace: element.namespace.to_owned(),
                identifier: element.identifier.to_owned(),
                digest_id,
                bytes,
            });
        }

        // 2. valueDigests: namespace -> digestID -> digest (§9.1.2.5).
        let mut namespaces: Vec<(String, Vec<(Cbor, Cbor)>)> = Vec::new();
        for item in &items {
            let targeted = |f: &IssueFault| match f {
                IssueFault::MissingDigest(e) | IssueFault::DigestMismatch(e) => {
                    *e == item.identifier
                }
                _ => false,
            };
            let missing = faults
                .iter()
                .any(|f| matches!(f, IssueFault::MissingDigest(_)) && targeted(f));
            let mismatch = faults
                .iter()
                .any(|f| matches!(f, IssueFault::DigestMismatch(_)) && targeted(f));
            if missing {
                continue;
            }
            let mut digest = options.digest.digest(&item.bytes);
            if mismatch && let Some(b) = digest.first_mut() {
                *b ^= 0x01;
            }
            let entry = (Cbor::Uint(item.digest_id), Cbor::Bytes(digest));
            let listed_twice = faults
                .iter()
                .any(|f| matches!(f, IssueFault::MsoDigestListedTwice(e) if *e == item.identifier));
            let mut entries = vec![entry.clone()];
            if listed_twice {
                entries.push(entry.clone());
            }
            match namespaces.iter_mut().find(|(ns, _)| *ns == item.namespace) {
                Some((_, digests)) => {
                    // A digestID shared by two items keeps one entry unless the fault asks for a repeat.
                    if listed_twice || !digests.iter().any(|(k, _)| *k == entry.0) {
                        digests.extend(entries);
                    }
                }
                None => namespaces.push((item.namespace.clone(), entries)),
            }
        }

        // 3. The device key and the MSO (§9.1.2.4).
        let device_key = EcKey::generate(options.device_key_curve, entropy);
        let other_key = has(&IssueFault::WrongDeviceKey)
            .then(|| EcKey::generate(options.device_key_curve, entropy));
        let key_in_mso = other_key.as_ref().unwrap_or(&device_key);
        let now = options.now;
        let hour = time::Duration::hours(1);
        let mso_doc_type = faults
            .iter()
            .find_map(|f| match f {
                IssueFault::MsoDocType(d) => Some(d.clone()),
                _ => None,
            })
            .unwrap_or_else(|| options.doc_type.clone());
        let version = faults
            .iter()
            .find_map(|f| match f {
                IssueFault::MsoVersion(v) => Some(v.clone()),
                _ => None,
            })
            .unwrap_or_else(|| "1.0".to_owned());
        let digest_name = faults
            .iter()
            .find_map(|f| match f {
                IssueFault::DigestAlgorithmName(n) => Some(*n),
                _ => None,
            })
            .unwrap_or(options.digest.name());
        let mso = Cbor::text_map([
            ("version", Cbor::Text(version)),
            ("digestAlgorithm", Cbor::text(digest_name)),
            (
                "valueDigests",
                Cbor::Map(
                    namespaces
                        .into_iter()
                        .map(|(ns, digests)| (Cbor::Text(ns), Cbor::Map(digests)))
                        .collect(),
                ),
            ),
            (
                "deviceKeyInfo",
                Cbor::text_map([("deviceKey", cose_key(key_in_mso))]),
            ),
            ("docType", Cbor::Text(mso_doc_type)),
            (
                "validityInfo",
                Cbor::text_map([
                    (
                        "signed",
                        Cbor::tdate(tdate(options.signed.unwrap_or(now - hour))),
                    ),
                    (
                        "validFrom",
                        Cbor::tdate(tdate(options.valid_from.unwrap_or(now - hour))),
                    ),
                    (
                        "validUntil",
                        Cbor::tdate(tdate(
                            options
                                .valid_until
                                .unwrap_or(now + time::Duration::days(365)),
                        )),
                    ),
                ]),
            ),
        ])
        .to_vec_with(style);

        // 4. issuerAuth: COSE_Sign1 over MobileSecurityObjectBytes = #6.24(bstr .cbor MSO) (§9.1.2.4).
        let payload = Cbor::tag24(mso.clone()).to_vec_with(style);
        let signer = self.document_signer.key();
        let alg = faults
            .iter()
            .find_map(|f| match f {
                IssueFault::AlgHeader(a) => Some(*a),
                _ => None,
            })
            .unwrap_or(signer.curve().cose_alg());
        let protected = Cbor::Map(vec![(Cbor::int(HEADER_ALG), Cbor::int(alg))]).to_vec_with(style);
        let mut signature = signer.sign(&sig_structure(&protected, &payload));
        if has(&IssueFault::CorruptIssuerSignature)
            && let Some(b) = signature.last_mut()
        {
            *b ^= 0x01;
        }
        let unprotected = match options.x5chain {
            X5Chain::Leaf => vec![(
                Cbor::int(HEADER_X5CHAIN),
                Cbor::Bytes(self.document_signer.certificate_der().to_vec()),
            )],
            X5Chain::LeafAndIaca => vec![(
                Cbor::int(HEADER_X5CHAIN),
                Cbor::Array(vec![
                    Cbor::Bytes(self.document_signer.certificate_der().to_vec()),
                    Cbor::Bytes(self.iaca.certificate_der().to_vec()),
                ]),
            )],
            X5Chain::Absent => Vec::new(),
        };
        let sign1 = Cbor::Array(vec![
            Cbor::Bytes(protected),
            Cbor::Map(unprotected),
            Cbor::Bytes(payload),
            Cbor::Bytes(signature),
        ]);
        let sign1 = if options.tagged_issuer_auth {
            Cbor::Tag(TAG_COSE_SIGN1, Box::new(sign1))
        } else {
            sign1
        };

        Ok(IssuedCredential {
            doc_type: options.doc_type.clone(),
            items,
            issuer_auth: sign1.to_vec_with(style),
            mso,
            device_key,
        })
    }
}

/// How the holder authenticates the response (ISO/IEC 18013-5 §9.1.3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DeviceAuthMode {
    /// deviceSignature: ECDSA COSE_Sign1 with the device key.
    #[default]
    Signature,
    /// deviceMac: HMAC-SHA256 COSE_Mac0 keyed by ECDH(device key, reader's ephemeral key) + HKDF "EMacKey".
    /// Holds the reader's ephemeral public key as an uncompressed SEC1 point.
    Mac(Vec<u8>),
}

/// How to present a credential; the defaults answer exactly as a wallet would.
#[derive(Clone, Debug, Default)]
pub struct PresentOptions {
    /// CBOR form of the DeviceResponse structure around the issuer's bytes.
    pub style: CborStyle,
    /// deviceSignature or deviceMac.
    pub device_auth: DeviceAuthMode,
    /// Carry DeviceAuthenticationBytes as the COSE payload instead of detaching it (§9.1.3.4 forbids).
    pub embedded_payload: bool,
    /// Sign with a fresh key instead of the credential's device key.
    pub foreign_device_key: bool,
    /// Flip one bit of the device signature or MAC.
    pub corrupt_device_auth: bool,
    /// The Document's docType, if not the credential's.
    pub document_doc_type: Option<String>,
    /// The docType inside DeviceAuthentication, if not the Document's.
    pub device_auth_doc_type: Option<String>,
    /// Elements disclosed although nobody asked for them.
    pub extra_elements: Vec<(String, String)>,
    /// Requested elements the holder declines to disclose (reported in the Document's `errors`).
    pub withheld_elements: Vec<(String, String)>,
    /// Tag the deviceSignature COSE_Sign1 with 18.
    pub tagged_device_signature: bool,
}

impl IssuedCredential {
    /// The docType.
    pub fn doc_type(&self) -> &str {
        &self.doc_type
    }

    /// Every issued item (for tests that tamper with them).
    pub fn items(&self) -> &[IssuedItem] {
        &self.items
    }

    /// The encoded issuerAuth COSE_Sign1.
    pub fn issuer_auth(&self) -> &[u8] {
        &self.issuer_auth
    }

    /// The encoded MobileSecurityObject.
    pub fn mso(&self) -> &[u8] {
        &self.mso
    }

    /// The device key (its public half is in the MSO).
    pub fn device_key(&self) -> &EcKey {
        &self.device_key
    }

    /// A DeviceResponse disclosing `requested` (namespace, element) pairs, authenticated over the encoded
    /// SessionTranscript `session_transcript` with deviceSignature.
    pub fn present(
        &self,
        session_transcript: &[u8],
        requested: &[(&str, &str)],
    ) -> Result<Vec<u8>, IssueError> {
        self.present_with(session_transcript, requested, &PresentOptions::default())
    }

    /// A DeviceResponse as [`present`](Self::present), with options.
    pub fn present_with(
        &self,
        session_transcript: &[u8],
        requested: &[(&str, &str)],
        options: &PresentOptions,
    ) -> Result<Vec<u8>, IssueError> {
        let document = self.document(session_transcript, requested, options)?;
        Ok(device_response(vec![document]).to_vec_with(options.style))
    }

    /// One `Document` (ISO/IEC 18013-5 §8.3.2.1.2.2) for a DeviceResponse that may carry several.
    pub fn document(
        &self,
        session_transcript: &[u8],
        requested: &[(&str, &str)],
        options: &PresentOptions,
    ) -> Result<Cbor, IssueError> {
        let wanted = |ns: &str, el: &str| {
            let asked = requested.iter().any(|(n, e)| *n == ns && *e == el);
            let withheld = options
                .withheld_elements
                .iter()
                .any(|(n, e)| n == ns && e == el);
            let extra = options
                .extra_elements
                .iter()
                .any(|(n, e)| n == ns && e == el);
            (asked && !withheld) || extra
        };
        let mut namespaces: Vec<(Cbor, Cbor)> = Vec::new();
        for item in self
            .items
            .iter()
            .filter(|i| wanted(&i.namespace, &i.identifier))
        {
            let key = Cbor::Text(item.namespace.clone());
            let raw = Cbor::Raw(item.bytes.clone());
            match namespaces.iter_mut().find(|(k, _)| *k == key) {
                Some((_, Cbor::Array(list))) => list.push(raw),
                _ => namespaces.push((key, Cbor::Array(vec![raw]))),
            }
        }
        // Requested but not returned: Errors = {namespace: {element: 0}} (§8.3.2.1.2.2, "data not returned").
        let mut errors: Vec<(Cbor, Cbor)> = Vec::new();
        for (ns, el) in requested {
            let present = self
                .items
                .iter()
                .any(|i| i.namespace == *ns && i.identifier == *el);
            let withheld = options
                .withheld_elements
                .iter()
                .any(|(n, e)| n == ns && e == el);
            if present && !withheld {
                continue;
            }
            let key = Cbor::text(ns);
            let entry = (Cbor::text(el), Cbor::Uint(0));
            match errors.iter_mut().find(|(k, _)| *k == key) {
                Some((_, Cbor::Map(list))) => list.push(entry),
                _ => errors.push((key, Cbor::Map(vec![entry]))),
            }
        }

        let doc_type = options
            .document_doc_type
            .clone()
            .unwrap_or_else(|| self.doc_type.clone());
        let device_namespaces_bytes = Cbor::tag24(Cbor::Map(Vec::new()).to_vec()).to_vec();
        let auth_doc_type = options
            .device_auth_doc_type
            .clone()
            .unwrap_or_else(|| doc_type.clone());
        let device_authentication_bytes = device_authentication_bytes(
            session_transcript,
            &auth_doc_type,
            &device_namespaces_bytes,
        );
        let device_auth =
            self.device_auth(session_transcript, &device_authentication_bytes, options)?;

        let mut document = vec![
            (Cbor::text("docType"), Cbor::Text(doc_type)),
            (
                Cbor::text("issuerSigned"),
                Cbor::text_map([
                    ("nameSpaces", Cbor::Map(namespaces)),
                    ("issuerAuth", Cbor::Raw(self.issuer_auth.clone())),
                ]),
            ),
            (
                Cbor::text("deviceSigned"),
                Cbor::text_map([
                    ("nameSpaces", Cbor::Raw(device_namespaces_bytes)),
                    ("deviceAuth", device_auth),
                ]),
            ),
        ];
        if !errors.is_empty() {
            document.push((Cbor::text("errors"), Cbor::Map(errors)));
        }
        Ok(Cbor::Map(document))
    }

    fn device_auth(
        &self,
        session_transcript: &[u8],
        device_authentication_bytes: &[u8],
        options: &PresentOptions,
    ) -> Result<Cbor, IssueError> {
        let payload = if options.embedded_payload {
            Cbor::Bytes(device_authentication_bytes.to_vec())
        } else {
            Cbor::Null
        };
        match &options.device_auth {
            DeviceAuthMode::Signature => {
                let foreign;
                let key = if options.foreign_device_key {
                    foreign = EcKey::generate(self.device_key.curve(), &mut Entropy::os());
                    &foreign
                } else {
                    &self.device_key
                };
                let protected = Cbor::Map(vec![(
                    Cbor::int(HEADER_ALG),
                    Cbor::int(key.curve().cose_alg()),
                )])
                .to_vec();
                let mut signature =
                    key.sign(&sig_structure(&protected, device_authentication_bytes));
                if options.corrupt_device_auth
                    && let Some(b) = signature.last_mut()
                {
                    *b ^= 0x01;
                }
                let sign1 = Cbor::Array(vec![
                    Cbor::Bytes(protected),
                    Cbor::Map(Vec::new()),
                    payload,
                    Cbor::Bytes(signature),
                ]);
                let sign1 = if options.tagged_device_signature {
                    Cbor::Tag(TAG_COSE_SIGN1, Box::new(sign1))
                } else {
                    sign1
                };
                Ok(Cbor::text_map([("deviceSignature", sign1)]))
            }
            DeviceAuthMode::Mac(reader_public) => {
                let foreign;
                let key = if options.foreign_device_key {
                    foreign = EcKey::generate(Curve::P256, &mut Entropy::os());
                    &foreign
                } else {
                    &self.device_key
                };
                let secret = key.as_p256().ok_or(IssueError::DeviceKeyNotP256)?;
                let reader = p256::PublicKey::from_sec1_bytes(reader_public)
                    .map_err(|_| IssueError::InvalidReaderKey)?;
                let shared =
                    p256::ecdh::diffie_hellman(secret.as_nonzero_scalar(), reader.as_affine());
                let mac_key = emac_key(shared.raw_secret_bytes(), session_transcript);
                let protected =
                    Cbor::Map(vec![(Cbor::int(HEADER_ALG), Cbor::int(ALG_HMAC_256))]).to_vec();
                let mac_structure = Cbor::Array(vec![
                    Cbor::text("MAC0"),
                    Cbor::Bytes(protected.clone()),
                    Cbor::Bytes(Vec::new()),
                    Cbor::Bytes(device_authentication_bytes.to_vec()),
                ])
                .to_vec();
                let mut tag = hmac_sha256(&mac_key, &mac_structure);
                if options.corrupt_device_auth
                    && let Some(b) = tag.last_mut()
                {
                    *b ^= 0x01;
                }
                let mac0 = Cbor::Array(vec![
                    Cbor::Bytes(protected),
                    Cbor::Map(Vec::new()),
                    payload,
                    Cbor::Bytes(tag),
                ]);
                Ok(Cbor::text_map([("deviceMac", mac0)]))
            }
        }
    }
}

/// `DeviceResponse = {version: "1.0", documents: [...], status: 0}` (ISO/IEC 18013-5 §8.3.2.1.2.2).
pub fn device_response(documents: Vec<Cbor>) -> Cbor {
    Cbor::text_map([
        ("version", Cbor::text("1.0")),
        ("documents", Cbor::Array(documents)),
        ("status", Cbor::Uint(0)),
    ])
}

/// Makes the item of `target` share its digestID with another item of its namespace (the fault
/// [`IssueFault::DuplicateDigestId`]): the first other item, or a second copy of `target` when it is alone.
fn reuse_digest_id(plain: &mut Vec<(Element, u64)>, target: &str) {
    let Some(at) = plain.iter().position(|(e, _)| e.identifier == target) else {
        return;
    };
    let Some((element, own_id)) = plain.get(at).cloned() else {
        return;
    };
    let other = plain
        .iter()
        .enumerate()
        .find(|(i, (e, _))| *i != at && e.namespace == element.namespace)
        .map(|(_, (_, id))| *id);
    match (other, plain.get_mut(at)) {
        (Some(id), Some(slot)) => slot.1 = id,
        _ => plain.insert(at + 1, (element, own_id)),
    }
}

/// DeviceAuthenticationBytes = #6.24(bstr .cbor ["DeviceAuthentication", SessionTranscript, DocType,
/// DeviceNameSpacesBytes]) (ISO/IEC 18013-5 §9.1.3.4), with the transcript and namespaces embedded as given.
pub fn device_authentication_bytes(
    session_transcript: &[u8],
    doc_type: &str,
    device_namespaces_bytes: &[u8],
) -> Vec<u8> {
    let inner = Cbor::Array(vec![
        Cbor::text("DeviceAuthentication"),
        Cbor::Raw(session_transcript.to_vec()),
        Cbor::text(doc_type),
        Cbor::Raw(device_namespaces_bytes.to_vec()),
    ])
    .to_vec();
    Cbor::tag24(inner).to_vec()
}

/// Sig_structure for COSE_Sign1 with empty external AAD (RFC 9052 §4.4).
pub fn sig_structure(protected: &[u8], payload: &[u8]) -> Vec<u8> {
    Cbor::Array(vec![
        Cbor::text("Signature1"),
        Cbor::Bytes(protected.to_vec()),
        Cbor::Bytes(Vec::new()),
        Cbor::Bytes(payload.to_vec()),
    ])
    .to_vec()
}

/// EMacKey = HKDF-SHA256(salt = SHA-256(SessionTranscriptBytes), IKM = ECDH secret, info = "EMacKey", L = 32)
/// (ISO/IEC 18013-5 §9.1.3.5), SessionTranscriptBytes = #6.24(bstr .cbor SessionTranscript).
fn emac_key(shared_secret: &[u8], session_transcript: &[u8]) -> [u8; 32] {
    let transcript_bytes = Cbor::tag24(session_transcript.to_vec()).to_vec();
    let salt = Sha256::digest(&transcript_bytes);
    let hkdf = hkdf::Hkdf::<Sha256>::new(Some(&salt), shared_secret);
    let mut okm = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's 8160-byte limit, so expand cannot fail.
    let _ = hkdf.expand(b"EMacKey", &mut okm);
    okm
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    match <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }
        // HMAC accepts keys of any length.
        Err(_) => Vec::new(),
    }
}

/// COSE_Key for an EC2 public key (RFC 9053 §7.1.1): {1: 2, -1: crv, -2: x, -3: y}.
pub fn cose_key(key: &EcKey) -> Cbor {
    let (x, y) = key.public_coordinates();
    Cbor::Map(vec![
        (Cbor::int(1), Cbor::int(2)),
        (Cbor::int(-1), Cbor::int(key.curve().cose_crv())),
        (Cbor::int(-2), Cbor::Bytes(x)),
        (Cbor::int(-3), Cbor::Bytes(y)),
    ])
}

/// `tdate` text: RFC 3339 in UTC without fractional seconds (ISO/IEC 18013-5 §9.1.2.4).
pub fn tdate(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// An encoded SessionTranscript for tests that need one without a protocol:
/// `[null, null, ["dcapi", SHA-256(label)]]` (the Annex C shape).
pub fn test_session_transcript(label: &str) -> Vec<u8> {
    Cbor::Array(vec![
        Cbor::Null,
        Cbor::Null,
        Cbor::Array(vec![
            Cbor::text("dcapi"),
            Cbor::Bytes(Sha256::digest(label.as_bytes()).to_vec()),
        ]),
    ])
    .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::{NS_ISO, NS_JP, REFERENCE_DATE, person};
    use ciborium::Value;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

    fn decode(bytes: &[u8]) -> Value {
        ciborium::from_reader(bytes).unwrap()
    }

    fn get<'a>(map: &'a Value, key: &str) -> &'a Value {
        map.as_map()
            .unwrap()
            .iter()
            .find(|(k, _)| k.as_text() == Some(key))
            .map(|(_, v)| v)
            .unwrap()
    }

    fn issue(options: &IssueOptions) -> (TestPki, IssuedCredential) {
        let pki = TestPki::from_seed([9; 32], NOW).unwrap();
        let taro = person("taro", REFERENCE_DATE)
            .unwrap()
            .with_portrait(vec![0xff, 0xd8, 0xff, 0xd9]);
        let credential = Issuer::new(&pki)
            .issue(&taro, options, &mut Entropy::from_label("issue"))
            .unwrap();
        (pki, credential)
    }

    #[test]
    fn mso_digests_cover_the_exact_item_bytes() {
        for style in [
            CborStyle::Shortest,
            CborStyle::LongHeads,
            CborStyle::Indefinite,
        ] {
            let options = IssueOptions {
                style,
                ..IssueOptions::at(NOW)
            };
            let (_, credential) = issue(&options);
            let mso = decode(credential.mso());
            let digests = get(get(&mso, "valueDigests"), NS_JP).as_map().unwrap();
            for item in credential.items().iter().filter(|i| i.namespace == NS_JP) {
                let expected = Sha256::digest(&item.bytes).to_vec();
                let stored = digests
                    .iter()
                    .find(|(k, _)| k.as_integer() == Some(item.digest_id.into()))
                    .map(|(_, v)| v.as_bytes().unwrap().clone())
                    .unwrap();
                assert_eq!(stored, expected);
            }
        }
    }

    #[test]
    fn issuer_signature_verifies_with_the_document_signer_key() {
        use signature::Verifier;
        let (pki, credential) = issue(&IssueOptions::at(NOW));
        let sign1 = decode(credential.issuer_auth());
        let parts = sign1.as_array().unwrap();
        let protected = parts[0].as_bytes().unwrap();
        let payload = parts[2].as_bytes().unwrap();
        let signature = p256::ecdsa::Signature::from_slice(parts[3].as_bytes().unwrap()).unwrap();
        let key = pki
            .document_signer()
            .key()
            .as_p256()
            .unwrap()
            .verifying_key();
        assert!(
            key.verify(&sig_structure(protected, payload), &signature)
                .is_ok()
        );

        let broken = IssueOptions::at(NOW).with_fault(IssueFault::CorruptIssuerSignature);
        let (pki, credential) = issue(&broken);
        let sign1 = decode(credential.issuer_auth());
        let parts = sign1.as_array().unwrap();
        let signature = p256::ecdsa::Signature::from_slice(parts[3].as_bytes().unwrap()).unwrap();
        let key = pki
            .document_signer()
            .key()
            .as_p256()
            .unwrap()
            .verifying_key();
        let message = sig_structure(parts[0].as_bytes().unwrap(), parts[2].as_bytes().unwrap());
        assert!(key.verify(&message, &signature).is_err());
    }

    #[test]
    fn presentation_discloses_only_requested_elements() {
        let (_, credential) = issue(&IssueOptions::at(NOW));
        let transcript = test_session_transcript("t");
        let response = credential
            .present(
                &transcript,
                &[(NS_JP, "full_name_unicode"), (NS_ISO, "age_over_20")],
            )
            .unwrap();
        let response = decode(&response);
        let document = &get(&response, "documents").as_array().unwrap()[0];
        let namespaces = get(get(document, "issuerSigned"), "nameSpaces");
        assert_eq!(get(namespaces, NS_JP).as_array().unwrap().len(), 1);
        assert_eq!(get(namespaces, NS_ISO).as_array().unwrap().len(), 1);
    }

    #[test]
    fn device_signature_covers_device_authentication_bytes() {
        use signature::Verifier;
        let (_, credential) = issue(&IssueOptions::at(NOW));
        let transcript = test_session_transcript("t");
        let response = decode(
            &credential
                .present(&transcript, &[(NS_JP, "sex_unicode")])
                .unwrap(),
        );
        let document = &get(&response, "documents").as_array().unwrap()[0];
        let device_signed = get(document, "deviceSigned");
        let sign1 = get(get(device_signed, "deviceAuth"), "deviceSignature")
            .as_array()
            .unwrap();
        assert!(sign1[2].is_null());
        let namespaces_bytes = Cbor::tag24(vec![0xa0]).to_vec();
        let dab = device_authentication_bytes(&transcript, DOC_TYPE_MNC, &namespaces_bytes);
        let message = sig_structure(sign1[0].as_bytes().unwrap(), &dab);
        let signature = p256::ecdsa::Signature::from_slice(sign1[3].as_bytes().unwrap()).unwrap();
        let key = credential.device_key().as_p256().unwrap().verifying_key();
        assert!(key.verify(&message, &signature).is_ok());
    }

    #[test]
    fn requested_but_missing_elements_are_reported_in_errors() {
        let (_, credential) = issue(&IssueOptions::at(NOW));
        let response = credential
            .present(&test_session_transcript("t"), &[(NS_JP, "no_such_element")])
            .unwrap();
        let response = decode(&response);
        let document = &get(&response, "documents").as_array().unwrap()[0];
        let errors = get(get(document, "errors"), NS_JP);
        assert_eq!(get(errors, "no_such_element").as_integer(), Some(0.into()));
    }

    #[test]
    fn seeded_issuance_is_reproducible_byte_for_byte() {
        let (_, a) = issue(&IssueOptions::at(NOW));
        let (_, b) = issue(&IssueOptions::at(NOW));
        assert_eq!(a.issuer_auth(), b.issuer_auth());
        let pki = TestPki::from_seed([9; 32], NOW).unwrap();
        let taro = person("taro", REFERENCE_DATE).unwrap();
        let c = Issuer::new(&pki)
            .issue(
                &taro,
                &IssueOptions::at(NOW),
                &mut Entropy::from_label("other"),
            )
            .unwrap();
        assert_ne!(a.issuer_auth(), c.issuer_auth());
    }

    #[test]
    fn tdate_is_rfc3339_utc_without_fractions() {
        assert_eq!(
            tdate(datetime!(2026-12-01 09:08:07.5 +09:00)),
            "2026-12-01T00:08:07Z"
        );
    }
}
