//! Issuer data authentication: the issuerAuth COSE_Sign1 over MobileSecurityObjectBytes (ISO/IEC 18013-5
//! §9.1.2.4, §9.3.1 step 1), verified with the x5chain leaf (RFC 9360) using ES256, ES384 or ES512.
use crate::chain::ParsedCert;
use crate::cose::{ALG_ES256, ALG_ES384, ALG_ES512, CoseMessage};

/// Verifies the issuer signature; on success returns a short detail naming the algorithm.
pub(crate) fn check(issuer_auth: &CoseMessage) -> Result<&'static str, &'static str> {
    let alg_name = match issuer_auth.alg {
        ALG_ES256 => "ES256",
        ALG_ES384 => "ES384",
        ALG_ES512 => "ES512",
        _ => return Err("issuerAuth algorithm is not ES256, ES384 or ES512"),
    };
    let leaf_der = issuer_auth.x5chain.first().ok_or("x5chain missing")?;
    let leaf = ParsedCert::from_der(leaf_der).ok_or("x5chain leaf is not a valid certificate")?;
    let key = leaf
        .public_key()
        .ok_or("x5chain leaf key is not on P-256, P-384 or P-521")?;
    let payload = issuer_auth
        .payload
        .as_deref()
        .ok_or("issuerAuth payload is detached")?;
    let to_be_signed = issuer_auth.to_be_signed("Signature1", payload);
    if key.verify_cose(issuer_auth.alg, &to_be_signed, &issuer_auth.signature) {
        Ok(alg_name)
    } else {
        Err("issuer signature does not verify with the x5chain leaf key")
    }
}
