//! ISO/IEC 18013-5 (2nd edition) §8.3.2.1.2.1 DeviceRequest version "1.1": ItemsRequest, DocRequest,
//! `deviceRequestInfo` (useCases) and `readerAuthAll`, a detached COSE_Sign1 (RFC 9052 §4.2) over
//! `ReaderAuthenticationAllBytes = #6.24(bstr .cbor ["ReaderAuthenticationAll", SessionTranscript,
//! [+ ItemsRequestBytes], DeviceRequestInfoBytes / null])` (§9.1.4), with the reader certificate chain in
//! `x5chain` (header 33).
use ciborium::Value;
use coset::{AsCborValue, CoseSign1, CoseSign1Builder, HeaderBuilder, iana};

use super::reader_signer::{COSE_HEADER_X5CHAIN, ReaderSigner, verify_es256};
use super::transcript::SessionTranscript;
use super::{ProtocolError, cbor};
use crate::RequestedElements;

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

    fn to_value(&self) -> Value {
        let name_spaces = self
            .name_spaces
            .iter()
            .map(|(ns, els)| {
                let elements = els
                    .iter()
                    .map(|(el, keep)| (Value::Text(el.clone()), Value::Bool(*keep)))
                    .collect();
                (Value::Text(ns.clone()), Value::Map(elements))
            })
            .collect();
        Value::Map(vec![
            (
                Value::Text("docType".into()),
                Value::Text(self.doc_type.clone()),
            ),
            (Value::Text("nameSpaces".into()), Value::Map(name_spaces)),
        ])
    }

    fn from_value(value: &Value) -> Result<Self, ProtocolError> {
        let malformed = |what| ProtocolError::MalformedCbor { what };
        let Value::Map(map) = value else {
            return Err(malformed("ItemsRequest is not a map"));
        };
        let Some(Value::Text(doc_type)) = cbor::map_get(map, "docType") else {
            return Err(malformed("ItemsRequest docType missing"));
        };
        let Some(Value::Map(name_spaces)) = cbor::map_get(map, "nameSpaces") else {
            return Err(malformed("ItemsRequest nameSpaces missing"));
        };
        let mut request = Self::new(doc_type);
        let mut seen_ns: Vec<&str> = Vec::new();
        for (ns, elements) in name_spaces {
            let (Value::Text(ns), Value::Map(elements)) = (ns, elements) else {
                return Err(malformed("ItemsRequest namespace entry is not tstr => map"));
            };
            if seen_ns.contains(&ns.as_str()) {
                return Err(malformed("ItemsRequest repeats a namespace"));
            }
            seen_ns.push(ns);
            let mut seen_el: Vec<&str> = Vec::new();
            for (el, keep) in elements {
                let (Value::Text(el), Value::Bool(keep)) = (el, keep) else {
                    return Err(malformed("ItemsRequest element entry is not tstr => bool"));
                };
                if seen_el.contains(&el.as_str()) {
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
    let items_bytes = items
        .iter()
        .map(|i| cbor::encode(&i.to_value()))
        .collect::<Result<Vec<_>, _>>()?;
    let document_set = (0..items.len()).map(|i| Value::from(i as u64)).collect();
    let device_request_info = cbor::encode(&Value::Map(vec![(
        Value::Text("useCases".into()),
        Value::Array(vec![Value::Map(vec![
            (Value::Text("mandatory".into()), Value::Bool(true)),
            (
                Value::Text("documentSets".into()),
                Value::Array(vec![Value::Array(document_set)]),
            ),
        ])]),
    )]))?;
    let doc_requests = items_bytes
        .iter()
        .map(|bytes| {
            Value::Map(vec![(
                Value::Text("itemsRequest".into()),
                cbor::tag24(bytes.clone()),
            )])
        })
        .collect();
    let mut device_request = vec![
        (
            Value::Text("version".into()),
            Value::Text(DEVICE_REQUEST_VERSION.into()),
        ),
        (
            Value::Text("docRequests".into()),
            Value::Array(doc_requests),
        ),
        (
            Value::Text("deviceRequestInfo".into()),
            cbor::tag24(device_request_info.clone()),
        ),
    ];
    if let Some(signer) = signer {
        let payload =
            reader_authentication_all_bytes(transcript, &items_bytes, Some(&device_request_info))?;
        let sign1 = sign_detached(signer, &payload)?;
        // `ReaderAuthAll = [+ COSE_Sign1]`: one signature per reader certificate; we send one.
        device_request.push((
            Value::Text("readerAuthAll".into()),
            Value::Array(vec![sign1]),
        ));
    }
    cbor::encode(&Value::Map(device_request))
}

/// `ReaderAuthenticationAllBytes` (ISO/IEC 18013-5 2nd ed. §9.1.4).
fn reader_authentication_all_bytes(
    transcript: &SessionTranscript,
    items_bytes: &[Vec<u8>],
    device_request_info: Option<&[u8]>,
) -> Result<Vec<u8>, ProtocolError> {
    let all = Value::Array(vec![
        Value::Text("ReaderAuthenticationAll".into()),
        transcript.to_value()?,
        Value::Array(items_bytes.iter().map(|b| cbor::tag24(b.clone())).collect()),
        device_request_info.map_or(Value::Null, |b| cbor::tag24(b.to_vec())),
    ]);
    cbor::encode(&cbor::tag24(cbor::encode(&all)?))
}

/// A detached ES256 COSE_Sign1 with the signer's chain in `x5chain` (unprotected, as ISO/IEC 18013-5 §9.1.4
/// places it).
fn sign_detached(signer: &dyn ReaderSigner, payload: &[u8]) -> Result<Value, ProtocolError> {
    let chain = signer.certificate_chain();
    let x5chain = match chain {
        [leaf] => Value::Bytes(leaf.clone()),
        _ => Value::Array(chain.iter().map(|c| Value::Bytes(c.clone())).collect()),
    };
    let protected = HeaderBuilder::new()
        .algorithm(iana::Algorithm::ES256)
        .build();
    let unprotected = HeaderBuilder::new()
        .value(COSE_HEADER_X5CHAIN, x5chain)
        .build();
    CoseSign1Builder::new()
        .protected(protected)
        .unprotected(unprotected)
        .try_create_detached_signature(payload, &[], |tbs| signer.sign_es256(tbs))?
        .build()
        .to_cbor_value()
        .map_err(|_| ProtocolError::SigningFailed)
}

/// One DocRequest as received: the decoded ItemsRequest beside its exact bytes.
#[derive(Debug, Clone)]
pub struct DocRequest {
    items_request: ItemsRequest,
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
    device_request_info: Option<Vec<u8>>,
    reader_auth_all: Vec<Value>,
}

impl DeviceRequest {
    /// Parses DeviceRequest CBOR strictly (one item, no trailing bytes).
    pub fn from_cbor(bytes: &[u8]) -> Result<Self, ProtocolError> {
        let malformed = |what| ProtocolError::MalformedCbor { what };
        let Value::Map(map) = cbor::decode_exact(bytes, "DeviceRequest")? else {
            return Err(malformed("DeviceRequest is not a map"));
        };
        let Some(Value::Text(version)) = cbor::map_get(&map, "version") else {
            return Err(malformed("DeviceRequest version missing"));
        };
        if version != "1.0" && version != "1.1" {
            return Err(ProtocolError::UnsupportedVersion);
        }
        let Some(Value::Array(doc_requests)) = cbor::map_get(&map, "docRequests") else {
            return Err(malformed("DeviceRequest docRequests missing"));
        };
        let doc_requests = doc_requests
            .iter()
            .map(|doc| {
                let Value::Map(doc) = doc else {
                    return Err(malformed("DocRequest is not a map"));
                };
                let tagged = cbor::map_get(doc, "itemsRequest")
                    .ok_or(malformed("DocRequest itemsRequest missing"))?;
                let bytes = cbor::untag24(tagged, "ItemsRequestBytes is not #6.24(bstr)")?;
                let items_request =
                    ItemsRequest::from_value(&cbor::decode_exact(bytes, "ItemsRequest")?)?;
                Ok(DocRequest {
                    items_request,
                    items_request_bytes: bytes.to_vec(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if doc_requests.is_empty() {
            return Err(malformed("DeviceRequest has no docRequests"));
        }
        let device_request_info = match cbor::map_get(&map, "deviceRequestInfo") {
            None => None,
            Some(tagged) => {
                Some(cbor::untag24(tagged, "DeviceRequestInfoBytes is not #6.24(bstr)")?.to_vec())
            }
        };
        // `ReaderAuthAll = [+ COSE_Sign1]`; one bare COSE_Sign1 is accepted too, each possibly tagged 18.
        let is_sign1 =
            |v: &Value| matches!(untag_sign1(v), Value::Array(parts) if parts.len() == 4);
        let reader_auth_all = match cbor::map_get(&map, "readerAuthAll") {
            None => Vec::new(),
            Some(single) if is_sign1(single) => vec![untag_sign1(single).clone()],
            Some(Value::Array(items)) if !items.is_empty() && items.iter().all(is_sign1) => {
                items.iter().map(|i| untag_sign1(i).clone()).collect()
            }
            Some(_) => return Err(malformed("readerAuthAll is not COSE_Sign1")),
        };
        Ok(Self {
            version: version.clone(),
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
        )?;
        let mut last = failed("no signature");
        for value in &self.reader_auth_all {
            match verify_one(value, &payload) {
                Ok(leaf) => return Ok(leaf),
                Err(e) => last = e,
            }
        }
        Err(last)
    }
}

/// A COSE_Sign1 may carry its CBOR tag 18 (RFC 9052 §2).
fn untag_sign1(value: &Value) -> &Value {
    match value {
        Value::Tag(18, inner) => inner,
        other => other,
    }
}

fn verify_one(value: &Value, payload: &[u8]) -> Result<Vec<u8>, ProtocolError> {
    let failed = |what| ProtocolError::ReaderAuthenticationFailed { what };
    let sign1 = CoseSign1::from_cbor_value(value.clone())
        .map_err(|_| failed("readerAuthAll is not COSE_Sign1"))?;
    if sign1.protected.header.alg
        != Some(coset::RegisteredLabelWithPrivate::Assigned(
            iana::Algorithm::ES256,
        ))
    {
        return Err(failed("algorithm is not ES256"));
    }
    if sign1.payload.is_some() {
        return Err(failed("payload is not detached"));
    }
    let x5chain = sign1
        .unprotected
        .rest
        .iter()
        .chain(sign1.protected.header.rest.iter())
        .find(|(label, _)| *label == coset::Label::Int(COSE_HEADER_X5CHAIN))
        .map(|(_, v)| v)
        .ok_or(failed("x5chain missing"))?;
    let leaf = match x5chain {
        Value::Bytes(leaf) => leaf.clone(),
        Value::Array(chain) => match chain.first() {
            Some(Value::Bytes(leaf)) => leaf.clone(),
            _ => return Err(failed("x5chain is empty")),
        },
        _ => return Err(failed("x5chain is not bstr")),
    };
    sign1.verify_detached_signature(payload, &[], |signature, tbs| {
        verify_es256(&leaf, tbs, signature)
    })?;
    Ok(leaf)
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
        let items = Value::Map(vec![
            (Value::Text("docType".into()), Value::Text("d".into())),
            (
                Value::Text("nameSpaces".into()),
                Value::Map(vec![(
                    Value::Text("ns".into()),
                    Value::Map(vec![
                        (Value::Text("a".into()), Value::Bool(false)),
                        (Value::Text("a".into()), Value::Bool(true)),
                    ]),
                )]),
            ),
        ]);
        assert!(matches!(
            ItemsRequest::from_value(&items),
            Err(ProtocolError::MalformedCbor { .. })
        ));
    }

    #[test]
    fn rejects_an_unknown_version() {
        let value = Value::Map(vec![
            (Value::Text("version".into()), Value::Text("2.0".into())),
            (Value::Text("docRequests".into()), Value::Array(vec![])),
        ]);
        let bytes = cbor::encode(&value).expect("cbor");
        assert!(matches!(
            DeviceRequest::from_cbor(&bytes),
            Err(ProtocolError::UnsupportedVersion)
        ));
    }
}
