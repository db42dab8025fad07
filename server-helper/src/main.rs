//! `mynaform`: the product's command line.
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

/// Relying-party tools for the smartphone My Number Card.
#[derive(Parser)]
#[command(name = "mynaform", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Verify a DeviceResponse against a SessionTranscript and trust anchors.
    Verify(cli::verify::Args),
    /// Print a DC API SessionTranscript as hex.
    #[command(subcommand)]
    Transcript(cli::transcript::Command),
    /// Decrypt a wallet response.
    #[command(subcommand)]
    Decrypt(cli::decrypt::Command),
    /// The test wallet.
    #[command(subcommand)]
    Wallet(cli::wallet::Command),
    /// Japanese data normalisation.
    #[command(subcommand)]
    Jp(cli::jp::Command),
    /// Run the server helper.
    Serve(cli::serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Verify(args) => cli::verify::run(args),
        Command::Transcript(cmd) => cli::transcript::run(cmd),
        Command::Decrypt(cmd) => cli::decrypt::run(cmd),
        Command::Wallet(cmd) => cli::wallet::run(cmd),
        Command::Jp(cmd) => cli::jp::run(cmd),
        Command::Serve(args) => cli::serve::run(args),
    }
}
