//! The Annex C response envelope: HPKE (RFC 9180) base mode with DHKEM(P-256, HKDF-SHA256), HKDF-SHA256,
//! AES-128-GCM; `info` = SessionTranscript CBOR bytes, `aad` empty (ISO/IEC 18013-7 Annex C, "Response").
//!
//! The wire form is `["dcapi", {"enc": bstr, "cipherText": bstr}]` (see [`super::annex_c`]).
use hpke::{
    Deserializable, HpkeError, OpModeR, OpModeS, Serializable, aead::AesGcm128, kdf::HkdfSha256,
    kem::DhP256HkdfSha256,
};
use p256::elliptic_curve::sec1::ToSec1Point;
use zeroize::Zeroizing;

use super::transcript::SessionTranscript;
use super::{DecryptionError, DecryptionFailureKind, ProtocolError};

/// RFC 9180 §7.1 KEM id of DHKEM(P-256, HKDF-SHA256).
pub const KEM_ID_DHKEM_P256_HKDF_SHA256: u16 = 0x0010;
/// RFC 9180 §7.2 KDF id of HKDF-SHA256.
pub const KDF_ID_HKDF_SHA256: u16 = 0x0001;
/// RFC 9180 §7.3 AEAD id of AES-128-GCM.
pub const AEAD_ID_AES_128_GCM: u16 = 0x0001;

/// Length of an uncompressed P-256 encapsulated key (`enc`).
const ENC_LEN: usize = 65;
/// AES-GCM tag length.
const TAG_LEN: usize = 16;

/// The relying party's ephemeral P-256 key that receives an Annex C response. Zeroized on drop.
pub struct HpkeRecipientKey {
    secret: p256::SecretKey,
}

impl HpkeRecipientKey {
    /// Draws a fresh key from the caller's RNG.
    pub fn generate<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        Self {
            secret: <p256::SecretKey as p256::elliptic_curve::Generate>::generate_from_rng(rng),
        }
    }

    /// Wraps an existing P-256 secret key.
    pub fn from_secret_key(secret: p256::SecretKey) -> Self {
        Self { secret }
    }

    /// Loads a PKCS#8 (`PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`) PEM.
    pub fn from_pem(pem: &str) -> Result<Self, ProtocolError> {
        use p256::pkcs8::DecodePrivateKey;
        let secret = p256::SecretKey::from_pkcs8_pem(pem)
            .or_else(|_| p256::SecretKey::from_sec1_pem(pem))
            .map_err(|_| ProtocolError::InvalidRecipientKey)?;
        Ok(Self { secret })
    }

    /// The public key the request's EncryptionInfo carries.
    pub fn public_key(&self) -> p256::PublicKey {
        self.secret.public_key()
    }

    /// RFC 9180 §5.1 / §6.1: `SetupBaseR(enc, skR, info)` then `Open(aad = "", ct)`.
    pub fn open(
        &self,
        transcript: &SessionTranscript,
        enc: &[u8],
        cipher_text: &[u8],
    ) -> Result<Vec<u8>, DecryptionError> {
        open_with_aad(&self.secret, transcript.as_bytes(), enc, cipher_text, &[])
    }
}

impl std::fmt::Debug for HpkeRecipientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HpkeRecipientKey(..)")
    }
}

/// An HPKE-sealed message: the encapsulated key and the ciphertext (tag appended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HpkeSealed {
    /// The sender's encapsulated ephemeral public key (65-byte uncompressed SEC1 point).
    pub enc: Vec<u8>,
    /// The AES-128-GCM ciphertext with its 16-byte tag.
    pub cipher_text: Vec<u8>,
}

/// The holder's side (RFC 9180 §6.1 `SealBase`): encrypts `plaintext` to `recipient` with `info` = transcript.
pub fn seal<R: rand_core::CryptoRng + ?Sized>(
    recipient: &p256::PublicKey,
    transcript: &SessionTranscript,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<HpkeSealed, ProtocolError> {
    let point = recipient.to_sec1_point(false);
    let pk = <DhP256HkdfSha256 as hpke::Kem>::PublicKey::from_bytes(point.as_bytes())
        .map_err(|_| ProtocolError::InvalidPublicKey)?;
    let mut rng = RngAdapter(rng);
    let (enc, cipher_text) =
        hpke::single_shot_seal_with_rng::<AesGcm128, HkdfSha256, DhP256HkdfSha256>(
            &OpModeS::Base,
            &pk,
            transcript.as_bytes(),
            plaintext,
            &[],
            &mut rng,
        )
        .map_err(|_| ProtocolError::EncryptionFailed)?;
    Ok(HpkeSealed {
        enc: enc.to_bytes().to_vec(),
        cipher_text,
    })
}

/// The opening steps with an explicit `aad` (the RFC 9180 vectors use a non-empty one).
fn open_with_aad(
    secret: &p256::SecretKey,
    info: &[u8],
    enc: &[u8],
    cipher_text: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, DecryptionError> {
    // 1. Length checks first, so truncation is reported as such (logs only).
    if enc.len() != ENC_LEN || cipher_text.len() < TAG_LEN {
        return Err(DecryptionError::new(DecryptionFailureKind::Truncated));
    }
    // 2. Deserialize the encapsulated key (RFC 9180 §7.1.1, SerializePublicKey/DeserializePublicKey).
    let encapped = <DhP256HkdfSha256 as hpke::Kem>::EncappedKey::from_bytes(enc)
        .map_err(|_| DecryptionError::new(DecryptionFailureKind::InvalidEphemeralKey))?;
    let secret_bytes = Zeroizing::new(secret.to_bytes());
    let sk = <DhP256HkdfSha256 as hpke::Kem>::PrivateKey::from_bytes(secret_bytes.as_slice())
        .map_err(|_| DecryptionError::new(DecryptionFailureKind::AuthenticationFailed))?;
    // 3. SetupBaseR + Open (RFC 9180 §5.1.1, §5.2).
    hpke::single_shot_open::<AesGcm128, HkdfSha256, DhP256HkdfSha256>(
        &OpModeR::Base,
        &sk,
        &encapped,
        info,
        cipher_text,
        aad,
    )
    .map_err(|e| {
        DecryptionError::new(match e {
            HpkeError::DecapError | HpkeError::ValidationError => {
                DecryptionFailureKind::InvalidEphemeralKey
            }
            _ => DecryptionFailureKind::AuthenticationFailed,
        })
    })
}

/// Lets a `?Sized` caller RNG be passed where `hpke` wants a sized one.
struct RngAdapter<'a, R: ?Sized>(&'a mut R);

impl<R: rand_core::CryptoRng + ?Sized> rand_core::TryRng for RngAdapter<'_, R> {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.0.next_u32())
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.0.next_u64())
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.0.fill_bytes(dst);
        Ok(())
    }
}

impl<R: rand_core::CryptoRng + ?Sized> rand_core::TryCryptoRng for RngAdapter<'_, R> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::cbor::from_hex;
    use crate::protocol::test_rng::TestRng;
    use crate::protocol::transcript::Origin;
    use serde_json::Value as Json;

    const RFC9180: &str = include_str!("vectors/rfc9180-a3.1.json");

    fn field(v: &Json, name: &str) -> Vec<u8> {
        from_hex(v[name].as_str().expect(name))
    }

    #[test]
    fn opens_the_rfc9180_a31_base_mode_vector() {
        let v: Json = serde_json::from_str(RFC9180).expect("vector");
        let sk = p256::SecretKey::from_slice(&field(&v, "skRm")).expect("sk");
        assert_eq!(
            sk.public_key().to_sec1_point(false).as_bytes(),
            field(&v, "pkRm")
        );
        let e = &v["encryptions"][0];
        let pt = open_with_aad(
            &sk,
            &field(&v, "info"),
            &field(&v, "enc"),
            &field(e, "ct"),
            &field(e, "aad"),
        )
        .expect("open");
        assert_eq!(pt, field(e, "pt"));
    }

    #[test]
    fn rejects_the_rfc9180_vector_with_a_flipped_tag_bit() {
        let v: Json = serde_json::from_str(RFC9180).expect("vector");
        let sk = p256::SecretKey::from_slice(&field(&v, "skRm")).expect("sk");
        let e = &v["encryptions"][0];
        let mut ct = field(e, "ct");
        if let Some(last) = ct.last_mut() {
            *last ^= 1;
        }
        let err = open_with_aad(
            &sk,
            &field(&v, "info"),
            &field(&v, "enc"),
            &ct,
            &field(e, "aad"),
        )
        .unwrap_err();
        assert_eq!(err.kind(), DecryptionFailureKind::AuthenticationFailed);
    }

    fn transcript() -> SessionTranscript {
        SessionTranscript::dcapi(
            "abc",
            &Origin::parse("https://example.com").expect("origin"),
        )
        .expect("st")
    }

    fn rng() -> impl rand_core::CryptoRng {
        TestRng(0x1234_5678)
    }

    #[test]
    fn seal_then_open_round_trips_with_the_same_transcript() {
        let key = HpkeRecipientKey::generate(&mut rng());
        let sealed = seal(
            &key.public_key(),
            &transcript(),
            b"device response",
            &mut rng(),
        )
        .expect("seal");
        assert_eq!(
            key.open(&transcript(), &sealed.enc, &sealed.cipher_text)
                .expect("open"),
            b"device response"
        );
    }

    #[test]
    fn rejects_a_response_sealed_for_another_transcript() {
        let key = HpkeRecipientKey::generate(&mut rng());
        let sealed = seal(&key.public_key(), &transcript(), b"x", &mut rng()).expect("seal");
        let other = SessionTranscript::dcapi(
            "abc",
            &Origin::parse("https://example.org").expect("origin"),
        )
        .expect("st");
        let err = key
            .open(&other, &sealed.enc, &sealed.cipher_text)
            .unwrap_err();
        assert_eq!(err.kind(), DecryptionFailureKind::AuthenticationFailed);
    }

    #[test]
    fn rejects_a_response_opened_with_the_wrong_key() {
        let key = HpkeRecipientKey::generate(&mut rng());
        let mut other_rng = TestRng(99);
        let wrong = HpkeRecipientKey::generate(&mut other_rng);
        let sealed = seal(&key.public_key(), &transcript(), b"x", &mut rng()).expect("seal");
        let err = wrong
            .open(&transcript(), &sealed.enc, &sealed.cipher_text)
            .unwrap_err();
        assert_eq!(err.kind(), DecryptionFailureKind::AuthenticationFailed);
        assert_eq!(err.to_string(), "the response could not be decrypted");
    }

    #[test]
    fn reports_truncation_of_the_ciphertext_or_the_encapsulated_key() {
        let key = HpkeRecipientKey::generate(&mut rng());
        let sealed = seal(&key.public_key(), &transcript(), b"x", &mut rng()).expect("seal");
        let short_ct = &sealed.cipher_text[..TAG_LEN - 1];
        assert_eq!(
            key.open(&transcript(), &sealed.enc, short_ct)
                .unwrap_err()
                .kind(),
            DecryptionFailureKind::Truncated
        );
        let short_enc = &sealed.enc[..64];
        assert_eq!(
            key.open(&transcript(), short_enc, &sealed.cipher_text)
                .unwrap_err()
                .kind(),
            DecryptionFailureKind::Truncated
        );
    }
}
