//! `cargo xtask bench [verifier|widget|server]`: criterion benches of the verifier (default), the
//! widget's transfer size and browser-vs-native decrypt+verify time ([`bench_widget`]), and the server's
//! load figures.
use crate::error::{Result, XtaskError};
use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::{bench_server, bench_widget};

/// Runs the benches named by `args` (none: the verifier's).
pub fn run(ws: &Workspace, args: &[String]) -> Result<()> {
    match args.first().map(String::as_str) {
        None | Some("verifier") => Cmd::new("cargo")
            .args(["bench", "-p", "mynaform-verifier"])
            .dir(&ws.root)
            .run(),
        Some("widget") => bench_widget::run(ws),
        Some("server") => bench_server::run(ws),
        Some(other) => Err(XtaskError::UnknownArgument(other.to_owned())),
    }
}
