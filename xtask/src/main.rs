//! Project automation, run as `cargo xtask <task>`.
fn main() {
    eprintln!("usage: cargo xtask <setup|build-widget|demo|test|bench>");
    std::process::exit(2);
}
