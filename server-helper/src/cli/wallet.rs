//! `mynaform wallet`: the test wallet on the command line (browser tests and the demo).
//!
//! `wallet respond` answers a request file as a fictional person's phone wallet would. The file holds one
//! `{protocol, data}` entry, or the server helper's `{requests: [...]}` (also accepted under `digital`), in which
//! case the first entry whose protocol the wallet speaks (`org-iso-mdoc`, `openid4vp-v1-unsigned`,
//! `openid4vp-v1-signed`) is answered. The card is issued by a test PKI derived from `--seed` and today's date,
//! so `wallet iaca` with the same seed prints the trust anchor that verifies it.
use std::path::PathBuf;
use std::process::ExitCode;

use mynaform_test_wallet::holder::{Holder, ReaderAuthPolicy};
use mynaform_test_wallet::issuer::{IssueOptions, Issuer};
use mynaform_test_wallet::people::{self, IDS};
use mynaform_test_wallet::pki::{Entropy, TestPki};
use mynaform_verifier::protocol::transcript::Origin;
use time::OffsetDateTime;

/// Subcommands of `mynaform wallet`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Prints the `{protocol, data}` JSON a wallet returns for a request.
    Respond {
        /// A JSON file: `{protocol, data}` or `{requests: [...]}`.
        #[arg(long)]
        request: PathBuf,
        /// The origin of the page that made the request.
        #[arg(long)]
        origin: String,
        /// The fictional person whose card answers (taro, hanako, smith, kenta, misaki).
        #[arg(long, default_value = "taro")]
        person: String,
        /// Refuse unsigned requests, as a wallet requiring reader authentication does.
        #[arg(long)]
        require_reader_auth: bool,
        /// Seed of the test PKI (hex, 64 digits); the default is fixed.
        #[arg(long)]
        seed: Option<String>,
    },
    /// Prints the test PKI's IACA certificate (PEM): the trust anchor for `wallet respond` with the same seed.
    Iaca {
        /// Seed of the test PKI (hex, 64 digits); the default is fixed.
        #[arg(long)]
        seed: Option<String>,
    },
}

/// The default seed of the command-line test PKI.
const DEFAULT_SEED: [u8; 32] = *b"mynaform test wallet, fictional!";

/// Runs `mynaform wallet`: exit 0 on success, 1 when the wallet refuses the request, 2 on bad arguments.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Respond {
            request,
            origin,
            person,
            require_reader_auth,
            seed,
        } => respond(
            &request,
            &origin,
            &person,
            require_reader_auth,
            seed.as_deref(),
        ),
        Command::Iaca { seed } => match pki(seed.as_deref()).and_then(|pki| {
            pki.iaca()
                .certificate_pem()
                .map_err(|_| "the test PKI could not be encoded".to_owned())
        }) {
            Ok(pem) => {
                print!("{pem}");
                ExitCode::SUCCESS
            }
            Err(message) => usage(&message),
        },
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("mynaform wallet: {message}");
    ExitCode::from(2)
}

/// The test PKI for `seed`, valid around today (00:00 UTC, so one day's runs agree).
fn pki(seed: Option<&str>) -> Result<TestPki, String> {
    let seed = match seed {
        None => DEFAULT_SEED,
        Some(hex) => parse_seed(hex).ok_or("--seed is not 64 hex digits")?,
    };
    let today = OffsetDateTime::now_utc().replace_time(time::Time::MIDNIGHT);
    TestPki::from_seed(seed, today).map_err(|_| "the test PKI could not be generated".to_owned())
}

fn parse_seed(hex: &str) -> Option<[u8; 32]> {
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut seed = [0u8; 32];
    for (i, pair) in bytes.chunks(2).enumerate() {
        let text = std::str::from_utf8(pair).ok()?;
        *seed.get_mut(i)? = u8::from_str_radix(text, 16).ok()?;
    }
    Some(seed)
}

fn respond(
    request: &PathBuf,
    origin: &str,
    person: &str,
    require_reader_auth: bool,
    seed: Option<&str>,
) -> ExitCode {
    let text = match std::fs::read_to_string(request) {
        Ok(text) => text,
        Err(e) => return usage(&format!("cannot read {}: {e}", request.display())),
    };
    let Ok(envelope) = serde_json::from_str::<serde_json::Value>(&text) else {
        return usage(&format!("{} is not JSON", request.display()));
    };
    let Ok(origin) = Origin::parse(origin) else {
        return usage("--origin is not a web origin (https://host[:port])");
    };
    let pki = match pki(seed) {
        Ok(pki) => pki,
        Err(message) => return usage(&message),
    };
    let now = OffsetDateTime::now_utc();
    let Some(person) = people::person(person, now.date()) else {
        return usage(&format!("unknown person; one of {}", IDS.join(", ")));
    };
    let mut entropy = Entropy::os();
    let credential = match Issuer::new(&pki).issue(&person, &IssueOptions::at(now), &mut entropy) {
        Ok(credential) => credential,
        Err(e) => return usage(&format!("issuing the test card failed: {e}")),
    };
    let policy = if require_reader_auth {
        ReaderAuthPolicy::Required
    } else {
        ReaderAuthPolicy::CheckWhenPresent
    };
    let holder = Holder::new(&credential).with_policy(policy);
    match holder.respond_to_envelope(&envelope, &origin, &mut entropy) {
        Ok(response) => {
            println!("{}", response.to_json());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("mynaform wallet: refused: {error}");
            ExitCode::from(1)
        }
    }
}
