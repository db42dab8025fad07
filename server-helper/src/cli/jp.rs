//! `mynaform jp` (not implemented yet).
use std::process::ExitCode;

/// Subcommands of `mynaform jp`.
#[derive(clap::Subcommand)]
pub enum Command {}

/// Runs `mynaform jp`.
pub fn run(command: Command) -> ExitCode {
    match command {}
}
