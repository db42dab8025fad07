//! `mynaform serve` (not implemented yet).
use std::process::ExitCode;

/// Arguments of `mynaform serve`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs `mynaform serve`.
pub fn run(_args: Args) -> ExitCode {
    eprintln!("mynaform serve: not implemented yet");
    ExitCode::from(2)
}
