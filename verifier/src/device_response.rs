//! DeviceResponse parsing (ISO/IEC 18013-5 §8.3.2.1.2.2): DeviceResponse, Document, IssuerSigned,
//! DeviceSigned, IssuerSignedItemBytes.
//!
//! Parsing copies what verification needs out of the decoded tree and keeps, beside each value, the exact
//! received bytes that a digest or signature covers (`#6.24` items, protected headers, payloads).
use std::collections::BTreeSet;

use crate::cbor::{self, DecodeError, Item, Value};
use crate::claims::ClaimValue;
use crate::cose::{CoseMessage, CoseShapeError};
use crate::mso::Mso;

/// Why a DeviceResponse could not be parsed: not well-formed CBOR, or the wrong shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Some CBOR (outer or embedded) is not well-formed or exceeds the limits.
    #[error("not well-formed CBOR: {0}")]
    Cbor(#[from] DecodeError),
    /// The CBOR does not have the expected shape; the text names what is wrong (never a value).
    #[error("malformed DeviceResponse: {0}")]
    Structure(&'static str),
}

/// A parsed DeviceResponse. Its contents are available only through verification.
#[derive(Debug, Clone)]
pub struct DeviceResponse {
    pub(crate) documents: Vec<Document>,
    pub(crate) document_errors: Vec<(String, i64)>,
    pub(crate) status: u64,
}

/// One returned document.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub(crate) doc_type: String,
    pub(crate) namespaces: Vec<IssuerNamespace>,
    pub(crate) issuer_auth: CoseMessage,
    pub(crate) mso: Mso,
    /// Exact received bytes of DeviceNameSpacesBytes (`#6.24(bstr)` item).
    pub(crate) device_namespaces_raw: Vec<u8>,
    pub(crate) device_auth: DeviceAuth,
}

/// Issuer-signed items of one namespace, in received order.
#[derive(Debug, Clone)]
pub(crate) struct IssuerNamespace {
    pub(crate) name: String,
    pub(crate) items: Vec<IssuerSignedItem>,
}

/// One IssuerSignedItem with the exact bytes of its `#6.24(bstr)` wrapper.
#[derive(Debug, Clone)]
pub(crate) struct IssuerSignedItem {
    pub(crate) raw: Vec<u8>,
    pub(crate) digest_id: u64,
    pub(crate) element_identifier: String,
    pub(crate) element_value: ClaimValue,
}

/// deviceSignature or deviceMac (ISO/IEC 18013-5 §9.1.3.4).
#[derive(Debug, Clone)]
pub(crate) enum DeviceAuth {
    Signature(CoseMessage),
    Mac(CoseMessage),
}

impl DeviceResponse {
    /// Parses a DeviceResponse, its documents and their MSOs, with the default CBOR limits.
    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        let root = cbor::decode(bytes)?;
        let fields = Fields::read_closed(
            &root,
            "DeviceResponse is not a map of its known fields",
            &["version", "documents", "documentErrors", "status"],
        )?;
        let version = fields
            .text("version")
            .ok_or(ParseError::Structure("DeviceResponse version missing"))?;
        if version != "1.0" {
            return Err(ParseError::Structure("DeviceResponse version is not 1.0"));
        }
        let status = fields
            .get("status")
            .and_then(Item::as_unsigned)
            .ok_or(ParseError::Structure("DeviceResponse status missing"))?;
        let documents = match fields.get("documents") {
            None => Vec::new(),
            Some(docs) => docs
                .as_array()
                .ok_or(ParseError::Structure("documents is not an array"))?
                .iter()
                .map(parse_document)
                .collect::<Result<_, _>>()?,
        };
        let document_errors = match fields.get("documentErrors") {
            None => Vec::new(),
            Some(errors) => parse_document_errors(errors)?,
        };
        Ok(Self {
            documents,
            document_errors,
            status,
        })
    }

    /// Number of returned documents.
    pub fn document_count(&self) -> usize {
        self.documents.len()
    }
}

/// The text-keyed fields of a map, refusing duplicate keys.
struct Fields<'i, 'a>(&'i [(Item<'a>, Item<'a>)]);

impl<'i, 'a> Fields<'i, 'a> {
    /// Reads a map whose keys are text and unique.
    fn read(item: &'i Item<'a>, what: &'static str) -> Result<Self, ParseError> {
        let entries = item.as_map().ok_or(ParseError::Structure(what))?;
        let mut seen = BTreeSet::new();
        for (k, _) in entries {
            let key = k.as_text().ok_or(ParseError::Structure(what))?;
            if !seen.insert(key) {
                return Err(ParseError::Structure("duplicate map key"));
            }
        }
        Ok(Self(entries))
    }

    /// Reads an unsigned container map that may hold only `known` keys: an unknown key in bytes that no
    /// signature covers would otherwise let a changed key silently drop a field (e.g. `nameSpaces`).
    fn read_closed(
        item: &'i Item<'a>,
        what: &'static str,
        known: &[&str],
    ) -> Result<Self, ParseError> {
        let fields = Self::read(item, what)?;
        for (k, _) in fields.0 {
            if !k.as_text().is_some_and(|key| known.contains(&key)) {
                return Err(ParseError::Structure(what));
            }
        }
        Ok(fields)
    }

    fn get(&self, key: &str) -> Option<&'i Item<'a>> {
        self.0
            .iter()
            .find(|(k, _)| k.as_text() == Some(key))
            .map(|(_, v)| v)
    }

    fn text(&self, key: &str) -> Option<&'i str> {
        self.get(key).and_then(Item::as_text)
    }
}

/// The content bytes of a `#6.24(bstr)` item.
pub(crate) fn tag24_content<'i>(item: &'i Item<'_>) -> Option<&'i [u8]> {
    match item.as_tag() {
        Some((24, inner)) => inner.as_bytes(),
        _ => None,
    }
}

fn parse_document(item: &Item<'_>) -> Result<Document, ParseError> {
    let fields = Fields::read_closed(
        item,
        "Document is not a map of its known fields",
        &["docType", "issuerSigned", "deviceSigned", "errors"],
    )?;
    let doc_type = fields
        .text("docType")
        .ok_or(ParseError::Structure("Document docType missing"))?
        .to_owned();
    let issuer_signed = fields
        .get("issuerSigned")
        .ok_or(ParseError::Structure("Document issuerSigned missing"))?;
    let device_signed = fields
        .get("deviceSigned")
        .ok_or(ParseError::Structure("Document deviceSigned missing"))?;

    let issuer = Fields::read_closed(
        issuer_signed,
        "IssuerSigned is not a map of its known fields",
        &["nameSpaces", "issuerAuth"],
    )?;
    let namespaces = match issuer.get("nameSpaces") {
        None => Vec::new(),
        Some(ns) => parse_issuer_namespaces(ns)?,
    };
    let issuer_auth_item = issuer
        .get("issuerAuth")
        .ok_or(ParseError::Structure("IssuerSigned issuerAuth missing"))?;
    let issuer_auth =
        CoseMessage::parse(issuer_auth_item, false).map_err(|e| cose_error(e, "issuerAuth"))?;
    let payload = issuer_auth
        .payload
        .as_deref()
        .ok_or(ParseError::Structure("issuerAuth payload is detached"))?;
    let mso = Mso::parse(payload)?;

    let device = Fields::read_closed(
        device_signed,
        "DeviceSigned is not a map of its known fields",
        &["nameSpaces", "deviceAuth"],
    )?;
    let device_ns = device
        .get("nameSpaces")
        .ok_or(ParseError::Structure("DeviceSigned nameSpaces missing"))?;
    let device_ns_content = tag24_content(device_ns)
        .ok_or(ParseError::Structure("DeviceNameSpacesBytes is not tag 24"))?;
    let device_ns_map = cbor::decode(device_ns_content)?;
    if device_ns_map.as_map().is_none() {
        return Err(ParseError::Structure("DeviceNameSpaces is not a map"));
    }
    let auth = Fields::read_closed(
        device
            .get("deviceAuth")
            .ok_or(ParseError::Structure("DeviceSigned deviceAuth missing"))?,
        "DeviceAuth is not a map of its known fields",
        &["deviceSignature", "deviceMac"],
    )?;
    let device_auth = match (auth.get("deviceSignature"), auth.get("deviceMac")) {
        (Some(sig), None) => DeviceAuth::Signature(
            CoseMessage::parse(sig, false).map_err(|e| cose_error(e, "deviceSignature"))?,
        ),
        (None, Some(mac)) => {
            DeviceAuth::Mac(CoseMessage::parse(mac, true).map_err(|e| cose_error(e, "deviceMac"))?)
        }
        _ => {
            return Err(ParseError::Structure(
                "DeviceAuth must hold exactly one of deviceSignature and deviceMac",
            ));
        }
    };
    Ok(Document {
        doc_type,
        namespaces,
        issuer_auth,
        mso,
        device_namespaces_raw: device_ns.raw.to_vec(),
        device_auth,
    })
}

fn cose_error(error: CoseShapeError, which: &'static str) -> ParseError {
    let detail = match (which, error) {
        (_, CoseShapeError::Cbor(e)) => return ParseError::Cbor(e),
        ("issuerAuth", CoseShapeError::X5Chain) => {
            "issuerAuth x5chain is not a bstr or array of bstr"
        }
        ("issuerAuth", CoseShapeError::Alg) => "issuerAuth alg missing from the protected header",
        ("issuerAuth", CoseShapeError::DuplicateHeader) => "issuerAuth header label repeated",
        ("issuerAuth", _) => "issuerAuth is not a COSE_Sign1",
        ("deviceSignature", CoseShapeError::Alg) => {
            "deviceSignature alg missing from the protected header"
        }
        ("deviceSignature", _) => "deviceSignature is not a COSE_Sign1",
        ("deviceMac", CoseShapeError::Alg) => "deviceMac alg missing from the protected header",
        _ => "deviceMac is not a COSE_Mac0",
    };
    ParseError::Structure(detail)
}

fn parse_issuer_namespaces(item: &Item<'_>) -> Result<Vec<IssuerNamespace>, ParseError> {
    let fields = Fields::read(item, "IssuerNameSpaces is not a map with text keys")?;
    let mut namespaces = Vec::with_capacity(fields.0.len());
    for (name, items) in fields.0 {
        let name = name.as_text().unwrap_or_default().to_owned();
        let items = items
            .as_array()
            .ok_or(ParseError::Structure("namespace items are not an array"))?;
        if items.is_empty() {
            return Err(ParseError::Structure("namespace has no items"));
        }
        let items = items
            .iter()
            .map(parse_issuer_signed_item)
            .collect::<Result<Vec<_>, _>>()?;
        namespaces.push(IssuerNamespace { name, items });
    }
    Ok(namespaces)
}

fn parse_issuer_signed_item(item: &Item<'_>) -> Result<IssuerSignedItem, ParseError> {
    let content =
        tag24_content(item).ok_or(ParseError::Structure("IssuerSignedItemBytes is not tag 24"))?;
    let decoded = cbor::decode(content)?;
    let fields = Fields::read(&decoded, "IssuerSignedItem is not a map with text keys")?;
    let digest_id = fields
        .get("digestID")
        .and_then(Item::as_unsigned)
        .ok_or(ParseError::Structure("IssuerSignedItem digestID missing"))?;
    fields
        .get("random")
        .and_then(Item::as_bytes)
        .ok_or(ParseError::Structure("IssuerSignedItem random missing"))?;
    let element_identifier = fields
        .text("elementIdentifier")
        .ok_or(ParseError::Structure(
            "IssuerSignedItem elementIdentifier missing",
        ))?
        .to_owned();
    let value = fields.get("elementValue").ok_or(ParseError::Structure(
        "IssuerSignedItem elementValue missing",
    ))?;
    let element_value = ClaimValue::from_item(value)
        .ok_or(ParseError::Structure("elementValue nested too deeply"))?;
    Ok(IssuerSignedItem {
        raw: item.raw.to_vec(),
        digest_id,
        element_identifier,
        element_value,
    })
}

fn parse_document_errors(item: &Item<'_>) -> Result<Vec<(String, i64)>, ParseError> {
    let shape = ParseError::Structure("documentErrors is not an array of maps");
    let mut out = Vec::new();
    for entry in item.as_array().ok_or(shape)? {
        for (k, v) in entry.as_map().ok_or(shape)? {
            let doc_type = k.as_text().ok_or(shape)?;
            let code = match v.value {
                Value::Unsigned(n) => i64::try_from(n).map_err(|_| shape)?,
                Value::Negative(n) => i64::try_from(n).map(|n| -1 - n).map_err(|_| shape)?,
                _ => return Err(shape),
            };
            out.push((doc_type.to_owned(), code));
        }
    }
    Ok(out)
}
