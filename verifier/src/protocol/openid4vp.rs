//! OpenID4VP 1.0 over the W3C Digital Credentials API (Appendix A): `openid4vp-v1-unsigned` and
//! `openid4vp-v1-signed` requests with a DCQL query for an `mso_mdoc` credential (§6), `response_mode`
//! `dc_api.jwt` (encrypted response, §8.3), and the `vp_token` answer (§8.1, Appendix B.2.6).
use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use serde_json::{Map, Value as Json, json};
use sha2::{Digest, Sha256};

use super::ProtocolError;
use super::device_request::ItemsRequest;
use super::jwe::{self, ALG_ECDH_ES, ContentEncryption, JweRecipientKey};
use super::reader_signer::{ReaderSigner, verify_es256};
use super::transcript::{EcPublicJwk, Nonce, Origin, SessionTranscript};

/// DC API protocol identifier of an unsigned OpenID4VP 1.0 request.
pub const PROTOCOL_UNSIGNED: &str = "openid4vp-v1-unsigned";
/// DC API protocol identifier of a signed OpenID4VP 1.0 request.
pub const PROTOCOL_SIGNED: &str = "openid4vp-v1-signed";
/// JWS `typ` of a signed authorization request (RFC 9101 §10.8).
pub const REQUEST_OBJECT_TYP: &str = "oauth-authz-req+jwt";
/// COSE algorithms we accept for issuer and device authentication (ES256, ES384, ES512).
const MSO_MDOC_ALGS: [i64; 3] = [-7, -35, -36];

/// One DCQL credential query for an mdoc: id, docType and claims; optional `claim_sets` (alternatives in order of
/// preference, each a list of `(namespace, element)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdocQuery {
    id: String,
    items: ItemsRequest,
    claim_sets: Vec<Vec<(String, String)>>,
}

impl MdocQuery {
    /// A query named `id` asking for every element of `items`.
    pub fn new(id: &str, items: ItemsRequest) -> Self {
        Self {
            id: id.to_owned(),
            items,
            claim_sets: Vec::new(),
        }
    }

    /// Adds alternatives: the wallet discloses the first set it can satisfy (DCQL §6.4.1 `claim_sets`).
    pub fn with_claim_sets(mut self, sets: Vec<Vec<(String, String)>>) -> Self {
        self.claim_sets = sets;
        self
    }

    /// The query id (the `vp_token` key).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The requested elements as an ItemsRequest.
    pub fn items(&self) -> &ItemsRequest {
        &self.items
    }

    /// The `claim_sets` alternatives (empty: all claims are requested).
    pub fn claim_sets(&self) -> &[Vec<(String, String)>] {
        &self.claim_sets
    }

    fn claim_id(index: usize) -> String {
        format!("c{index}")
    }

    fn to_json(&self) -> Json {
        let claims: Vec<Json> = self
            .items
            .elements()
            .enumerate()
            .map(|(i, (ns, el, keep))| {
                let mut claim = json!({ "path": [ns, el], "intent_to_retain": keep });
                if !self.claim_sets.is_empty() {
                    claim["id"] = Json::from(Self::claim_id(i));
                }
                claim
            })
            .collect();
        let mut query = json!({
            "id": self.id,
            "format": "mso_mdoc",
            "meta": { "doctype_value": self.items.doc_type() },
            "claims": claims,
        });
        if !self.claim_sets.is_empty() {
            let index_of = |ns: &str, el: &str| {
                self.items
                    .elements()
                    .position(|(n, e, _)| n == ns && e == el)
                    .map(Self::claim_id)
            };
            let sets: Vec<Vec<String>> = self
                .claim_sets
                .iter()
                .map(|set| set.iter().filter_map(|(ns, el)| index_of(ns, el)).collect())
                .collect();
            query["claim_sets"] = json!(sets);
        }
        query
    }

    fn from_json(query: &Json) -> Result<Self, ProtocolError> {
        let malformed = |what| ProtocolError::MalformedJson { what };
        let id = query
            .get("id")
            .and_then(Json::as_str)
            .ok_or(malformed("DCQL credential query id missing"))?;
        if query.get("format").and_then(Json::as_str) != Some("mso_mdoc") {
            return Err(malformed("DCQL credential query format is not mso_mdoc"));
        }
        let doc_type = query
            .pointer("/meta/doctype_value")
            .and_then(Json::as_str)
            .ok_or(malformed("DCQL meta.doctype_value missing"))?;
        let mut items = ItemsRequest::new(doc_type);
        let mut ids: Vec<(String, (String, String))> = Vec::new();
        for claim in query
            .get("claims")
            .and_then(Json::as_array)
            .ok_or(malformed("DCQL claims missing"))?
        {
            let path = claim
                .get("path")
                .and_then(Json::as_array)
                .ok_or(malformed("DCQL claim path missing"))?;
            let [Json::String(ns), Json::String(el)] = path.as_slice() else {
                return Err(malformed(
                    "DCQL mdoc claim path is not [namespace, element]",
                ));
            };
            let keep = claim
                .get("intent_to_retain")
                .and_then(Json::as_bool)
                .unwrap_or(false);
            items.insert(ns, el, keep);
            if let Some(claim_id) = claim.get("id").and_then(Json::as_str) {
                ids.push((claim_id.to_owned(), (ns.clone(), el.clone())));
            }
        }
        let mut claim_sets = Vec::new();
        if let Some(sets) = query.get("claim_sets").and_then(Json::as_array) {
            for set in sets {
                let set = set
                    .as_array()
                    .ok_or(malformed("DCQL claim_sets entry is not an array"))?;
                let resolved = set
                    .iter()
                    .map(|id| {
                        let id = id.as_str().unwrap_or_default();
                        ids.iter()
                            .find(|(k, _)| k == id)
                            .map(|(_, v)| v.clone())
                            .ok_or(malformed("unknown claim id"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                claim_sets.push(resolved);
            }
        }
        Ok(Self {
            id: id.to_owned(),
            items,
            claim_sets,
        })
    }
}

/// How a signed request names its client (OpenID4VP 1.0 §5.9.3 client identifier prefixes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientId {
    /// `x509_san_dns:HOST` — a DNS name in the leaf certificate's subjectAltName.
    X509SanDns(String),
    /// `x509_hash:` base64url(SHA-256(leaf DER)).
    X509Hash,
}

impl ClientId {
    fn render(&self, leaf: &[u8]) -> Result<String, ProtocolError> {
        match self {
            Self::X509SanDns(host) => {
                if host.is_empty()
                    || !host
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                {
                    return Err(ProtocolError::InvalidClientId);
                }
                Ok(format!("x509_san_dns:{host}"))
            }
            Self::X509Hash => Ok(format!(
                "x509_hash:{}",
                Base64UrlUnpadded::encode_string(&Sha256::digest(leaf))
            )),
        }
    }
}

/// The verifier's encryption parameters of a request: its ECDH-ES key and the `enc` values it accepts.
fn client_metadata(response_key: &EcPublicJwk, kid: &str) -> Json {
    json!({
        "jwks": { "keys": [response_key.to_json(&[("use", "enc"), ("alg", ALG_ECDH_ES), ("kid", kid)])] },
        "encrypted_response_enc_values_supported": ["A128GCM", "A256GCM"],
        "vp_formats_supported": {
            "mso_mdoc": { "issuerauth_alg_values": MSO_MDOC_ALGS, "deviceauth_alg_values": MSO_MDOC_ALGS }
        }
    })
}

/// The request parameters shared by both protocol variants.
fn request_parameters(
    query: &MdocQuery,
    nonce: &Nonce,
    response_key: &EcPublicJwk,
    kid: &str,
) -> Map<String, Json> {
    let mut params = Map::new();
    params.insert("response_type".into(), "vp_token".into());
    params.insert("response_mode".into(), "dc_api.jwt".into());
    params.insert("nonce".into(), nonce.as_str().into());
    params.insert(
        "dcql_query".into(),
        json!({ "credentials": [query.to_json()] }),
    );
    params.insert("client_metadata".into(), client_metadata(response_key, kid));
    params
}

/// The `data` of an `openid4vp-v1-unsigned` request.
pub fn unsigned_request(
    query: &MdocQuery,
    nonce: &Nonce,
    response_key: &EcPublicJwk,
    kid: &str,
) -> Json {
    Json::Object(request_parameters(query, nonce, response_key, kid))
}

/// The `data` of an `openid4vp-v1-signed` request: `{request: JWS}`, the JWS (ES256, `typ`
/// `oauth-authz-req+jwt`, `x5c`) carrying the parameters plus `client_id` and `expected_origins`.
pub fn signed_request(
    query: &MdocQuery,
    nonce: &Nonce,
    response_key: &EcPublicJwk,
    kid: &str,
    client_id: &ClientId,
    expected_origins: &[Origin],
    signer: &dyn ReaderSigner,
) -> Result<Json, ProtocolError> {
    let chain = signer.certificate_chain();
    let leaf = chain
        .first()
        .ok_or(ProtocolError::InvalidReaderCertificate)?;
    let mut params = request_parameters(query, nonce, response_key, kid);
    params.insert("client_id".into(), client_id.render(leaf)?.into());
    params.insert(
        "expected_origins".into(),
        Json::Array(
            expected_origins
                .iter()
                .map(|o| Json::from(o.as_str()))
                .collect(),
        ),
    );
    let header = json!({
        "alg": "ES256",
        "typ": REQUEST_OBJECT_TYP,
        "x5c": chain.iter().map(|c| Base64::encode_string(c)).collect::<Vec<_>>(),
    });
    let encode = |value: &Json| {
        serde_json::to_vec(value)
            .map(|b| Base64UrlUnpadded::encode_string(&b))
            .map_err(|_| ProtocolError::SigningFailed)
    };
    let signing_input = format!("{}.{}", encode(&header)?, encode(&Json::Object(params))?);
    let signature = signer.sign_es256(signing_input.as_bytes())?;
    Ok(
        json!({ "request": format!("{signing_input}.{}", Base64UrlUnpadded::encode_string(&signature)) }),
    )
}

/// A received OpenID4VP request (the holder's side), after the checks of [`OpenId4VpRequest::parse`].
#[derive(Debug, Clone)]
pub struct OpenId4VpRequest {
    nonce: Nonce,
    query: MdocQuery,
    response_key: EcPublicJwk,
    kid: Option<String>,
    enc: ContentEncryption,
    signer_certificate: Option<Vec<u8>>,
}

impl OpenId4VpRequest {
    /// Parses the `data` of a request entry for `protocol`, as a wallet does for a page at `origin`.
    ///
    /// Steps: 1. a signed request: verify the JWS (ES256, typ, x5c leaf), the `client_id` against the leaf
    /// (x509_hash digest or x509_san_dns SAN), and that `origin` is among `expected_origins`; 2. require
    /// `response_type` vp_token and `response_mode` dc_api.jwt; 3. the first DCQL `mso_mdoc` query; 4. the
    /// ECDH-ES P-256 key of `client_metadata.jwks` and the first supported `enc` (default A128GCM).
    pub fn parse(protocol: &str, data: &Json, origin: &Origin) -> Result<Self, ProtocolError> {
        let malformed = |what| ProtocolError::MalformedJson { what };
        let (params, signer_certificate) = match protocol {
            PROTOCOL_UNSIGNED => (data.clone(), None),
            PROTOCOL_SIGNED => {
                let jws = data
                    .get("request")
                    .and_then(Json::as_str)
                    .ok_or(malformed("signed request needs request"))?;
                let (params, leaf) = verify_request_object(jws)?;
                let expected = params
                    .get("expected_origins")
                    .and_then(Json::as_array)
                    .ok_or(malformed("signed request needs expected_origins"))?;
                if !expected.iter().any(|o| o.as_str() == Some(origin.as_str())) {
                    return Err(ProtocolError::ReaderAuthenticationFailed {
                        what: "origin is not an expected origin",
                    });
                }
                check_client_id(&params, &leaf)?;
                (params, Some(leaf))
            }
            _ => return Err(ProtocolError::UnsupportedProtocol),
        };
        if params.get("response_type").and_then(Json::as_str) != Some("vp_token") {
            return Err(malformed("response_type is not vp_token"));
        }
        if params.get("response_mode").and_then(Json::as_str) != Some("dc_api.jwt") {
            return Err(malformed("response_mode is not dc_api.jwt"));
        }
        let nonce = Nonce::parse(
            params
                .get("nonce")
                .and_then(Json::as_str)
                .ok_or(malformed("nonce missing"))?,
        )?;
        let query = params
            .pointer("/dcql_query/credentials")
            .and_then(Json::as_array)
            .and_then(|c| {
                c.iter()
                    .find(|q| q.get("format").and_then(Json::as_str) == Some("mso_mdoc"))
            })
            .ok_or(malformed("no mso_mdoc credential query"))?;
        let query = MdocQuery::from_json(query)?;
        let keys = params
            .pointer("/client_metadata/jwks/keys")
            .and_then(Json::as_array)
            .ok_or(malformed("client_metadata.jwks.keys missing"))?;
        let jwk = keys
            .iter()
            .find(|k| {
                k.get("crv").and_then(Json::as_str) == Some("P-256")
                    && k.get("alg")
                        .and_then(Json::as_str)
                        .is_none_or(|a| a == ALG_ECDH_ES)
            })
            .ok_or(malformed("no ECDH-ES P-256 key in client_metadata.jwks"))?;
        let response_key = EcPublicJwk::from_json(jwk)?;
        let kid = jwk.get("kid").and_then(Json::as_str).map(str::to_owned);
        let enc = match params.pointer("/client_metadata/encrypted_response_enc_values_supported") {
            None => ContentEncryption::A128Gcm,
            Some(values) => values
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Json::as_str)
                .find_map(|v| ContentEncryption::from_name(v).ok())
                .ok_or(ProtocolError::UnsupportedJweEncryption)?,
        };
        Ok(Self {
            nonce,
            query,
            response_key,
            kid,
            enc,
            signer_certificate,
        })
    }

    /// The nonce.
    pub fn nonce(&self) -> &Nonce {
        &self.nonce
    }

    /// The mdoc query.
    pub fn query(&self) -> &MdocQuery {
        &self.query
    }

    /// The DER leaf certificate of a signed request.
    pub fn signer_certificate(&self) -> Option<&[u8]> {
        self.signer_certificate.as_deref()
    }

    /// The RFC 7638 thumbprint of the verifier's response-encryption key.
    pub fn response_key_thumbprint(&self) -> super::transcript::JwkThumbprint {
        self.response_key.thumbprint()
    }

    /// The SessionTranscript of this request for `origin` (with the response key's thumbprint).
    pub fn session_transcript(&self, origin: &Origin) -> Result<SessionTranscript, ProtocolError> {
        SessionTranscript::openid4vp_dcapi(
            origin,
            &self.nonce,
            Some(&self.response_key.thumbprint()),
        )
    }

    /// The holder's answer: `{response: JWE}` whose plaintext is `{"vp_token": {<query id>:
    /// [b64url(DeviceResponse)]}}`.
    pub fn seal_response<R: rand_core::CryptoRng + ?Sized>(
        &self,
        device_response: &[u8],
        rng: &mut R,
    ) -> Result<Json, ProtocolError> {
        let plaintext = json!({
            "vp_token": { self.query.id.clone(): [Base64UrlUnpadded::encode_string(device_response)] }
        });
        let plaintext =
            serde_json::to_vec(&plaintext).map_err(|_| ProtocolError::EncryptionFailed)?;
        let compact = jwe::encrypt(
            &self.response_key,
            self.enc,
            self.kid.as_deref(),
            &plaintext,
            rng,
        )?;
        Ok(json!({ "response": compact }))
    }
}

/// Verifies a request object JWS and returns its claims and the DER leaf certificate.
fn verify_request_object(jws: &str) -> Result<(Json, Vec<u8>), ProtocolError> {
    let malformed = |what| ProtocolError::MalformedJose { what };
    let parts: Vec<&str> = jws.split('.').collect();
    let [header_b64, payload_b64, signature_b64] = parts.as_slice() else {
        return Err(malformed("a compact JWS has three parts"));
    };
    let decode = |field: &'static str, text: &str| {
        Base64UrlUnpadded::decode_vec(text).map_err(|_| ProtocolError::InvalidBase64 { field })
    };
    let header: Json = serde_json::from_slice(&decode("JWS header", header_b64)?)
        .map_err(|_| malformed("JWS header is not JSON"))?;
    if header.get("alg").and_then(Json::as_str) != Some("ES256") {
        return Err(ProtocolError::ReaderAuthenticationFailed {
            what: "request object alg is not ES256",
        });
    }
    if header.get("typ").and_then(Json::as_str) != Some(REQUEST_OBJECT_TYP) {
        return Err(ProtocolError::ReaderAuthenticationFailed {
            what: "request object typ is not oauth-authz-req+jwt",
        });
    }
    let leaf = header
        .get("x5c")
        .and_then(Json::as_array)
        .and_then(|c| c.first())
        .and_then(Json::as_str)
        .and_then(|c| Base64::decode_vec(c).ok())
        .ok_or(ProtocolError::ReaderAuthenticationFailed {
            what: "request object x5c missing",
        })?;
    let signature = decode("JWS signature", signature_b64)?;
    verify_es256(
        &leaf,
        format!("{header_b64}.{payload_b64}").as_bytes(),
        &signature,
    )?;
    let params: Json = serde_json::from_slice(&decode("JWS payload", payload_b64)?)
        .map_err(|_| malformed("JWS payload is not JSON"))?;
    Ok((params, leaf))
}

/// OpenID4VP 1.0 §5.9.3: the client_id must be bound to the certificate that signed the request.
fn check_client_id(params: &Json, leaf: &[u8]) -> Result<(), ProtocolError> {
    use der::Decode;
    use x509_cert::ext::pkix::{SubjectAltName, name::GeneralName};
    let failed = |what| ProtocolError::ReaderAuthenticationFailed { what };
    let client_id = params
        .get("client_id")
        .and_then(Json::as_str)
        .ok_or(failed("client_id missing"))?;
    if let Some(hash) = client_id.strip_prefix("x509_hash:") {
        let expected = Base64UrlUnpadded::encode_string(&Sha256::digest(leaf));
        return if hash == expected {
            Ok(())
        } else {
            Err(failed("x509_hash does not match the certificate"))
        };
    }
    if let Some(host) = client_id.strip_prefix("x509_san_dns:") {
        let certificate = x509_cert::Certificate::from_der(leaf)
            .map_err(|_| ProtocolError::InvalidReaderCertificate)?;
        let san = certificate
            .tbs_certificate()
            .get_extension::<SubjectAltName>()
            .map_err(|_| ProtocolError::InvalidReaderCertificate)?;
        let names_host = san.is_some_and(|(_, san)| {
            san.0
                .iter()
                .any(|name| matches!(name, GeneralName::DnsName(dns) if dns.as_str() == host))
        });
        return if names_host {
            Ok(())
        } else {
            Err(failed("x509_san_dns host is not in the certificate"))
        };
    }
    Err(failed("client_id prefix is not x509_san_dns or x509_hash"))
}

/// The relying party's side: decrypts `{response: JWE}` and returns the DeviceResponse CBOR of `query_id`.
pub fn open_response(
    key: &JweRecipientKey,
    data: &Json,
    query_id: &str,
) -> Result<Vec<u8>, ProtocolError> {
    let compact =
        data.get("response")
            .and_then(Json::as_str)
            .ok_or(ProtocolError::MalformedJson {
                what: "OpenID4VP response needs a response string",
            })?;
    let plaintext = key.decrypt(compact)?;
    device_response_from_vp_token(&plaintext, query_id)
}

/// Extracts the one DeviceResponse of `query_id` from a decrypted `{"vp_token": {id: [b64url]}}` payload.
pub fn device_response_from_vp_token(
    plaintext: &[u8],
    query_id: &str,
) -> Result<Vec<u8>, ProtocolError> {
    let malformed = |what| ProtocolError::MalformedJson { what };
    let payload: Json =
        serde_json::from_slice(plaintext).map_err(|_| malformed("response payload is not JSON"))?;
    let presentations = payload
        .get("vp_token")
        .and_then(|t| t.get(query_id))
        .and_then(Json::as_array)
        .ok_or(malformed("vp_token has no entry for the query id"))?;
    let [Json::String(presentation)] = presentations.as_slice() else {
        return Err(malformed("vp_token entry is not exactly one string"));
    };
    Base64UrlUnpadded::decode_vec(presentation)
        .map_err(|_| ProtocolError::InvalidBase64 { field: "vp_token" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::test_rng::TestRng;

    fn query() -> MdocQuery {
        MdocQuery::new(
            "mnc",
            ItemsRequest::new("org.iso.23220.1.jp.mnc")
                .with("org.iso.23220.1", "age_over_20", false)
                .with("org.iso.23220.1", "birth_date", false),
        )
        .with_claim_sets(vec![
            vec![("org.iso.23220.1".into(), "age_over_20".into())],
            vec![("org.iso.23220.1".into(), "birth_date".into())],
        ])
    }

    #[test]
    fn unsigned_request_parses_back_and_the_response_opens() {
        let mut rng = TestRng(5);
        let key = JweRecipientKey::generate(&mut rng);
        let nonce = Nonce::generate(&mut rng);
        let data = unsigned_request(&query(), &nonce, &key.public_jwk(), "k1");
        assert_eq!(
            data["dcql_query"]["credentials"][0]["claims"][0]["path"],
            json!(["org.iso.23220.1", "age_over_20"])
        );
        let origin = Origin::parse("https://rp.example").expect("origin");
        let parsed = OpenId4VpRequest::parse(PROTOCOL_UNSIGNED, &data, &origin).expect("parse");
        assert_eq!(parsed.query(), &query());
        assert_eq!(parsed.nonce(), &nonce);
        let transcript = parsed.session_transcript(&origin).expect("st");
        let expected = SessionTranscript::openid4vp_dcapi(
            &origin,
            &nonce,
            Some(&key.public_jwk().thumbprint()),
        )
        .expect("st");
        assert_eq!(transcript, expected);
        let response = parsed
            .seal_response(b"\xa1\x01\x02", &mut rng)
            .expect("seal");
        assert_eq!(
            open_response(&key, &response, "mnc").expect("open"),
            b"\xa1\x01\x02"
        );
        assert!(matches!(
            open_response(&key, &response, "other"),
            Err(ProtocolError::MalformedJson { .. })
        ));
    }

    #[test]
    fn refuses_a_signed_protocol_without_a_request_object() {
        let mut rng = TestRng(6);
        let key = JweRecipientKey::generate(&mut rng);
        let data = unsigned_request(
            &query(),
            &Nonce::generate(&mut rng),
            &key.public_jwk(),
            "k1",
        );
        let origin = Origin::parse("https://rp.example").expect("origin");
        assert!(OpenId4VpRequest::parse(PROTOCOL_SIGNED, &data, &origin).is_err());
        assert!(matches!(
            OpenId4VpRequest::parse("other", &data, &origin),
            Err(ProtocolError::UnsupportedProtocol)
        ));
    }
}
