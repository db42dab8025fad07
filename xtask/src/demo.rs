//! `cargo xtask demo`: setup, build the widget and the server helper, start `mynaform serve --demo`
//! on 127.0.0.1:8080 and print the URL once it answers `/healthz`.
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::error::{Result, XtaskError};
use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::{build_widget, setup};

/// Where the demo listens (demo mode refuses anything but loopback).
const LISTEN: &str = "127.0.0.1:8080";
/// How long the server may take to answer its first health check.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs the demo until the server exits (Ctrl-C stops it).
pub fn run(ws: &Workspace) -> Result<()> {
    setup::run(ws)?;
    build_widget::run(ws)?;
    Cmd::new("cargo")
        .args(["build", "--release", "--bin", "mynaform"])
        .dir(&ws.root)
        .run()?;
    let binary = ws.mynaform_binary("release");
    let mut server = Cmd::new(&binary)
        .args(["serve", "--demo", "--listen", LISTEN])
        .dir(&ws.root)
        .spawn()?;
    let started = Instant::now();
    while !healthy(LISTEN) {
        if let Ok(Some(status)) = server.try_wait() {
            return Err(XtaskError::CommandFailed {
                command: format!("{} serve --demo --listen {LISTEN}", binary.display()),
                status: status.to_string(),
                fix: Some(
                    "the server helper's demo mode must start (see its message above); \
                     is port 8080 free?"
                        .into(),
                ),
            });
        }
        if started.elapsed() > START_TIMEOUT {
            let _ = server.kill();
            return Err(XtaskError::ServerNotHealthy {
                address: LISTEN.into(),
                seconds: START_TIMEOUT.as_secs(),
            });
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!("\nmynaform demo: open http://{LISTEN}/ (Ctrl-C stops it)\n");
    let status = server.wait().map_err(|source| XtaskError::Spawn {
        command: binary.display().to_string(),
        source,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(XtaskError::CommandFailed {
            command: format!("{} serve --demo", binary.display()),
            status: status.to_string(),
            fix: None,
        })
    }
}

/// Whether `GET /healthz` on `address` answers 200.
pub fn healthy(address: &str) -> bool {
    let Ok(mut stream) = TcpStream::connect(address) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 16];
    let mut read = 0;
    while read < head.len() {
        match stream.read(head.get_mut(read..).unwrap_or_default()) {
            Ok(0) | Err(_) => break,
            Ok(n) => read += n,
        }
    }
    is_ok_status_line(head.get(..read).unwrap_or_default())
}

fn is_ok_status_line(head: &[u8]) -> bool {
    head.starts_with(b"HTTP/1.1 200") || head.starts_with(b"HTTP/1.0 200")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_a_200_status_line() {
        assert!(is_ok_status_line(b"HTTP/1.1 200 OK\r\n"));
        assert!(!is_ok_status_line(b"HTTP/1.1 404 Not"));
        assert!(!is_ok_status_line(b""));
    }

    #[test]
    fn an_unused_port_is_not_healthy() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").ok();
        let address = listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
            .map(|a| a.to_string());
        drop(listener);
        if let Some(address) = address {
            assert!(!healthy(&address));
        }
    }
}
