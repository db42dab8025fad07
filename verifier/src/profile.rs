//! Certificate profile of ISO/IEC 18013-5 Annex B (B.1.2 IACA root, B.1.4 document signer).
//!
//! Checked: DS extended key usage 1.0.18013.5.1.2, DS key usage digitalSignature (and not keyCertSign),
//! DS not a CA, SKI present; IACA basic constraints CA with pathLen 0, key usage keyCertSign + cRLSign,
//! SKI present; DS AKI = IACA SKI; DS country = IACA country; no intermediates between DS and IACA.
//! Not rejected: a CRL distribution point given as a DNS name (the public Annex D example has one).
//! When the anchor is a pinned DS certificate, only the DS rules apply (there is no IACA to compare).
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectKeyIdentifier,
};

use crate::chain::{CertPath, ParsedCert};

/// The document signer extended key usage (ISO/IEC 18013-5 Annex B.1.4).
const OID_MDL_DS: &str = "1.0.18013.5.1.2";

/// Checks the path against Annex B; `Err` names the first rule broken.
pub(crate) fn check(path: &CertPath) -> Result<(), &'static str> {
    let ds = path.certs.first().ok_or("no document signer certificate")?;
    check_document_signer(ds)?;
    match path.certs.get(1) {
        None => Ok(()),
        Some(iaca) => {
            if path.certs.len() > 2 {
                return Err("intermediate certificates between document signer and IACA");
            }
            check_iaca(iaca)?;
            check_link(ds, iaca)
        }
    }
}

fn check_document_signer(ds: &ParsedCert) -> Result<(), &'static str> {
    let tbs = ds.cert.tbs_certificate();
    let eku = tbs
        .get_extension::<ExtendedKeyUsage>()
        .map_err(|_| "document signer extended key usage is malformed")?
        .ok_or("document signer certificate lacks the extended key usage 1.0.18013.5.1.2")?;
    if !eku.1.0.iter().any(|oid| oid.to_string() == OID_MDL_DS) {
        return Err("document signer certificate lacks the extended key usage 1.0.18013.5.1.2");
    }
    let key_usage = tbs
        .get_extension::<KeyUsage>()
        .map_err(|_| "document signer key usage is malformed")?
        .ok_or("document signer certificate lacks key usage")?;
    if !key_usage.1.digital_signature() || key_usage.1.key_cert_sign() {
        return Err("document signer key usage is not digitalSignature only");
    }
    let basic = tbs
        .get_extension::<BasicConstraints>()
        .map_err(|_| "document signer basic constraints are malformed")?;
    if basic.is_some_and(|(_, bc)| bc.ca) {
        return Err("document signer certificate is a CA certificate");
    }
    tbs.get_extension::<SubjectKeyIdentifier>()
        .map_err(|_| "document signer subject key identifier is malformed")?
        .ok_or("document signer certificate lacks a subject key identifier")?;
    Ok(())
}

fn check_iaca(iaca: &ParsedCert) -> Result<(), &'static str> {
    let tbs = iaca.cert.tbs_certificate();
    let basic = tbs
        .get_extension::<BasicConstraints>()
        .map_err(|_| "IACA basic constraints are malformed")?
        .ok_or("IACA certificate lacks basic constraints")?;
    if !basic.0 || !basic.1.ca || basic.1.path_len_constraint != Some(0) {
        return Err("IACA basic constraints are not critical CA with pathLen 0");
    }
    let key_usage = tbs
        .get_extension::<KeyUsage>()
        .map_err(|_| "IACA key usage is malformed")?
        .ok_or("IACA certificate lacks key usage")?;
    if !key_usage.1.key_cert_sign() || !key_usage.1.crl_sign() {
        return Err("IACA key usage lacks keyCertSign or cRLSign");
    }
    tbs.get_extension::<SubjectKeyIdentifier>()
        .map_err(|_| "IACA subject key identifier is malformed")?
        .ok_or("IACA certificate lacks a subject key identifier")?;
    Ok(())
}

fn check_link(ds: &ParsedCert, iaca: &ParsedCert) -> Result<(), &'static str> {
    let ski = iaca
        .cert
        .tbs_certificate()
        .get_extension::<SubjectKeyIdentifier>()
        .ok()
        .flatten()
        .ok_or("IACA certificate lacks a subject key identifier")?
        .1;
    let aki = ds
        .cert
        .tbs_certificate()
        .get_extension::<AuthorityKeyIdentifier>()
        .map_err(|_| "document signer authority key identifier is malformed")?
        .ok_or("document signer certificate lacks an authority key identifier")?
        .1;
    if aki.key_identifier.as_ref() != Some(&ski.0) {
        return Err(
            "document signer authority key identifier differs from the IACA subject key identifier",
        );
    }
    let country = |c: &ParsedCert| {
        c.cert
            .tbs_certificate()
            .subject()
            .country()
            .ok()
            .flatten()
            .map(|p| p.as_str().to_owned())
    };
    let iaca_country = country(iaca).ok_or("IACA certificate lacks a country name")?;
    if country(ds).as_deref() != Some(iaca_country.as_str()) {
        return Err("document signer country differs from the IACA country");
    }
    Ok(())
}
