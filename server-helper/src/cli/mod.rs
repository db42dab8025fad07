//! One module per subcommand of the `mynaform` command line.
pub mod decrypt;
pub mod jp;
pub mod serve;
pub mod transcript;
pub mod verify;
pub mod wallet;
