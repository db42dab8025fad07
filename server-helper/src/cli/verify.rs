//! `mynaform verify`: verifies a DeviceResponse file against a SessionTranscript file and trust anchors, and
//! prints the report as one JSON object (contract of issue 3 item 5).
//!
//! Exit status: 0 valid, 1 rejected (malformed input included), 2 usage error (bad flags, unreadable files,
//! trust anchors, transcript or reader key that cannot be read).
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mynaform_verifier::{
    DocType, MyNumberDisplay, ReaderEphemeralKey, SessionTranscriptBytes, TrustAnchors,
    VerificationRequest, verify,
};

/// Arguments of `mynaform verify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// DeviceResponse file (raw CBOR bytes).
    #[arg(long, value_name = "FILE")]
    device_response: PathBuf,
    /// SessionTranscript file: the CBOR of the SessionTranscript array (not tag-24 wrapped).
    #[arg(long, value_name = "FILE")]
    session_transcript: PathBuf,
    /// Trust anchor PEM file (IACA root or pinned document-signer certificate); may hold several
    /// certificates; repeat the flag for more files.
    #[arg(long = "trust-anchor", value_name = "PEM", required = true)]
    trust_anchors: Vec<PathBuf>,
    /// Verification time (RFC 3339); defaults to now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_rfc3339)]
    at: Option<time::OffsetDateTime>,
    /// Expected docType.
    #[arg(long, value_name = "STR", default_value = DocType::MY_NUMBER_CARD)]
    doc_type: String,
    /// The reader's ephemeral private key (PKCS#8 or SEC1 PEM), needed for deviceMac.
    #[arg(long, value_name = "PEM")]
    reader_key: Option<PathBuf>,
    /// Print the My Number in full instead of `********1234`.
    #[arg(long)]
    reveal_my_number: bool,
}

fn parse_rfc3339(text: &str) -> Result<time::OffsetDateTime, String> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|e| format!("not an RFC 3339 date-time: {e}"))
}

/// A usage problem: reported on stderr, exit status 2.
struct Usage(String);

fn read(path: &Path, what: &str) -> Result<Vec<u8>, Usage> {
    std::fs::read(path).map_err(|e| Usage(format!("cannot read {what} {}: {e}", path.display())))
}

/// Runs `mynaform verify`.
pub fn run(args: Args) -> ExitCode {
    match run_inner(&args) {
        Ok(valid) => ExitCode::from(if valid { 0 } else { 1 }),
        Err(Usage(message)) => {
            eprintln!("mynaform verify: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(args: &Args) -> Result<bool, Usage> {
    let device_response = read(&args.device_response, "device response")?;
    let transcript =
        SessionTranscriptBytes::from_cbor(read(&args.session_transcript, "session transcript")?)
            .map_err(|e| Usage(format!("{}: {e}", args.session_transcript.display())))?;
    let mut anchors = TrustAnchors::new();
    for path in &args.trust_anchors {
        anchors
            .add_pem(&read(path, "trust anchor")?)
            .map_err(|e| Usage(format!("{}: {e}", path.display())))?;
    }
    let reader_key = match &args.reader_key {
        None => None,
        Some(path) => {
            let pem = String::from_utf8(read(path, "reader key")?)
                .map_err(|_| Usage(format!("{}: reader key is not PEM text", path.display())))?;
            Some(
                ReaderEphemeralKey::from_pem(&pem)
                    .map_err(|e| Usage(format!("{}: {e}", path.display())))?,
            )
        }
    };
    let doc_type = DocType::new(args.doc_type.clone()).map_err(|e| Usage(e.to_string()))?;
    let at = args.at.unwrap_or_else(time::OffsetDateTime::now_utc);

    let verification = verify(&VerificationRequest {
        device_response: &device_response,
        session_transcript: &transcript,
        doc_type: &doc_type,
        trust_anchors: &anchors,
        at,
        reader_key: reader_key.as_ref(),
        requested: None,
    });
    let display = if args.reveal_my_number {
        MyNumberDisplay::Revealed
    } else {
        MyNumberDisplay::Masked
    };
    println!("{}", verification.to_json(display));
    Ok(verification.is_valid())
}
