//! The OpenID4VP `dc_api.jwt` response envelope: compact JWE (RFC 7516 §7.1) with `alg` `ECDH-ES` (direct key
//! agreement, RFC 7518 §4.6) and `enc` `A128GCM` / `A256GCM` (RFC 7518 §5.3), on RustCrypto.
//!
//! OpenID4VP 1.0 §8.3 (encrypted responses): the verifier's `client_metadata.jwks` carries the ECDH-ES key.
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, Aes256Gcm};
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::transcript::{EcPublicJwk, point_from_coordinates};
use super::{DecryptionError, DecryptionFailureKind, ProtocolError};

/// JWE `alg` of direct ECDH-ES key agreement (RFC 7518 §4.6).
pub const ALG_ECDH_ES: &str = "ECDH-ES";

/// The JWE content encryption algorithms supported (RFC 7518 §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentEncryption {
    /// AES-128-GCM (`A128GCM`), the OpenID4VP default.
    A128Gcm,
    /// AES-256-GCM (`A256GCM`).
    A256Gcm,
}

impl ContentEncryption {
    /// The `enc` header value.
    pub fn name(self) -> &'static str {
        match self {
            Self::A128Gcm => "A128GCM",
            Self::A256Gcm => "A256GCM",
        }
    }

    /// Parses an `enc` header value.
    pub fn from_name(name: &str) -> Result<Self, ProtocolError> {
        match name {
            "A128GCM" => Ok(Self::A128Gcm),
            "A256GCM" => Ok(Self::A256Gcm),
            _ => Err(ProtocolError::UnsupportedJweEncryption),
        }
    }

    fn key_len(self) -> usize {
        match self {
            Self::A128Gcm => 16,
            Self::A256Gcm => 32,
        }
    }
}

/// The relying party's ephemeral P-256 key that receives a JWE response. Zeroized on drop.
pub struct JweRecipientKey {
    secret: p256::SecretKey,
}

impl JweRecipientKey {
    /// Draws a fresh key from the caller's RNG.
    pub fn generate<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        Self {
            secret: <p256::SecretKey as p256::elliptic_curve::Generate>::generate_from_rng(rng),
        }
    }

    /// Loads a private JWK (`kty` EC, `crv` P-256, `x`, `y`, `d`); `x`/`y` must match `d`.
    pub fn from_jwk(jwk: &Json) -> Result<Self, ProtocolError> {
        let public = EcPublicJwk::from_json(jwk)?;
        let d = jwk
            .get("d")
            .and_then(Json::as_str)
            .ok_or(ProtocolError::InvalidJwk { what: "d missing" })?;
        let d = Zeroizing::new(Base64UrlUnpadded::decode_vec(d).map_err(|_| {
            ProtocolError::InvalidJwk {
                what: "d is not base64url",
            }
        })?);
        let secret = p256::SecretKey::from_slice(&d).map_err(|_| ProtocolError::InvalidJwk {
            what: "d is not a scalar",
        })?;
        if &secret.public_key() != public.public_key() {
            return Err(ProtocolError::InvalidJwk {
                what: "x/y do not match d",
            });
        }
        Ok(Self { secret })
    }

    /// The public JWK to publish in `client_metadata.jwks`.
    pub fn public_jwk(&self) -> EcPublicJwk {
        EcPublicJwk::from_public_key(&self.secret.public_key())
    }

    /// Decrypts a compact JWE and returns the plaintext.
    ///
    /// Steps (RFC 7516 §5.2): 1. split into five parts, the encrypted key empty (direct agreement);
    /// 2. decode the protected header, require `alg` ECDH-ES and a supported `enc`; 3. ECDH with `epk`
    /// (RFC 7518 §4.6.2) and Concat KDF with `apu`/`apv`; 4. AES-GCM open with AAD = ASCII(protected header).
    pub fn decrypt(&self, compact: &str) -> Result<Vec<u8>, ProtocolError> {
        let parts: Vec<&str> = compact.trim().split('.').collect();
        let [header_b64, encrypted_key, iv_b64, ct_b64, tag_b64] = parts.as_slice() else {
            return Err(ProtocolError::MalformedJose {
                what: "a compact JWE has five parts",
            });
        };
        if !encrypted_key.is_empty() {
            return Err(ProtocolError::MalformedJose {
                what: "ECDH-ES direct agreement has no encrypted key",
            });
        }
        let header = JweHeader::parse(header_b64)?;
        let b64 = |field: &'static str, text: &str| {
            Base64UrlUnpadded::decode_vec(text).map_err(|_| ProtocolError::InvalidBase64 { field })
        };
        let iv = b64("JWE IV", iv_b64)?;
        let mut ciphertext = b64("JWE ciphertext", ct_b64)?;
        let tag = b64("JWE tag", tag_b64)?;
        if iv.len() != 12 || tag.len() != 16 {
            return Err(DecryptionError::new(DecryptionFailureKind::Truncated).into());
        }
        let shared = self.secret.diffie_hellman(&header.epk);
        let cek = concat_kdf(
            shared.raw_secret_bytes(),
            header.enc,
            &header.apu,
            &header.apv,
        );
        ciphertext.extend_from_slice(&tag);
        let payload = Payload {
            msg: &ciphertext,
            aad: header_b64.as_bytes(),
        };
        aead(header.enc, &cek, &iv, payload, false)
            .map_err(|()| DecryptionError::new(DecryptionFailureKind::AuthenticationFailed).into())
    }
}

impl std::fmt::Debug for JweRecipientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JweRecipientKey(..)")
    }
}

/// The holder's side: encrypts `plaintext` to the verifier's key as a compact JWE.
///
/// `kid` is echoed when the verifier's JWK had one; `apu`/`apv` are left empty (OpenID4VP 1.0 binds the
/// session through the SessionTranscript, not the KDF inputs).
pub fn encrypt<R: rand_core::CryptoRng + ?Sized>(
    recipient: &EcPublicJwk,
    enc: ContentEncryption,
    kid: Option<&str>,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<String, ProtocolError> {
    let ephemeral = <p256::SecretKey as p256::elliptic_curve::Generate>::generate_from_rng(rng);
    let epk = EcPublicJwk::from_public_key(&ephemeral.public_key());
    let mut header = serde_json::Map::new();
    header.insert("alg".into(), ALG_ECDH_ES.into());
    header.insert("enc".into(), enc.name().into());
    if let Some(kid) = kid {
        header.insert("kid".into(), kid.into());
    }
    header.insert("epk".into(), epk.to_json(&[]));
    let header_json =
        serde_json::to_vec(&Json::Object(header)).map_err(|_| ProtocolError::EncryptionFailed)?;
    let header_b64 = Base64UrlUnpadded::encode_string(&header_json);
    let shared = ephemeral.diffie_hellman(recipient.public_key());
    let cek = concat_kdf(shared.raw_secret_bytes(), enc, &[], &[]);
    let mut iv = [0u8; 12];
    rng.fill_bytes(&mut iv);
    let sealed = aead(
        enc,
        &cek,
        &iv,
        Payload {
            msg: plaintext,
            aad: header_b64.as_bytes(),
        },
        true,
    )
    .map_err(|()| ProtocolError::EncryptionFailed)?;
    let split = sealed.len().saturating_sub(16);
    let (ct, tag) = sealed.split_at(split);
    Ok(format!(
        "{header_b64}..{}.{}.{}",
        Base64UrlUnpadded::encode_string(&iv),
        Base64UrlUnpadded::encode_string(ct),
        Base64UrlUnpadded::encode_string(tag)
    ))
}

/// The parts of the protected header this module acts on.
struct JweHeader {
    enc: ContentEncryption,
    epk: p256::PublicKey,
    apu: Vec<u8>,
    apv: Vec<u8>,
}

impl JweHeader {
    fn parse(header_b64: &str) -> Result<Self, ProtocolError> {
        let bytes = Base64UrlUnpadded::decode_vec(header_b64).map_err(|_| {
            ProtocolError::InvalidBase64 {
                field: "JWE protected header",
            }
        })?;
        let header: Json =
            serde_json::from_slice(&bytes).map_err(|_| ProtocolError::MalformedJose {
                what: "protected header is not JSON",
            })?;
        if header.get("alg").and_then(Json::as_str) != Some(ALG_ECDH_ES) {
            return Err(ProtocolError::UnsupportedJweAlgorithm);
        }
        let enc = ContentEncryption::from_name(
            header
                .get("enc")
                .and_then(Json::as_str)
                .ok_or(ProtocolError::UnsupportedJweEncryption)?,
        )?;
        if header.get("zip").is_some() {
            return Err(ProtocolError::MalformedJose {
                what: "compressed JWE is not accepted",
            });
        }
        let epk = header.get("epk").ok_or(ProtocolError::MalformedJose {
            what: "epk missing",
        })?;
        if epk.get("kty").and_then(Json::as_str) != Some("EC")
            || epk.get("crv").and_then(Json::as_str) != Some("P-256")
        {
            return Err(ProtocolError::MalformedJose {
                what: "epk is not a P-256 EC key",
            });
        }
        let coordinate = |name| epk.get(name).and_then(Json::as_str).unwrap_or_default();
        let epk = point_from_coordinates(coordinate("x"), coordinate("y"))
            .map_err(|_| DecryptionError::new(DecryptionFailureKind::InvalidEphemeralKey))?;
        let party = |name: &'static str| -> Result<Vec<u8>, ProtocolError> {
            match header.get(name) {
                None => Ok(Vec::new()),
                Some(Json::String(s)) => Base64UrlUnpadded::decode_vec(s)
                    .map_err(|_| ProtocolError::InvalidBase64 { field: name }),
                Some(_) => Err(ProtocolError::MalformedJose {
                    what: "apu/apv is not a string",
                }),
            }
        };
        Ok(Self {
            enc,
            epk,
            apu: party("apu")?,
            apv: party("apv")?,
        })
    }
}

/// Concat KDF (NIST SP 800-56A §5.8.1, RFC 7518 §4.6.2) with SHA-256: AlgorithmID = `enc`, PartyUInfo = apu,
/// PartyVInfo = apv (each length-prefixed), SuppPubInfo = key length in bits; one round suffices for ≤ 256 bits.
fn concat_kdf(z: &[u8], enc: ContentEncryption, apu: &[u8], apv: &[u8]) -> Zeroizing<Vec<u8>> {
    let with_len = |hasher: &mut Sha256, data: &[u8]| {
        hasher.update((data.len() as u32).to_be_bytes());
        hasher.update(data);
    };
    let mut hasher = Sha256::new();
    hasher.update(1u32.to_be_bytes());
    hasher.update(z);
    with_len(&mut hasher, enc.name().as_bytes());
    with_len(&mut hasher, apu);
    with_len(&mut hasher, apv);
    hasher.update(((enc.key_len() * 8) as u32).to_be_bytes());
    let digest = Zeroizing::new(hasher.finalize());
    Zeroizing::new(
        digest
            .get(..enc.key_len())
            .map(<[u8]>::to_vec)
            .unwrap_or_default(),
    )
}

/// AES-GCM seal (`encrypt = true`) or open with a 96-bit IV.
fn aead(
    enc: ContentEncryption,
    key: &[u8],
    iv: &[u8],
    payload: Payload<'_, '_>,
    encrypt: bool,
) -> Result<Vec<u8>, ()> {
    let nonce = aes_gcm::Nonce::try_from(iv).map_err(|_| ())?;
    match enc {
        ContentEncryption::A128Gcm => {
            let cipher = Aes128Gcm::new_from_slice(key).map_err(|_| ())?;
            if encrypt {
                cipher.encrypt(&nonce, payload)
            } else {
                cipher.decrypt(&nonce, payload)
            }
            .map_err(|_| ())
        }
        ContentEncryption::A256Gcm => {
            let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| ())?;
            if encrypt {
                cipher.encrypt(&nonce, payload)
            } else {
                cipher.decrypt(&nonce, payload)
            }
            .map_err(|_| ())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::test_rng::TestRng;

    const VECTORS: &str = include_str!("vectors/oid4vp-vectors.json");

    fn vector() -> Json {
        let all: Json = serde_json::from_str(VECTORS).expect("vector file");
        all["encrypted_response"].clone()
    }

    #[test]
    fn decrypts_the_openid4vp_encrypted_response_vector() {
        let v = vector();
        let key = JweRecipientKey::from_jwk(&v["private_jwk"]).expect("key");
        let plaintext = key
            .decrypt(v["compact_jwe"].as_str().expect("jwe"))
            .expect("decrypt");
        assert_eq!(
            plaintext,
            v["decrypted_plaintext"].as_str().expect("pt").as_bytes()
        );
    }

    #[test]
    fn concat_kdf_yields_the_vector_content_encryption_key() {
        let v = vector();
        let key = JweRecipientKey::from_jwk(&v["private_jwk"]).expect("key");
        let compact = v["compact_jwe"].as_str().expect("jwe");
        let header = JweHeader::parse(compact.split('.').next().expect("header")).expect("header");
        let shared = key.secret.diffie_hellman(&header.epk);
        let cek = concat_kdf(
            shared.raw_secret_bytes(),
            header.enc,
            &header.apu,
            &header.apv,
        );
        assert_eq!(
            crate::protocol::cbor::to_hex(&cek),
            v["content_encryption_key_hex"].as_str().expect("cek")
        );
    }

    fn tamper(compact: &str, part: usize) -> String {
        let mut parts: Vec<String> = compact.split('.').map(str::to_owned).collect();
        let mut bytes = Base64UrlUnpadded::decode_vec(&parts[part]).expect("b64");
        bytes[0] ^= 1;
        parts[part] = Base64UrlUnpadded::encode_string(&bytes);
        parts.join(".")
    }

    #[test]
    fn rejects_the_vector_with_a_tampered_tag_or_ciphertext() {
        let v = vector();
        let key = JweRecipientKey::from_jwk(&v["private_jwk"]).expect("key");
        let compact = v["compact_jwe"].as_str().expect("jwe");
        for part in [3, 4] {
            let err = key.decrypt(&tamper(compact, part)).unwrap_err();
            assert!(
                matches!(&err, ProtocolError::Decryption(e) if e.kind() == DecryptionFailureKind::AuthenticationFailed),
                "{err:?}"
            );
        }
    }

    #[test]
    fn rejects_a_truncated_jwe() {
        let v = vector();
        let key = JweRecipientKey::from_jwk(&v["private_jwk"]).expect("key");
        let compact = v["compact_jwe"].as_str().expect("jwe");
        let (without_tag, _) = compact.rsplit_once('.').expect("dot");
        assert!(matches!(
            key.decrypt(without_tag),
            Err(ProtocolError::MalformedJose { .. })
        ));
        let short_tag = format!("{without_tag}.AAAA");
        assert!(
            matches!(key.decrypt(&short_tag), Err(ProtocolError::Decryption(e)) if e.kind() == DecryptionFailureKind::Truncated)
        );
    }

    #[test]
    fn round_trips_a128gcm_and_a256gcm_and_rejects_the_wrong_key() {
        let mut rng = TestRng(42);
        let key = JweRecipientKey::generate(&mut rng);
        let wrong = JweRecipientKey::generate(&mut rng);
        for enc in [ContentEncryption::A128Gcm, ContentEncryption::A256Gcm] {
            let jwe = encrypt(
                &key.public_jwk(),
                enc,
                Some("k1"),
                b"{\"vp_token\":{}}",
                &mut rng,
            )
            .expect("encrypt");
            assert_eq!(key.decrypt(&jwe).expect("decrypt"), b"{\"vp_token\":{}}");
            assert!(matches!(
                wrong.decrypt(&jwe),
                Err(ProtocolError::Decryption(_))
            ));
        }
    }

    #[test]
    fn names_unsupported_alg_and_enc() {
        let mut rng = TestRng(7);
        let key = JweRecipientKey::generate(&mut rng);
        let jwe = encrypt(
            &key.public_jwk(),
            ContentEncryption::A128Gcm,
            None,
            b"x",
            &mut rng,
        )
        .expect("encrypt");
        let (header_b64, rest) = jwe.split_once('.').expect("dot");
        let header: Json =
            serde_json::from_slice(&Base64UrlUnpadded::decode_vec(header_b64).expect("b64"))
                .expect("json");
        let with = |name: &str, value: &str| {
            let mut h = header.clone();
            h[name] = Json::from(value);
            format!(
                "{}.{rest}",
                Base64UrlUnpadded::encode_string(&serde_json::to_vec(&h).expect("json"))
            )
        };
        assert!(matches!(
            key.decrypt(&with("alg", "ECDH-ES+A128KW")),
            Err(ProtocolError::UnsupportedJweAlgorithm)
        ));
        assert!(matches!(
            key.decrypt(&with("enc", "A128CBC-HS256")),
            Err(ProtocolError::UnsupportedJweEncryption)
        ));
    }
}
