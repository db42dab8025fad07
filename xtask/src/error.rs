//! The one error type of the automation tasks: each variant says what failed and, where a person can
//! act, [`XtaskError::fix`] says how.
use std::path::PathBuf;

/// Why an xtask step failed.
#[derive(Debug, thiserror::Error)]
pub enum XtaskError {
    // --- the invocation ---
    /// The task name is not one of the known tasks.
    #[error("unknown task `{0}`")]
    UnknownTask(String),
    /// A task argument is not understood.
    #[error("unknown argument `{0}`")]
    UnknownArgument(String),

    // --- the machine lacks something ---
    /// A tool is missing and could not be installed automatically.
    #[error("{what} is missing")]
    Missing {
        /// The missing piece.
        what: String,
        /// How a person installs it.
        fix: String,
    },
    /// No way to compile for wasm32-unknown-unknown was found or could be installed.
    #[error("no wasm32-unknown-unknown compiler: {0}")]
    NoWasmTarget(String),

    // --- a step ran and failed ---
    /// An external command exited unsuccessfully.
    #[error("`{command}` failed ({status})")]
    CommandFailed {
        /// The command line as run.
        command: String,
        /// Its exit status.
        status: String,
        /// What to do about it, when known.
        fix: Option<String>,
    },
    /// An external command could not be started at all.
    #[error("could not start `{command}`: {source}")]
    Spawn {
        /// The program.
        command: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A command's output could not be understood.
    #[error("unexpected output from {command}: {detail}")]
    UnexpectedOutput {
        /// The command.
        command: String,
        /// What was wrong with it.
        detail: String,
    },
    /// The server helper did not become healthy.
    #[error("the server helper did not answer /healthz on {address} within {seconds} s")]
    ServerNotHealthy {
        /// Where it should listen.
        address: String,
        /// How long we waited.
        seconds: u64,
    },
    /// One or more steps of `cargo xtask test` failed.
    #[error("{0} step(s) failed")]
    StepsFailed(usize),
}

impl XtaskError {
    /// The fix a person can apply, if the error knows one.
    pub fn fix(&self) -> Option<String> {
        match self {
            Self::UnknownTask(_) | Self::UnknownArgument(_) => {
                Some("run `cargo xtask help` for the list of tasks".into())
            }
            Self::Missing { fix, .. } => Some(fix.clone()),
            Self::NoWasmTarget(_) => Some(
                "run `rustup target add wasm32-unknown-unknown`, or on Debian/Ubuntu \
                 `apt-get install rustc-web rust-web-src rust-web-llvm lld-22`, then `cargo xtask setup`"
                    .into(),
            ),
            Self::CommandFailed { fix, .. } => fix.clone(),
            Self::ServerNotHealthy { .. } => Some(
                "look at the server's output above; `target/*/mynaform serve --demo` must start".into(),
            ),
            _ => None,
        }
    }
}

/// Result of an xtask step.
pub type Result<T, E = XtaskError> = std::result::Result<T, E>;
