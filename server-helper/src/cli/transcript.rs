//! `mynaform transcript` (not implemented yet).
use std::process::ExitCode;

/// Subcommands of `mynaform transcript`.
#[derive(clap::Subcommand)]
pub enum Command {}

/// Runs `mynaform transcript`.
pub fn run(command: Command) -> ExitCode {
    match command {}
}
