//! `mynaform transcript`: prints a DC API SessionTranscript (CBOR) as hex — ISO/IEC 18013-7 Annex C `dcapi`, or
//! OpenID4VP 1.0 `OpenID4VPDCAPIHandover`.
use std::path::PathBuf;
use std::process::ExitCode;

use mynaform_verifier::protocol::transcript::{EcPublicJwk, Nonce, Origin, SessionTranscript};

/// Subcommands of `mynaform transcript`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Annex C: `[null, null, ["dcapi", SHA-256(CBOR([encryptionInfo, origin]))]]`.
    Dcapi {
        /// The request's `encryptionInfo` (base64url, exactly as sent).
        #[arg(long = "encryption-info")]
        encryption_info: String,
        /// The page origin, e.g. `https://example.com`.
        #[arg(long)]
        origin: String,
    },
    /// OpenID4VP 1.0: `[null, null, ["OpenID4VPDCAPIHandover", SHA-256(CBOR([origin, nonce, thumbprint]))]]`.
    Openid4vp {
        /// The page origin.
        #[arg(long)]
        origin: String,
        /// The request nonce (base64url).
        #[arg(long)]
        nonce: String,
        /// A file with the verifier's response-encryption JWK; without it the thumbprint is null.
        #[arg(long)]
        jwk: Option<PathBuf>,
    },
}

/// Runs `mynaform transcript`: exit 0 with the hex on stdout, 2 on bad arguments or unreadable files.
pub fn run(command: Command) -> ExitCode {
    match transcript(command) {
        Ok(transcript) => {
            println!("{}", transcript.to_hex());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("mynaform transcript: {message}");
            ExitCode::from(2)
        }
    }
}

fn transcript(command: Command) -> Result<SessionTranscript, String> {
    match command {
        Command::Dcapi {
            encryption_info,
            origin,
        } => {
            let origin = Origin::parse(&origin).map_err(|e| e.to_string())?;
            SessionTranscript::dcapi(encryption_info.trim(), &origin).map_err(|e| e.to_string())
        }
        Command::Openid4vp { origin, nonce, jwk } => {
            let origin = Origin::parse(&origin).map_err(|e| e.to_string())?;
            let nonce = Nonce::parse(nonce.trim()).map_err(|e| e.to_string())?;
            let thumbprint = match jwk {
                None => None,
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                    let json: serde_json::Value = serde_json::from_str(&text)
                        .map_err(|_| format!("{} is not JSON", path.display()))?;
                    Some(
                        EcPublicJwk::from_json(&json)
                            .map_err(|e| e.to_string())?
                            .thumbprint(),
                    )
                }
            };
            SessionTranscript::openid4vp_dcapi(&origin, &nonce, thumbprint.as_ref())
                .map_err(|e| e.to_string())
        }
    }
}
