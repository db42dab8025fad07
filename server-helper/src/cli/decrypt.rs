//! `mynaform decrypt`: opens a wallet response — an OpenID4VP compact JWE (ECDH-ES, RFC 7518 §4.6) or an
//! ISO/IEC 18013-7 Annex C HPKE response.
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use mynaform_verifier::protocol::ProtocolError;
use mynaform_verifier::protocol::annex_c::AnnexCResponse;
use mynaform_verifier::protocol::hpke::HpkeRecipientKey;
use mynaform_verifier::protocol::jwe::JweRecipientKey;
use mynaform_verifier::protocol::transcript::{Origin, SessionTranscript};

/// Subcommands of `mynaform decrypt`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Decrypts a compact JWE and prints the plaintext.
    Jwe {
        /// A file with the private JWK (`kty` EC, `crv` P-256, `x`, `y`, `d`).
        #[arg(long)]
        key: PathBuf,
        /// A file with the compact JWE.
        #[arg(long)]
        jwe: PathBuf,
    },
    /// Decrypts an Annex C response and writes the DeviceResponse CBOR.
    AnnexC {
        /// A PEM file (PKCS#8 or SEC1) with the HPKE recipient's P-256 private key.
        #[arg(long)]
        key: PathBuf,
        /// The request's `encryptionInfo` (base64url, exactly as sent).
        #[arg(long = "encryption-info")]
        encryption_info: String,
        /// The page origin.
        #[arg(long)]
        origin: String,
        /// The response's `response` string (base64url).
        #[arg(long)]
        response: String,
        /// Where to write the DeviceResponse CBOR.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Why a decryption did not produce output, mapped to the exit code.
enum Failure {
    /// Bad arguments or unreadable files: exit 2.
    Usage(String),
    /// The response did not decrypt (or is not a response): exit 1.
    Decryption(ProtocolError),
}

/// Runs `mynaform decrypt`: exit 0 on success, 1 when the response does not decrypt, 2 on bad arguments.
pub fn run(command: Command) -> ExitCode {
    match decrypt(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("mynaform decrypt: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Decryption(error)) => {
            // Only the opaque message; the kind is not an oracle here either, but keep one wording.
            eprintln!("mynaform decrypt: {error}");
            ExitCode::from(1)
        }
    }
}

fn read(path: &PathBuf) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))
}

fn decrypt(command: Command) -> Result<(), Failure> {
    match command {
        Command::Jwe { key, jwe } => {
            let jwk: serde_json::Value = serde_json::from_str(&read(&key)?)
                .map_err(|_| Failure::Usage(format!("{} is not JSON", key.display())))?;
            let key = JweRecipientKey::from_jwk(&jwk).map_err(|e| Failure::Usage(e.to_string()))?;
            let plaintext = key
                .decrypt(read(&jwe)?.trim())
                .map_err(Failure::Decryption)?;
            std::io::stdout()
                .write_all(&plaintext)
                .map_err(|e| Failure::Usage(e.to_string()))?;
            Ok(())
        }
        Command::AnnexC {
            key,
            encryption_info,
            origin,
            response,
            out,
        } => {
            let key = HpkeRecipientKey::from_pem(&read(&key)?).map_err(|_| {
                Failure::Usage(format!("{} is not a P-256 private key PEM", key.display()))
            })?;
            let origin = Origin::parse(&origin).map_err(|e| Failure::Usage(e.to_string()))?;
            let transcript = SessionTranscript::dcapi(encryption_info.trim(), &origin)
                .map_err(|e| Failure::Usage(e.to_string()))?;
            let response = AnnexCResponse::from_b64url(&response).map_err(Failure::Decryption)?;
            let device_response = response
                .open(&key, &transcript)
                .map_err(Failure::Decryption)?;
            std::fs::write(&out, device_response)
                .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", out.display())))
        }
    }
}
