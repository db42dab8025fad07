//! Benchmark fixtures for `cargo xtask bench server`: against a running demo server, creates `COUNT`
//! sessions, has the demo wallet answer each, decrypts the answers as the widget does, and writes one
//! `/verify` body per line to `OUT`. Also measures the verifier's native single-core verification rate on
//! the same presentations and prints it as `native_verify_per_sec=…`.
//!
//! Usage: `bench_presentations http://127.0.0.1:PORT COUNT OUT`
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

use base64ct::{Base64UrlUnpadded, Encoding};
use mynaform_verifier::protocol::annex_c::AnnexCResponse;
use mynaform_verifier::protocol::hpke::HpkeRecipientKey;
use mynaform_verifier::protocol::preset::{BirthDateFallback, Preset};
use mynaform_verifier::protocol::transcript::{EcPublicJwk, Origin, SessionTranscript};
use mynaform_verifier::{DocType, TrustAnchors, VerificationRequest};
use serde_json::{Value, json};

type Failure = Box<dyn std::error::Error>;

/// One HTTP/1.1 request on a fresh connection; returns the status and the body.
fn http(
    host: &str,
    method: &str,
    path: &str,
    origin: &str,
    body: Option<&Value>,
) -> Result<(u16, Vec<u8>), Failure> {
    let mut stream = TcpStream::connect(host)?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    )?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .ok_or("no status")?
        .parse()?;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if line
            .to_ascii_lowercase()
            .starts_with("transfer-encoding: chunked")
        {
            chunked = true;
        }
    }
    let mut raw = Vec::new();
    reader.read_to_end(&mut raw)?;
    Ok((status, if chunked { dechunk(&raw)? } else { raw }))
}

fn dechunk(mut raw: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    loop {
        let end = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("bad chunk")?;
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..end])?.trim(), 16)?;
        if size == 0 {
            return Ok(out);
        }
        let start = end + 2;
        out.extend_from_slice(raw.get(start..start + size).ok_or("short chunk")?);
        raw = raw.get(start + size + 2..).ok_or("short chunk")?;
    }
}

fn secret_key() -> Result<p256::SecretKey, Failure> {
    loop {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|_| "OS RNG")?;
        if let Ok(key) = p256::SecretKey::from_slice(&bytes) {
            return Ok(key);
        }
    }
}

fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().collect();
    let [_, base, count, out] = args.as_slice() else {
        return Err("usage: bench_presentations http://127.0.0.1:PORT COUNT OUT".into());
    };
    let host = base
        .strip_prefix("http://")
        .ok_or("base must be http://host:port")?
        .trim_end_matches('/');
    let origin_text = format!("http://{host}");
    let origin = Origin::parse(&origin_text)?;
    let count: usize = count.parse()?;

    let (status, body) = http(
        host,
        "GET",
        "/mynaform/v1/trust-anchors",
        &origin_text,
        None,
    )?;
    if status != 200 {
        return Err(format!("trust-anchors answered {status}").into());
    }
    let listing: Value = serde_json::from_slice(&body)?;
    let pem = listing["anchors"][0]["pem"].as_str().ok_or("no anchor")?;
    let anchors = TrustAnchors::from_pem(pem.as_bytes())?;

    let mut lines = String::new();
    let mut native = Vec::with_capacity(count);
    for _ in 0..count {
        let secret = secret_key()?;
        let jwk = EcPublicJwk::from_public_key(&secret.public_key()).to_json(&[]);
        let request = json!({ "preset": "age_over_20", "protocols": ["org-iso-mdoc"], "recipient_public_key": jwk });
        let (status, body) = http(
            host,
            "POST",
            "/mynaform/v1/sessions",
            &origin_text,
            Some(&request),
        )?;
        if status != 200 {
            return Err(format!(
                "sessions answered {status}: {}",
                String::from_utf8_lossy(&body)
            )
            .into());
        }
        let session: Value = serde_json::from_slice(&body)?;
        let entry = session["requests"][0].clone();
        let ask = json!({ "request": entry, "session_id": session["session_id"] });
        let (status, body) = http(
            host,
            "POST",
            "/mynaform/v1/demo-wallet/respond",
            &origin_text,
            Some(&ask),
        )?;
        if status != 200 {
            return Err(format!("demo wallet answered {status}").into());
        }
        let answer: Value = serde_json::from_slice(&body)?;
        let info = entry["data"]["encryptionInfo"]
            .as_str()
            .ok_or("no encryptionInfo")?;
        let transcript = SessionTranscript::dcapi(info, &origin)?;
        let device_response = AnnexCResponse::from_json(&answer["data"])?
            .open(&HpkeRecipientKey::from_secret_key(secret), &transcript)?;
        lines.push_str(
            &json!({ "presentation": {
                "session_id": session["session_id"],
                "protocol": "org-iso-mdoc",
                "device_response": Base64UrlUnpadded::encode_string(&device_response),
            }})
            .to_string(),
        );
        lines.push('\n');
        native.push((device_response, transcript.to_verifier_bytes()?));
    }
    std::fs::write(out, lines)?;

    // Native single-core verification of the same presentations.
    let requested = Preset::AgeOver20(BirthDateFallback::Forbidden).requested_elements();
    let doc_type = DocType::my_number_card();
    let now = time::OffsetDateTime::now_utc();
    let started = Instant::now();
    let mut valid = 0usize;
    for (device_response, transcript) in &native {
        let verification = mynaform_verifier::verify(&VerificationRequest {
            device_response,
            session_transcript: transcript,
            doc_type: &doc_type,
            trust_anchors: &anchors,
            at: now,
            reader_key: None,
            requested: Some(&requested),
        });
        valid += usize::from(verification.is_valid());
    }
    let elapsed = started.elapsed().as_secs_f64();
    if valid != native.len() {
        return Err(format!(
            "only {valid} of {} presentations verified natively",
            native.len()
        )
        .into());
    }
    println!("native_verify_per_sec={:.0}", native.len() as f64 / elapsed);
    Ok(())
}
