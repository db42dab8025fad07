//! `cargo xtask bench server`: load figures of the server helper (sessions/s and verifications/s
//! over loopback, memory and Redis stores, p50/p99). The server engineer fills this in.
use crate::error::{Result, XtaskError};
use crate::workspace::Workspace;

/// Runs the server benchmarks.
pub fn run(_ws: &Workspace) -> Result<()> {
    Err(XtaskError::NotYet(
        "server benchmarks are not written yet (xtask/src/bench_server.rs)",
    ))
}
