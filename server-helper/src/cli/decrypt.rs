//! `mynaform decrypt` (not implemented yet).
use std::process::ExitCode;

/// Subcommands of `mynaform decrypt`.
#[derive(clap::Subcommand)]
pub enum Command {}

/// Runs `mynaform decrypt`.
pub fn run(command: Command) -> ExitCode {
    match command {}
}
