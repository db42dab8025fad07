//! `mynaform verify` (not implemented yet).
use std::process::ExitCode;

/// Arguments of `mynaform verify`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs `mynaform verify`.
pub fn run(_args: Args) -> ExitCode {
    eprintln!("mynaform verify: not implemented yet");
    ExitCode::from(2)
}
