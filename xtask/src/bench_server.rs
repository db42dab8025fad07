//! `cargo xtask bench server`: load figures of the server helper over loopback with `wrk` (Debian):
//! sessions/s and verifications/s, in-memory store vs Redis, p50/p99 latency, next to the verifier's native
//! single-core verification rate times the cores.
//!
//! Each verification is real: `bench_presentations` (an example of the server crate) creates sessions on the
//! running demo server, has its demo wallet answer, decrypts like the widget and writes one `/verify` body
//! per line; the wrk script sends each body once (a body sent twice would only measure the 409 path, so
//! such answers are counted and reported).
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use crate::apt::Apt;
use crate::error::{Result, XtaskError};
use crate::process::{Cmd, program_exists, write_file};
use crate::workspace::Workspace;

const API_KEY: &str = "bench-api-key-0123456789";
/// Presentations prepared per store (more than one verify run can use).
const PRESENTATIONS: usize = 3000;
const SESSION_SECONDS: u32 = 5;
const VERIFY_SECONDS: u32 = 3;

/// What wrk reported.
#[derive(Debug, Clone, PartialEq)]
struct WrkFigures {
    requests: u64,
    seconds: f64,
    non_2xx: u64,
    p50: String,
    p99: String,
}

impl WrkFigures {
    fn ok_per_second(&self) -> f64 {
        (self.requests.saturating_sub(self.non_2xx)) as f64 / self.seconds.max(f64::EPSILON)
    }
}

/// A child process killed on drop.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs the server benchmarks and prints the figures.
pub fn run(ws: &Workspace) -> Result<()> {
    if !program_exists("wrk") {
        Apt::new().install("wrk (HTTP load generator)", &["wrk"], false)?;
    }
    if !program_exists("redis-server") {
        Apt::new().install("redis-server", &["redis-server"], false)?;
    }
    Cmd::new("cargo")
        .args([
            "build",
            "--release",
            "-p",
            "mynaform-server",
            "--bin",
            "mynaform",
        ])
        .args(["--example", "bench_presentations"])
        .dir(&ws.root)
        .run()?;
    let binary = ws.mynaform_binary("release");
    let fixtures = ws
        .target_dir
        .join("release")
        .join("examples")
        .join("bench_presentations");
    let scratch = ws.state_dir().join("bench-server");
    std::fs::create_dir_all(&scratch).map_err(|source| XtaskError::File {
        path: scratch.clone(),
        source,
    })?;

    let redis_port = free_port()?;
    let _redis = Running(
        Cmd::new("redis-server")
            .args([
                "--port",
                &redis_port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .quiet()
            .spawn()?,
    );
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let mut rows = Vec::new();
    let mut native = None;
    for (label, store) in [
        ("memory", "memory".to_owned()),
        ("redis", format!("redis://127.0.0.1:{redis_port}/0")),
    ] {
        let (sessions, verify, native_rate) = bench_one(ws, &binary, &fixtures, &scratch, &store)?;
        native = native.or(native_rate);
        rows.push((label, sessions, verify));
    }

    println!();
    println!(
        "server helper over loopback (wrk, {cores} cores shared with the load generator; release build)"
    );
    println!("| store | sessions/s | p50 | p99 | verifications/s | p50 | p99 | verify non-2xx |");
    println!("|---|---|---|---|---|---|---|---|");
    for (label, s, v) in &rows {
        println!(
            "| {label} | {:.0} | {} | {} | {:.0} | {} | {} | {} |",
            s.ok_per_second(),
            s.p50,
            s.p99,
            v.ok_per_second(),
            v.p50,
            v.p99,
            v.non_2xx
        );
    }
    if let Some(rate) = native {
        println!(
            "verifier native, single core: {rate:.0} verifications/s; x {cores} cores = {:.0}/s",
            rate * cores as f64
        );
    }
    Ok(())
}

/// One store: start the demo server, load `/sessions`, prepare presentations, load `/verify`.
fn bench_one(
    ws: &Workspace,
    binary: &Path,
    fixtures: &Path,
    scratch: &Path,
    store: &str,
) -> Result<(WrkFigures, WrkFigures, Option<f64>)> {
    let port = free_port()?;
    let address = format!("127.0.0.1:{port}");
    let _server = Running(
        Cmd::new(binary)
            .args(["serve", "--demo", "--listen", &address])
            .dir(&ws.root)
            .env("MYNAFORM_STORE_URL", store)
            .env("MYNAFORM_SESSIONS_PER_MINUTE_PER_IP", "1000000000")
            .env("MYNAFORM_MAX_SESSIONS", "10000000")
            .env("MYNAFORM_DEMO_API_KEY", API_KEY)
            .env("RUST_LOG", "warn")
            .quiet()
            .spawn()?,
    );
    let started = Instant::now();
    while !crate::demo::healthy(&address) {
        if started.elapsed() > Duration::from_secs(20) {
            return Err(XtaskError::ServerNotHealthy {
                address,
                seconds: 20,
            });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let origin = format!("http://{address}");

    let sessions_script = scratch.join("sessions.lua");
    write_file(&sessions_script, sessions_lua(&origin))?;
    let sessions = wrk(
        &origin,
        "/mynaform/v1/sessions",
        &sessions_script,
        2,
        16,
        SESSION_SECONDS,
    )?;

    let bodies = scratch.join("verify-bodies.jsonl");
    let output = Cmd::new(fixtures)
        .arg(&origin)
        .arg(PRESENTATIONS.to_string())
        .arg(&bodies)
        .output()?;
    let native = output
        .lines()
        .find_map(|line| line.strip_prefix("native_verify_per_sec="))
        .and_then(|v| v.trim().parse().ok());
    let verify_script = scratch.join("verify.lua");
    write_file(&verify_script, verify_lua(&bodies))?;
    // One wrk thread: each thread has its own Lua state and would resend the same bodies.
    let verify = wrk(
        &origin,
        "/mynaform/v1/verify",
        &verify_script,
        1,
        8,
        VERIFY_SECONDS,
    )?;
    Ok((sessions, verify, native))
}

fn sessions_lua(origin: &str) -> String {
    // A fixed recipient key (RFC 7515 A.3's P-256 example): the server does not care whose key it is.
    format!(
        r#"wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Origin"] = "{origin}"
wrk.body = '{{"preset":"autofill_basic4","protocols":["org-iso-mdoc","openid4vp-v1-unsigned"],"recipient_public_key":{{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}}}}'
"#
    )
}

fn verify_lua(bodies: &Path) -> String {
    format!(
        r#"local bodies = {{}}
for line in io.lines("{}") do bodies[#bodies + 1] = line end
local i = 0
local headers = {{ ["Content-Type"] = "application/json", ["Authorization"] = "Bearer {API_KEY}" }}
request = function()
  i = i + 1
  return wrk.format("POST", nil, headers, bodies[((i - 1) % #bodies) + 1])
end
"#,
        bodies.display()
    )
}

fn wrk(
    origin: &str,
    path: &str,
    script: &Path,
    threads: u32,
    connections: u32,
    seconds: u32,
) -> Result<WrkFigures> {
    let output = Cmd::new("wrk")
        .args([
            format!("-t{threads}"),
            format!("-c{connections}"),
            format!("-d{seconds}s"),
            "--latency".to_owned(),
            "-s".to_owned(),
        ])
        .arg(script)
        .arg(format!("{origin}{path}"))
        .output()?;
    parse_wrk(&output).ok_or_else(|| XtaskError::UnexpectedOutput {
        command: "wrk".into(),
        detail: output,
    })
}

/// Reads `N requests in Xs`, `Non-2xx or 3xx responses: N` and the 50%/99% latency lines.
fn parse_wrk(output: &str) -> Option<WrkFigures> {
    let mut requests = None;
    let mut seconds = None;
    let mut non_2xx = 0;
    let (mut p50, mut p99) = (None, None);
    for line in output.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [n, "requests", "in", time, ..] => {
                requests = n.parse().ok();
                seconds = parse_duration(time.trim_end_matches(','));
            }
            ["Non-2xx", "or", "3xx", "responses:", n] => non_2xx = n.parse().ok()?,
            ["50%", value] => p50 = Some((*value).to_owned()),
            ["99%", value] => p99 = Some((*value).to_owned()),
            _ => {}
        }
    }
    Some(WrkFigures {
        requests: requests?,
        seconds: seconds?,
        non_2xx,
        p50: p50?,
        p99: p99?,
    })
}

fn parse_duration(text: &str) -> Option<f64> {
    if let Some(ms) = text.strip_suffix("ms") {
        return ms.parse::<f64>().ok().map(|v| v / 1000.0);
    }
    if let Some(m) = text.strip_suffix('m') {
        return m.parse::<f64>().ok().map(|v| v * 60.0);
    }
    text.strip_suffix('s')?.parse().ok()
}

fn free_port() -> Result<u16> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|source| XtaskError::File {
            path: PathBuf::from("127.0.0.1:0"),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Running 3s test @ http://127.0.0.1:18181/mynaform/v1/sessions
  2 threads and 16 connections
  Latency Distribution
     50%    3.84ms
     75%    5.94ms
     90%    9.45ms
     99%   18.90ms
  11211 requests in 3.03s, 35.13MB read
  Non-2xx or 3xx responses: 11
Requests/sec:   3700.31
";

    #[test]
    fn reads_wrk_figures() {
        let figures = parse_wrk(SAMPLE).unwrap();
        assert_eq!(figures.requests, 11211);
        assert_eq!(figures.non_2xx, 11);
        assert_eq!(figures.p50, "3.84ms");
        assert_eq!(figures.p99, "18.90ms");
        assert!((figures.ok_per_second() - 11200.0 / 3.03).abs() < 0.01);
    }

    #[test]
    fn rejects_output_without_figures() {
        assert!(parse_wrk("unable to connect to 127.0.0.1:1 Connection refused").is_none());
    }
}
