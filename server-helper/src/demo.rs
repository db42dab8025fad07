//! Demo mode: a fresh test PKI (trust anchor = the test IACA, reader certificate from the test reader CA),
//! the example pages, and a demo wallet answering through the test wallet. Loopback only.

use std::net::SocketAddr;

/// Refuses any non-loopback address: the demo trusts a throw-away PKI and hands out test people.
pub fn check_loopback(addr: &SocketAddr) -> Result<(), DemoError> {
    if addr.ip().is_loopback() { Ok(()) } else { Err(DemoError::NotLoopback(*addr)) }
}

/// The origins a demo server on `addr` allows: its own, as `127.0.0.1` and as `localhost`.
pub fn demo_origins(addr: &SocketAddr) -> Vec<String> {
    vec![format!("http://127.0.0.1:{}", addr.port()), format!("http://localhost:{}", addr.port())]
}

/// The test wallet behind the demo-wallet endpoints.
pub struct DemoWallet {
    /// The test PKI the demo trusts.
    pub pki: mynaform_test_wallet::pki::TestPki,
}

impl DemoWallet {
    /// A fresh random test PKI around `now`.
    pub fn new(now: time::OffsetDateTime) -> Result<Self, DemoError> {
        let pki = mynaform_test_wallet::pki::TestPki::random(now).map_err(|_| DemoError::Pki)?;
        Ok(Self { pki })
    }
}

/// Why demo mode cannot start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DemoError {
    /// `--listen` is not a loopback address.
    #[error("demo mode only listens on loopback (127.0.0.1 or ::1), not {0}")]
    NotLoopback(SocketAddr),
    /// The test PKI could not be generated.
    #[error("generating the test PKI failed")]
    Pki,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_loopback_addresses() {
        assert!(check_loopback(&"127.0.0.1:8080".parse().unwrap()).is_ok());
        assert!(check_loopback(&"[::1]:8080".parse().unwrap()).is_ok());
        assert!(check_loopback(&"0.0.0.0:8080".parse().unwrap()).is_err());
        assert!(check_loopback(&"192.168.1.2:8080".parse().unwrap()).is_err());
    }

    #[test]
    fn allows_its_own_origin_under_both_names() {
        assert_eq!(
            demo_origins(&"127.0.0.1:9000".parse().unwrap()),
            ["http://127.0.0.1:9000", "http://localhost:9000"]
        );
    }
}
