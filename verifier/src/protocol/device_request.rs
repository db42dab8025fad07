//! ISO/IEC 18013-5 (2nd edition) §8.3.2.1.2.1 DeviceRequest version "1.1": ItemsRequest, DocRequest,
//! `deviceRequestInfo` (useCases) and `readerAuthAll`, a detached COSE_Sign1 (RFC 9052 §4.2) over
//! `ReaderAuthenticationAllBytes = #6.24(bstr .cbor ["ReaderAuthenticationAll", SessionTranscript,
//! [+ ItemsRequestBytes], DeviceRequestInfoBytes / null])` (§9.1.4), with the reader certificate chain in
//! `x5chain` (header 33).
use super::ProtocolError;
use super::cbor::{self, Cbor};
use super::reader_signer::{
    COSE_ALG_ES256, COSE_HEADER_ALG, COSE_HEADER_X5CHAIN, ReaderSigner, verify_es256,
};
use super::transcript::SessionTranscript;
use crate::RequestedElements;
use crate::cbor::{Item, Value};

/// The DeviceRequest version this crate writes (the one that carries `readerAuthAll` and `deviceRequestInfo`).
pub const DEVICE_REQUEST_VERSION: &str = "1.1";

/// One ItemsRequest: a docType and, per namespace, the elements with their intent-to-retain flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemsRequest {
    doc_type: String,
    name_spaces: Vec<(String, Vec<(String, bool)>)>,
}

impl ItemsRequest {
    /// An ItemsRequest for `doc_type` with no elements yet.
    pub fn new(doc_type: &str) -> Self {
        Self {
            doc_type: doc_type.to_owned(),
            name_spaces: Vec::new(),
        }
    }

    /// Adds an element (builder style); a repeated element keeps its first position and takes the new flag.
    pub fn with(mut self, namespace: &str, element: &str, intent_to_retain: bool) -> Self {
        self.insert(namespace, element, intent_to_retain);
        self
    }

    /// Adds an element.
    pub fn insert(&mut self, namespace: &str, element: &str, intent_to_retain: bool) {
        let index = match self.name_spaces.iter().position(|(ns, _)| ns == namespace) {
            Some(index) => index,
            None => {
                self.name_spaces.push((namespace.to_owned(), Vec::new()));
                self.name_spaces.len() - 1
            }
        };
        if let Some((_, elements)) = self.name_spaces.get_mut(index) {
            match elements.iter_mut().find(|(el, _)| el == element) {
                Some(entry) => entry.1 = intent_to_retain,
                None => elements.push((element.to_owned(), intent_to_retain)),
            }
        }
    }

    /// The requested docType.
    pub fn doc_type(&self) -> &str {
        &self.doc_type
    }

    /// `(namespace, element, intent_to_retain)` in request order.
    pub fn elements(&self) -> impl Iterator<Item = (&str, &str, bool)> {
        self.name_spaces.iter().flat_map(|(ns, els)| {
            els.iter()
                .map(move |(el, keep)| (ns.as_str(), el.as_str(), *keep))
        })
    }

    /// The elements the verifier may accept for this request.
    pub fn requested_elements(&self) -> RequestedElements {
        let mut requested = RequestedElements::new();
        for (ns, el, _) in self.elements() {
            requested.insert(ns, el);
        }
        requested
    }

    /// The ItemsRequest CBOR (the content of ItemsRequestBytes).
    fn encode(&self) -> Vec<u8> {
        let name_spaces = self
            .name_spaces
            .iter()
            .map(|(ns, els)| {
                let elements = els
                    .iter()
                    .map(|(el, keep)| (Cbor::Text(el), Cbor::Bool(*keep)))
                    .collect();
                (Cbor::Text(ns), Cbor::Map(elements))
            })
            .collect();
        Cbor::Map(vec![
            (Cbor::Text("docType"), Cbor::Text(&self.doc_type)),
            (Cbor::Text("nameSpaces"), Cbor::Map(name_spaces)),
        ])
        .encode()
    }

    fn from_item(item: &Item<'_>) -> Result<Self, ProtocolError> {
        let malformed = |what| ProtocolError::MalformedCbor { what };
        let map = cbor::unique_map(item, "ItemsRequest is not a map with distinct keys")?;
        let doc_type = cbor::map_get(map, "docType")
            .and_then(Item::as_text)
            .ok_or(malformed("ItemsRequest docType missing"))?;
        let name_spaces = cbor::map_get(map, "nameSpaces")
            .and_then(Item::as_map)
            .ok_or(malformed("ItemsRequest nameSpaces missing"))?;
        let mut request = Self::new(doc_type);
        let mut seen_ns: Vec<&str> = Vec::new();
        for (ns, elements) in name_spaces {
            let (Some(ns), Some(elements)) = (ns.as_text(), elements.as_map()) else {
                return Err(malformed("ItemsRequest namespace entry is not tstr => map"));
            };
            if seen_ns.contains(&ns) {
                return Err(malformed("ItemsRequest repeats a namespace"));
            }
            seen_ns.push(ns);
            let mut seen_el: Vec<&str> = Vec::new();
            for (el, keep) in elements {
                let (Some(el), Value::Bool(keep)) = (el.as_text(), &keep.value) else {
                    return Err(malformed("ItemsRequest element entry is not tstr => bool"));
                };
                if seen_el.contains(&el) {
                    return Err(malformed("ItemsRequest repeats an element"));
                }
                seen_el.push(el);
                request.insert(ns, el, *keep);
            }
        }
        Ok(request)
    }
}

/// Builds the CBOR of a DeviceRequest 1.1 for `items` (one DocRequest each), with `deviceRequestInfo` naming one
/// mandatory use case that needs all documents, and `readerAuthAll` when a signer is given.
pub fn build_device_request(
    items: &[ItemsRequest],
    transcript: &SessionTranscript,
    signer: Option<&dyn ReaderSigner>,
) -> Result<Vec<u8>, ProtocolError> {
    // ItemsRequestBytes and DeviceRequestInfoBytes are encoded once; the request and the signed
    // ReaderAuthenticationAll embed the same bytes.
    let items_bytes: Vec<Vec<u8>> = items
        .iter()
        .map(|i| Cbor::tag24(&i.encode()).encode())
        .collect();
    let document_set = (0..items.len() as u64).map(Cbor::Unsigned).collect();
    let device_request_info = Cbor::Map(vec![(
        Cbor::Text("useCases"),
        Cbor::Array(vec![Cbor::Map(vec![
            (Cbor::Text("mandatory"), Cbor::Bool(true)),
            (
                Cbor::Text("documentSets"),
                Cbor::Array(vec![Cbor::Array(document_set)]),
            ),
        ])]),
    )])
    .encode();
    let device_request_info = Cbor::tag24(&device_request_info).encode();
    let reader_auth = match signer {
        Some(signer) => {
            let payload = reader_authentication_all_bytes(
                transcript,
                &items_bytes,
                Some(&device_request_info),
            );
            Some(sign_detached(signer, &payload)?)
        }
        None => None,
    };
    let doc_requests = items_bytes
        .iter()
        .map(|bytes| Cbor::Map(vec![(Cbor::Text("itemsRequest"), Cbor::Encoded(bytes))]))
        .collect();
    let mut device_request = vec![
        (Cbor::Text("version"), Cbor::Text(DEVICE_REQUEST_VERSION)),
        (Cbor::Text("docRequests"), Cbor::Array(doc_requests)),
        (
            Cbor::Text("deviceRequestInfo"),
            Cbor::Encoded(&device_request_info),
        ),
    ];
    if let Some(sign1) = &reader_auth {
        // `ReaderAuthAll = [+ COSE_Sign1]`: one signature per reader certificate; we send one.
        device_request.push((
            Cbor::Text("readerAuthAll"),
            Cbor::Array(vec![Cbor::Encoded(sign1)]),
        ));
    }
    Ok(Cbor::Map(device_request).encode())
}

/// `ReaderAuthenticationAllBytes` (ISO/IEC 18013-5 2nd ed. §9.1.4) from the encoded `#6.24` items of the
/// request, embedded exactly as sent.
fn reader_authentication_all_bytes(
    transcript: &SessionTranscript,
    items_bytes: &[Vec<u8>],
    device_request_info: Option<&[u8]>,
) -> Vec<u8> {
    let all = Cbor::Array(vec![
        Cbor::Text("ReaderAuthenticationAll"),
        transcript.to_cbor(),
        Cbor::Array(items_bytes.iter().map(|b| Cbor::Encoded(b)).collect()),
        device_request_info.map_or(Cbor::Null, Cbor::Encoded),
    ])
    .encode();
    Cbor::tag24(&all).encode()
}

/// `Sig_structure` of a COSE_Sign1 (RFC 9052 §4.4): `["Signature1", protected, external_aad = h'', payload]`.
fn sig_structure(protected: &[u8], payload: &[u8]) -> Vec<u8> {
    Cbor::Array(vec![
        Cbor::Text("Signature1"),
        Cbor::Bytes(protected),
        Cbor::Bytes(&[]),
        Cbor::Bytes(payload),
    ])
    .encode()
}

/// A detached ES256 COSE_Sign1 (RFC 9052 §4.2: `[protected, unprotected, nil, signature]`) with the signer's
/// chain in `x5chain` (unprotected, as ISO/IEC 18013-5 §9.1.4 places it).
fn sign_detached(signer: &dyn ReaderSigner, payload: &[u8]) -> Result<Vec<u8>, ProtocolError> {
    let protected = Cbor::Map(vec![(
        Cbor::Int(COSE_HEADER_ALG),
        Cbor::Int(COSE_ALG_ES256),
    )])
    .encode();
    let signature = signer.sign_es256(&sig_structure(&protected, payload))?;
    let chain = signer.certificate_chain();
    let x5chain = match chain {
        [leaf] => Cbor::Bytes(leaf),
        _ => Cbor::Array(chain.iter().map(|c| Cbor::Bytes(c)).collect()),
    };
    Ok(Cbor::Array(vec![
        Cbor::Bytes(&protected),
        Cbor::Map(vec![(Cbor::Int(COSE_HEADER_X5CHAIN), x5chain)]),
        Cbor::Null,
        Cbor::Bytes(&signature),
    ])
    .encode())
}

/// One DocRequest as received: the decoded ItemsRequest beside the exact bytes it was decoded from.
#[derive(Debug, Clone)]
pub struct DocRequest {
    items_request: ItemsRequest,
    /// The `#6.24(bstr)` item exactly as received (ItemsRequestBytes).
    items_request_bytes: Vec<u8>,
}

impl DocRequest {
    /// The decoded ItemsRequest.
    pub fn items_request(&self) -> &ItemsRequest {
        &self.items_request
    }
}

/// A received DeviceRequest (the holder's side).
#[derive(Debug, Clone)]
pub struct DeviceRequest {
    version: String,
    doc_requests: Vec<DocRequest>,
    /// The `#6.24(bstr)` item exactly as received (DeviceRequestInfoBytes).
    device_request_info: Option<Vec<u8>>,
    /// Each COSE_Sign1 (without tag 18) exactly as received.
    reader_auth_all: Vec<Vec<u8>>,
}

impl DeviceRequest {
    /// Parses DeviceRequest CBOR strictly (one item, no trailing bytes, no repeated map keys).
    pub fn from_cbor(bytes: &[u8]) -> Result<Self, ProtocolError> {
        let malformed = |what| ProtocolError::MalformedCbor { what };
        let item = cbor::decode_exact(bytes, "DeviceRequest")?;
        let map = cbor::unique_map(&item, "DeviceRequest is not a map with distinct keys")?;
        let version = cbor::map_get(map, "version")
            .and_then(Item::as_text)
            .ok_or(malformed("DeviceRequest version missing"))?;
        if version != "1.0" && version != "1.1" {
            return Err(ProtocolError::UnsupportedVersion);
        }
        let doc_requests = cbor::map_get(map, "docRequests")
            .and_then(Item::as_array)
            .ok_or(malformed("DeviceRequest docRequests missing"))?;
        let doc_requests = doc_requests
            .iter()
            .map(|doc| {
                let doc = cbor::unique_map(doc, "DocRequest is not a map with distinct keys")?;
                let tagged = cbor::map_get(doc, "itemsRequest")
                    .ok_or(malformed("DocRequest itemsRequest missing"))?;
                let bytes = cbor::untag24(tagged, "ItemsRequestBytes is not #6.24(bstr)")?;
                let items_request =
                    ItemsRequest::from_item(&cbor::decode_exact(bytes, "ItemsRequest")?)?;
                Ok::<_, ProtocolError>(DocRequest {
                    items_request,
                    items_request_bytes: tagged.raw.to_vec(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if doc_requests.is_empty() {
            return Err(malformed("DeviceRequest has no docRequests"));
        }
        let device_request_info = match cbor::map_get(map, "deviceRequestInfo") {
            None => None,
            Some(tagged) => {
                let bytes = cbor::untag24(tagged, "DeviceRequestInfoBytes is not #6.24(bstr)")?;
                cbor::decode_exact(bytes, "DeviceRequestInfo")?;
                Some(tagged.raw.to_vec())
            }
        };
        // `ReaderAuthAll = [+ COSE_Sign1]`; one bare COSE_Sign1 is accepted too, each possibly tagged 18.
        let reader_auth_all = match cbor::map_get(map, "readerAuthAll") {
            None => Vec::new(),
            Some(single) if is_sign1(single) => vec![untag_sign1(single).raw.to_vec()],
            Some(all) => match all.as_array() {
                Some(items) if !items.is_empty() && items.iter().all(is_sign1) => {
                    items.iter().map(|i| untag_sign1(i).raw.to_vec()).collect()
                }
                _ => return Err(malformed("readerAuthAll is not COSE_Sign1")),
            },
        };
        Ok(Self {
            version: version.to_owned(),
            doc_requests,
            device_request_info,
            reader_auth_all,
        })
    }

    /// The version string.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The DocRequests in order.
    pub fn doc_requests(&self) -> &[DocRequest] {
        &self.doc_requests
    }

    /// Whether the request carries `readerAuthAll`.
    pub fn has_reader_auth(&self) -> bool {
        !self.reader_auth_all.is_empty()
    }

    /// Verifies `readerAuthAll` against `transcript` (which the holder computes itself) and returns the DER
    /// leaf certificate that signed. Steps (ISO/IEC 18013-5 2nd ed. §9.1.4): 1. rebuild
    /// ReaderAuthenticationAllBytes from the received ItemsRequestBytes and DeviceRequestInfoBytes; 2. for each
    /// COSE_Sign1: alg ES256, x5chain present, detached payload, signature by the leaf's key.
    /// Certificate-chain validation against a reader trust list is the caller's step.
    pub fn verify_reader_auth_all(
        &self,
        transcript: &SessionTranscript,
    ) -> Result<Vec<u8>, ProtocolError> {
        let failed = |what| ProtocolError::ReaderAuthenticationFailed { what };
        if self.reader_auth_all.is_empty() {
            return Err(failed("the request is not signed"));
        }
        let items: Vec<Vec<u8>> = self
            .doc_requests
            .iter()
            .map(|d| d.items_request_bytes.clone())
            .collect();
        let payload = reader_authentication_all_bytes(
            transcript,
            &items,
            self.device_request_info.as_deref(),
        );
        let mut last = failed("no signature");
        for sign1 in &self.reader_auth_all {
            match verify_one(sign1, &payload) {
                Ok(leaf) => return Ok(leaf),
                Err(e) => last = e,
            }
        }
        Err(last)
    }
}

/// A COSE_Sign1 may carry its CBOR tag 18 (RFC 9052 §2).
fn untag_sign1<'i, 'a>(item: &'i Item<'a>) -> &'i Item<'a> {
    match item.as_tag() {
        Some((18, inner)) => inner,
        _ => item,
    }
}

/// Whether `item` has the shape of a COSE_Sign1: four elements, the first a bstr (which also tells one
/// COSE_Sign1 from an array of four of them).
fn is_sign1(item: &Item<'_>) -> bool {
    matches!(untag_sign1(item).as_array(), Some([protected, _, _, _]) if protected.as_bytes().is_some())
}

/// Verifies one detached ES256 COSE_Sign1 (RFC 9052 §4.4) over `payload`; returns the signing leaf (DER).
fn verify_one(sign1: &[u8], payload: &[u8]) -> Result<Vec<u8>, ProtocolError> {
    let failed = |what| ProtocolError::ReaderAuthenticationFailed { what };
    let not_sign1 = |_| failed("readerAuthAll is not COSE_Sign1");
    let item = cbor::decode_exact(sign1, "COSE_Sign1").map_err(not_sign1)?;
    let Some([protected, unprotected, detached, signature]) = item.as_array() else {
        return Err(failed("readerAuthAll is not COSE_Sign1"));
    };
    // 1. The protected header, decoded from the exact bytes the signature covers (empty bstr = empty map).
    let protected_bytes = protected
        .as_bytes()
        .ok_or(failed("protected header is not bstr"))?;
    let protected_item;
    let protected_map = if protected_bytes.is_empty() {
        &[]
    } else {
        protected_item = cbor::decode_exact(protected_bytes, "protected").map_err(not_sign1)?;
        cbor::unique_map(&protected_item, "protected").map_err(not_sign1)?
    };
    let unprotected = cbor::unique_map(unprotected, "unprotected").map_err(not_sign1)?;
    // 2. alg ES256 (protected, RFC 9052 §3.1).
    if cbor::map_get_int(protected_map, COSE_HEADER_ALG).and_then(cbor::as_int)
        != Some(COSE_ALG_ES256)
    {
        return Err(failed("algorithm is not ES256"));
    }
    // 3. Detached payload.
    if !detached.is_null() {
        return Err(failed("payload is not detached"));
    }
    // 4. The leaf of x5chain (RFC 9360 §2: one bstr, or an array with the leaf first).
    let x5chain = cbor::map_get_int(unprotected, COSE_HEADER_X5CHAIN)
        .or_else(|| cbor::map_get_int(protected_map, COSE_HEADER_X5CHAIN))
        .ok_or(failed("x5chain missing"))?;
    let leaf = match (x5chain.as_bytes(), x5chain.as_array()) {
        (Some(leaf), _) => leaf,
        (None, Some(chain)) => chain
            .first()
            .and_then(Item::as_bytes)
            .ok_or(failed("x5chain is empty"))?,
        (None, None) => return Err(failed("x5chain is not bstr")),
    };
    // 5. The signature over Sig_structure.
    let signature = signature
        .as_bytes()
        .ok_or(failed("signature is not bstr"))?;
    verify_es256(leaf, &sig_structure(protected_bytes, payload), signature)?;
    Ok(leaf.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::transcript::Origin;

    /// A signer with a throw-away self-made "certificate" is not possible without a CA here, so these tests use
    /// an unsigned request; signed requests are exercised with the test PKI in the holder's tests.
    fn transcript(origin: &str) -> SessionTranscript {
        SessionTranscript::dcapi("info", &Origin::parse(origin).expect("origin")).expect("st")
    }

    #[test]
    fn parses_the_unsigned_request_it_builds() {
        let items = ItemsRequest::new("org.iso.23220.1.jp.mnc")
            .with("org.iso.23220.1.jp", "full_name_unicode", true)
            .with("org.iso.23220.1", "age_over_20", false);
        let bytes = build_device_request(
            std::slice::from_ref(&items),
            &transcript("https://a.example"),
            None,
        )
        .expect("build");
        let parsed = DeviceRequest::from_cbor(&bytes).expect("parse");
        assert_eq!(parsed.version(), "1.1");
        assert_eq!(parsed.doc_requests()[0].items_request(), &items);
        assert!(!parsed.has_reader_auth());
        assert!(matches!(
            parsed.verify_reader_auth_all(&transcript("https://a.example")),
            Err(ProtocolError::ReaderAuthenticationFailed { .. })
        ));
    }

    #[test]
    fn requested_elements_hold_exactly_the_items() {
        let items = ItemsRequest::new("d")
            .with("ns", "a", false)
            .with("ns", "b", true);
        let requested = items.requested_elements();
        assert!(requested.contains("ns", "a") && requested.contains("ns", "b"));
        assert!(!requested.contains("ns", "c"));
    }

    #[test]
    fn rejects_an_items_request_that_repeats_an_element() {
        let items = Cbor::Map(vec![
            (Cbor::Text("docType"), Cbor::Text("d")),
            (
                Cbor::Text("nameSpaces"),
                Cbor::Map(vec![(
                    Cbor::Text("ns"),
                    Cbor::Map(vec![
                        (Cbor::Text("a"), Cbor::Bool(false)),
                        (Cbor::Text("a"), Cbor::Bool(true)),
                    ]),
                )]),
            ),
        ])
        .encode();
        let items = cbor::decode_exact(&items, "ItemsRequest").expect("well-formed");
        assert!(matches!(
            ItemsRequest::from_item(&items),
            Err(ProtocolError::MalformedCbor { .. })
        ));
    }

    mod signed {
        use super::*;
        use crate::protocol::reader_signer::SoftwareP256Signer;
        use coset::{
            CborSerializable, CoseSign1, CoseSign1Builder, HeaderBuilder, TaggedCborSerializable,
            iana,
        };
        use mynaform_test_wallet::people::REFERENCE_DATE;
        use mynaform_test_wallet::pki::TestPki;

        struct Reader {
            signer: SoftwareP256Signer,
            leaf: Vec<u8>,
        }

        fn reader() -> Reader {
            let now = REFERENCE_DATE.midnight().assume_utc();
            let pki = TestPki::from_seed([41; 32], now).expect("pki");
            let key = pki.reader().key().to_pkcs8_pem().expect("key pem");
            let chain = pki.reader().certificate_pem().expect("certificate pem");
            Reader {
                signer: SoftwareP256Signer::from_pem(&key, &chain).expect("signer"),
                leaf: pki.reader().certificate_der().to_vec(),
            }
        }

        fn items() -> Vec<ItemsRequest> {
            vec![
                ItemsRequest::new("org.iso.23220.1.jp.mnc")
                    .with("org.iso.23220.1.jp", "full_name_unicode", true)
                    .with("org.iso.23220.1", "age_over_20", false),
            ]
        }

        fn signed_request(reader: &Reader, origin: &str) -> Vec<u8> {
            build_device_request(&items(), &transcript(origin), Some(&reader.signer))
                .expect("build")
        }

        /// The first COSE_Sign1 of the request's `readerAuthAll`, exactly as sent.
        fn sign1_of(request: &[u8]) -> Vec<u8> {
            DeviceRequest::from_cbor(request)
                .expect("parse")
                .reader_auth_all
                .first()
                .expect("one signature")
                .clone()
        }

        /// The ReaderAuthenticationAllBytes the request signs.
        fn payload_of(request: &[u8], origin: &str) -> Vec<u8> {
            let parsed = DeviceRequest::from_cbor(request).expect("parse");
            let items: Vec<Vec<u8>> = parsed
                .doc_requests
                .iter()
                .map(|d| d.items_request_bytes.clone())
                .collect();
            reader_authentication_all_bytes(
                &transcript(origin),
                &items,
                parsed.device_request_info.as_deref(),
            )
        }

        #[test]
        fn verifies_the_signed_request_it_builds_and_names_the_leaf() {
            let reader = reader();
            let request = signed_request(&reader, "https://a.example");
            let parsed = DeviceRequest::from_cbor(&request).expect("parse");
            assert!(parsed.has_reader_auth());
            assert_eq!(
                parsed
                    .verify_reader_auth_all(&transcript("https://a.example"))
                    .expect("verifies"),
                reader.leaf
            );
        }

        #[test]
        fn rejects_reader_auth_over_another_origin() {
            let reader = reader();
            let request = signed_request(&reader, "https://a.example");
            let parsed = DeviceRequest::from_cbor(&request).expect("parse");
            assert!(matches!(
                parsed.verify_reader_auth_all(&transcript("https://evil.example")),
                Err(ProtocolError::ReaderAuthenticationFailed {
                    what: "signature does not verify"
                })
            ));
        }

        #[test]
        fn writes_the_cose_sign1_shape_of_rfc_9052() {
            let reader = reader();
            let sign1 = sign1_of(&signed_request(&reader, "https://a.example"));
            // [h'A10126' (alg: ES256), {33: leaf}, null, signature]
            assert_eq!(&sign1[..5], &[0x84, 0x43, 0xa1, 0x01, 0x26]);
            let item = cbor::decode_exact(&sign1, "sign1").expect("decode");
            let parts = item.as_array().expect("array");
            assert!(parts[2].is_null());
            assert_eq!(parts[3].as_bytes().map(<[u8]>::len), Some(64));
            let unprotected = parts[1].as_map().expect("map");
            assert_eq!(
                cbor::map_get_int(unprotected, 33).and_then(Item::as_bytes),
                Some(reader.leaf.as_slice())
            );
        }

        #[test]
        fn an_independent_cose_implementation_verifies_our_signature() {
            let reader = reader();
            let request = signed_request(&reader, "https://a.example");
            let sign1 = CoseSign1::from_slice(&sign1_of(&request)).expect("coset parses");
            assert_eq!(
                sign1.protected.header.alg,
                Some(coset::RegisteredLabelWithPrivate::Assigned(
                    iana::Algorithm::ES256
                ))
            );
            sign1
                .verify_detached_signature(
                    &payload_of(&request, "https://a.example"),
                    &[],
                    |signature, tbs| verify_es256(&reader.leaf, tbs, signature),
                )
                .expect("coset verifies");
        }

        #[test]
        fn writes_the_preferred_serialization_a_general_purpose_encoder_writes() {
            // A general-purpose encoder re-encoding the decoded request must reproduce it exactly: shortest
            // heads and definite lengths throughout (RFC 8949 §4.2.1), as the request was written before.
            let reader = reader();
            let request = signed_request(&reader, "https://a.example");
            let value: ciborium::Value = ciborium::from_reader(request.as_slice()).expect("decode");
            let mut reencoded = Vec::new();
            ciborium::into_writer(&value, &mut reencoded).expect("encode");
            assert_eq!(reencoded, request);
        }

        /// A detached ES256 COSE_Sign1 over `payload` built by coset, with `x5chain` unprotected.
        fn coset_sign1(reader: &Reader, payload: &[u8], x5chain: coset::cbor::Value) -> CoseSign1 {
            CoseSign1Builder::new()
                .protected(
                    HeaderBuilder::new()
                        .algorithm(iana::Algorithm::ES256)
                        .build(),
                )
                .unprotected(
                    HeaderBuilder::new()
                        .value(COSE_HEADER_X5CHAIN, x5chain)
                        .build(),
                )
                .try_create_detached_signature(payload, &[], |tbs| reader.signer.sign_es256(tbs))
                .expect("sign")
                .build()
        }

        #[test]
        fn writes_byte_for_byte_the_cose_sign1_an_independent_implementation_builds() {
            // ES256 signing is deterministic (RFC 6979), so both encoders must agree on every byte.
            let reader = reader();
            let request = signed_request(&reader, "https://a.example");
            let payload = payload_of(&request, "https://a.example");
            let leaf = coset::cbor::Value::Bytes(reader.leaf.clone());
            let theirs = coset_sign1(&reader, &payload, leaf)
                .to_vec()
                .expect("encode");
            assert_eq!(sign1_of(&request), theirs);
        }

        #[test]
        fn verifies_a_signature_made_by_an_independent_cose_implementation() {
            let reader = reader();
            let request = signed_request(&reader, "https://a.example");
            let payload = payload_of(&request, "https://a.example");
            let chain =
                coset::cbor::Value::Array(vec![coset::cbor::Value::Bytes(reader.leaf.clone())]);
            let foreign = coset_sign1(&reader, &payload, chain)
                .to_tagged_vec()
                .expect("encode");
            assert_eq!(
                verify_one(&foreign[1..], &payload).expect("verifies"),
                reader.leaf
            );
            // The same item through the request parser, tag 18 (one byte, 0xd2) included.
            assert_eq!(foreign[0], 0xd2);
            let parsed = cbor::decode_exact(&foreign, "tagged").expect("decode");
            assert!(is_sign1(&parsed));
            assert_eq!(untag_sign1(&parsed).raw, &foreign[1..]);
        }

        /// Rebuilds the request's COSE_Sign1 with one part replaced.
        fn with_part(request: &[u8], index: usize, part: &[u8]) -> Vec<u8> {
            let sign1 = sign1_of(request);
            let item = cbor::decode_exact(&sign1, "sign1").expect("decode");
            let parts: Vec<Cbor<'_>> = item
                .as_array()
                .expect("array")
                .iter()
                .enumerate()
                .map(|(i, p)| Cbor::Encoded(if i == index { part } else { p.raw }))
                .collect();
            Cbor::Array(parts).encode()
        }

        #[test]
        fn rejects_another_algorithm_an_attached_payload_or_a_missing_chain() {
            let reader = reader();
            let request = signed_request(&reader, "https://a.example");
            let payload = payload_of(&request, "https://a.example");
            let es384 =
                Cbor::Bytes(&Cbor::Map(vec![(Cbor::Int(1), Cbor::Int(-35))]).encode()).encode();
            let attached = Cbor::Bytes(&payload).encode();
            let no_chain = Cbor::Map(vec![]).encode();
            let duplicate_header = Cbor::Map(vec![
                (Cbor::Int(33), Cbor::Bytes(&reader.leaf)),
                (Cbor::Int(33), Cbor::Bytes(&reader.leaf)),
            ])
            .encode();
            for (index, part, what) in [
                (0, es384.as_slice(), "algorithm is not ES256"),
                (2, attached.as_slice(), "payload is not detached"),
                (1, no_chain.as_slice(), "x5chain missing"),
                (
                    1,
                    duplicate_header.as_slice(),
                    "readerAuthAll is not COSE_Sign1",
                ),
            ] {
                let sign1 = with_part(&request, index, part);
                match verify_one(&sign1, &payload) {
                    Err(ProtocolError::ReaderAuthenticationFailed { what: got }) => {
                        assert_eq!(got, what);
                    }
                    other => panic!("{what}: {other:?}"),
                }
            }
        }

        #[test]
        fn rejects_malformed_reader_auth_with_a_typed_error() {
            let reader = reader();
            let request = signed_request(&reader, "https://a.example");
            let payload = payload_of(&request, "https://a.example");
            let sign1 = sign1_of(&request);
            for bad in [
                &sign1[..sign1.len() - 1],
                &[0x83, 0x40, 0xa0, 0xf6][..],
                &[0x84, 0x40, 0xa0, 0xf6, 0x01][..],
                &[0x84, 0x41, 0xff, 0xa0, 0xf6, 0x40][..],
            ] {
                assert!(matches!(
                    verify_one(bad, &payload),
                    Err(ProtocolError::ReaderAuthenticationFailed { .. })
                ));
            }
        }

        #[test]
        fn embeds_the_received_items_request_bytes_verbatim() {
            // An ItemsRequest whose tag-24 head is not shortest (0xd8 0x18 written as 0xd9 0x00 0x18): the
            // rebuilt ReaderAuthenticationAll must carry those bytes, not a re-encoding.
            let reader = reader();
            let request = signed_request(&reader, "https://a.example");
            let parsed = DeviceRequest::from_cbor(&request).expect("parse");
            let tagged = &parsed.doc_requests[0].items_request_bytes;
            assert_eq!(&tagged[..2], &[0xd8, 0x18]);
            let mut long_head = vec![0xd9, 0x00, 0x18];
            long_head.extend_from_slice(&tagged[2..]);
            let resent = Cbor::Map(vec![
                (Cbor::Text("version"), Cbor::Text("1.1")),
                (
                    Cbor::Text("docRequests"),
                    Cbor::Array(vec![Cbor::Map(vec![(
                        Cbor::Text("itemsRequest"),
                        Cbor::Encoded(&long_head),
                    )])]),
                ),
            ])
            .encode();
            let reparsed = DeviceRequest::from_cbor(&resent).expect("parse");
            assert_eq!(reparsed.doc_requests[0].items_request_bytes, long_head);
            assert_eq!(reparsed.doc_requests[0].items_request(), &items()[0]);
        }
    }

    #[test]
    fn rejects_a_device_request_with_a_repeated_key() {
        let items = ItemsRequest::new("d").with("ns", "a", false);
        let bytes =
            build_device_request(&[items], &transcript("https://a.example"), None).expect("build");
        // Append a second "version" entry: bump the map length and add the entry.
        let mut repeated = vec![bytes[0] + 1];
        repeated.extend_from_slice(&bytes[1..]);
        repeated.extend_from_slice(&Cbor::Text("version").encode());
        repeated.extend_from_slice(&Cbor::Text("1.0").encode());
        assert!(matches!(
            DeviceRequest::from_cbor(&repeated),
            Err(ProtocolError::MalformedCbor { .. })
        ));
    }

    #[test]
    fn rejects_truncated_or_garbage_requests_with_a_typed_error() {
        let items = ItemsRequest::new("d").with("ns", "a", false);
        let bytes =
            build_device_request(&[items], &transcript("https://a.example"), None).expect("build");
        for cut in 0..bytes.len() {
            assert!(DeviceRequest::from_cbor(&bytes[..cut]).is_err(), "{cut}");
        }
        for garbage in [&[0xff][..], &[0xa1, 0x1c], &[0x80], &[0xa0]] {
            assert!(matches!(
                DeviceRequest::from_cbor(garbage),
                Err(ProtocolError::MalformedCbor { .. })
            ));
        }
    }

    #[test]
    fn rejects_an_unknown_version() {
        let bytes = Cbor::Map(vec![
            (Cbor::Text("version"), Cbor::Text("2.0")),
            (Cbor::Text("docRequests"), Cbor::Array(vec![])),
        ])
        .encode();
        assert!(matches!(
            DeviceRequest::from_cbor(&bytes),
            Err(ProtocolError::UnsupportedVersion)
        ));
    }
}
