//! mdoc authentication (ISO/IEC 18013-5 §9.1.3): deviceSignature (§9.1.3.6) or deviceMac (§9.1.3.5) over
//! DeviceAuthenticationBytes = #6.24(bstr .cbor ["DeviceAuthentication", SessionTranscript, DocType,
//! DeviceNameSpacesBytes]).
//!
//! The SessionTranscript is inserted as the exact bytes the caller built; DeviceNameSpacesBytes as the exact
//! received `#6.24` item. deviceMac: EMacKey = HKDF-SHA256(IKM = ECDH(EReaderKey.Priv, SDeviceKey.Pub),
//! salt = SHA-256(SessionTranscriptBytes), info = "EMacKey", L = 32), tag = HMAC-SHA256 (COSE alg 5).
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::cbor;
use crate::cose::{ALG_HMAC_256_256, CoseMessage, Curve, EcPublicKey};
use crate::device_response::{DeviceAuth, Document};
use crate::{ReaderEphemeralKey, SessionTranscriptBytes};

/// Builds DeviceAuthenticationBytes around the received and caller-supplied bytes.
pub(crate) fn device_authentication_bytes(
    transcript: &SessionTranscriptBytes,
    doc_type: &str,
    device_namespaces_raw: &[u8],
) -> Vec<u8> {
    let mut inner =
        Vec::with_capacity(transcript.as_bytes().len() + device_namespaces_raw.len() + 64);
    cbor::encode_head(4, 4, &mut inner);
    cbor::encode_text("DeviceAuthentication", &mut inner);
    inner.extend_from_slice(transcript.as_bytes());
    cbor::encode_text(doc_type, &mut inner);
    inner.extend_from_slice(device_namespaces_raw);
    cbor::encode_tag24(&inner)
}

/// Checks the document's device authentication; `Ok` holds a short detail.
pub(crate) fn check(
    doc: &Document,
    transcript: &SessionTranscriptBytes,
    reader_key: Option<&ReaderEphemeralKey>,
) -> Result<&'static str, &'static str> {
    let device_key = doc.mso.device_key.as_ref().map_err(|e| *e)?;
    let payload =
        device_authentication_bytes(transcript, &doc.doc_type, &doc.device_namespaces_raw);
    match &doc.device_auth {
        DeviceAuth::Signature(sig) => check_signature(sig, device_key, &payload),
        DeviceAuth::Mac(mac) => check_mac(mac, device_key, &payload, transcript, reader_key),
    }
}

fn check_signature(
    sig: &CoseMessage,
    device_key: &crate::mso::DeviceKey,
    payload: &[u8],
) -> Result<&'static str, &'static str> {
    if sig.payload.is_some() {
        return Err("deviceSignature carries an embedded payload instead of a detached one");
    }
    let key = EcPublicKey::from_sec1(device_key.curve, &device_key.sec1)
        .ok_or("device key is not a valid point")?;
    if key.verify_cose(
        sig.alg,
        &sig.to_be_signed("Signature1", payload),
        &sig.signature,
    ) {
        Ok("deviceSignature valid over the session transcript")
    } else {
        Err("deviceSignature does not verify over this session transcript")
    }
}

fn check_mac(
    mac: &CoseMessage,
    device_key: &crate::mso::DeviceKey,
    payload: &[u8],
    transcript: &SessionTranscriptBytes,
    reader_key: Option<&ReaderEphemeralKey>,
) -> Result<&'static str, &'static str> {
    if mac.payload.is_some() {
        return Err("deviceMac carries an embedded payload instead of a detached one");
    }
    if mac.alg != ALG_HMAC_256_256 {
        return Err("deviceMac algorithm is not HMAC 256/256");
    }
    let reader_key = reader_key.ok_or("deviceMac needs the reader's ephemeral key")?;
    if device_key.curve != Curve::P256 {
        return Err("deviceMac needs a P-256 device key");
    }
    let device_public = p256::PublicKey::from_sec1_bytes(&device_key.sec1)
        .map_err(|_| "device key is not a valid point")?;
    let shared = p256::ecdh::diffie_hellman(
        reader_key.secret().to_nonzero_scalar(),
        device_public.as_affine(),
    );
    let salt = Sha256::digest(transcript.tagged());
    let hkdf = hkdf::Hkdf::<Sha256>::new(Some(&salt), shared.raw_secret_bytes());
    let mut emac_key = zeroize::Zeroizing::new([0u8; 32]);
    hkdf.expand(b"EMacKey", emac_key.as_mut())
        .map_err(|_| "EMacKey derivation failed")?;
    let mut hmac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(emac_key.as_ref())
        .map_err(|_| "EMacKey derivation failed")?;
    hmac.update(&mac.to_be_signed("MAC0", payload));
    hmac.verify_slice(&mac.signature)
        .map(|()| "deviceMac valid over the session transcript")
        .map_err(|_| "deviceMac does not verify over this session transcript and reader key")
}
