//! `mynaform wallet` (not implemented yet).
use std::process::ExitCode;

/// Subcommands of `mynaform wallet`.
#[derive(clap::Subcommand)]
pub enum Command {}

/// Runs `mynaform wallet`.
pub fn run(command: Command) -> ExitCode {
    match command {}
}
