//! `mynaform serve`: runs the server helper, from a configuration file or in demo mode.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use mynaform_server::AppState;
use mynaform_server::clock::SystemClock;
use mynaform_server::config::Config;
use mynaform_server::startup;

/// Arguments of `mynaform serve`.
#[derive(clap::Args)]
pub struct Args {
    /// TOML configuration file (production).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "demo",
        required_unless_present = "demo"
    )]
    config: Option<PathBuf>,
    /// Demo mode: fresh test PKI, example pages, demo wallet; loopback only.
    #[arg(long)]
    demo: bool,
    /// Address to listen on (overrides the configuration; demo default 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,
    /// Demo mode: directory of the example pages.
    #[arg(long, value_name = "DIR", default_value = "examples")]
    examples: PathBuf,
    /// Directory of the built widget (default: from the configuration, or dist/widget).
    #[arg(long, value_name = "DIR")]
    widget_dir: Option<PathBuf>,
}

/// Runs `mynaform serve`.
pub fn run(args: Args) -> ExitCode {
    startup::init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("mynaform serve: cannot start the runtime: {error}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mynaform serve: {error}");
            ExitCode::from(2)
        }
    }
}

async fn serve(args: Args) -> Result<(), startup::StartupError> {
    let (parts, addr) = if args.demo {
        let addr = args
            .listen
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
        // The demo takes store and limits from the environment (MYNAFORM_STORE_URL, …), for benchmarks.
        let mut config = Config::default();
        // Loopback only, so a generous default: browser test suites create many sessions from 127.0.0.1.
        config.limits.sessions_per_minute_per_ip = 1000;
        config.apply_env(|name| std::env::var(name).ok())?;
        if let Some(dir) = args.widget_dir {
            config.widget_dir = dir;
        }
        let api_key = std::env::var("MYNAFORM_DEMO_API_KEY")
            .unwrap_or_else(|_| "demo-api-key-not-secret".to_owned());
        let parts = startup::demo_parts(&addr, &config, args.examples, api_key.clone()).await?;
        eprintln!("mynaform demo: open http://{addr}/  (test PKI; /verify API key: {api_key})");
        (parts, addr)
    } else {
        let path = args.config.unwrap_or_default();
        let mut config = Config::load(&path)?;
        if let Some(addr) = args.listen {
            config.listen = addr.to_string();
        }
        if let Some(dir) = args.widget_dir {
            config.widget_dir = dir;
        }
        let addr = config.listen_addr()?;
        (
            startup::resolve(&config, Arc::new(SystemClock)).await?,
            addr,
        )
    };
    startup::serve(AppState::new(parts), addr).await
}
