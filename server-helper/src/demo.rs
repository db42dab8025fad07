//! Demo mode: a fresh test PKI (trust anchor = the test IACA, reader certificate from the test reader CA),
//! the example pages, and a demo wallet answering through the test wallet. Loopback only.

use std::net::SocketAddr;

use mynaform_test_wallet::holder::Holder;
use mynaform_test_wallet::issuer::{IssueOptions, IssuedCredential, Issuer};
use mynaform_test_wallet::people::{Person, roster};
use mynaform_test_wallet::pki::{Entropy, TestPki};
use mynaform_verifier::protocol::transcript::Origin;
use serde_json::Value as Json;
use time::OffsetDateTime;

/// Refuses any non-loopback address: the demo trusts a throw-away PKI and hands out test people.
pub fn check_loopback(addr: &SocketAddr) -> Result<(), DemoError> {
    if addr.ip().is_loopback() {
        Ok(())
    } else {
        Err(DemoError::NotLoopback(*addr))
    }
}

/// The origins a demo server on `addr` allows: its own, as `127.0.0.1` and as `localhost`.
pub fn demo_origins(addr: &SocketAddr) -> Vec<String> {
    vec![
        format!("http://127.0.0.1:{}", addr.port()),
        format!("http://localhost:{}", addr.port()),
    ]
}

/// The test wallet behind the demo-wallet endpoints: a fresh test PKI and one issued My Number Card per
/// fictional person of the test wallet.
pub struct DemoWallet {
    /// The test PKI the demo trusts.
    pub pki: TestPki,
    people: Vec<(Person, IssuedCredential)>,
}

/// One person as listed by `GET /demo-wallet/people` (fictional test data).
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoPerson {
    /// The id to pass as `person`.
    pub id: &'static str,
    /// 氏名 as on the (fictional) card.
    pub full_name: String,
}

impl DemoWallet {
    /// A fresh random test PKI around `now`, with every test person's card issued.
    pub fn new(now: OffsetDateTime) -> Result<Self, DemoError> {
        let pki = TestPki::random(now).map_err(|_| DemoError::Pki)?;
        let issuer = Issuer::new(&pki);
        let options = IssueOptions::at(now);
        let mut entropy = Entropy::os();
        let people = roster(now.date())
            .into_iter()
            .map(|person| {
                let credential = issuer
                    .issue(&person, &options, &mut entropy)
                    .map_err(|_| DemoError::Pki)?;
                Ok((person, credential))
            })
            .collect::<Result<Vec<_>, DemoError>>()?;
        Ok(Self { pki, people })
    }

    /// The people the wallet holds cards of.
    pub fn people(&self) -> Vec<DemoPerson> {
        self.people
            .iter()
            .map(|(p, _)| DemoPerson {
                id: p.id(),
                full_name: p.full_name().to_owned(),
            })
            .collect()
    }

    /// Answers a DC API request (`{protocol, data}` or `{requests: [...]}`) as `person` (default: the first)
    /// would from a page at `origin`.
    pub fn respond(
        &self,
        request: &Json,
        person: Option<&str>,
        origin: &Origin,
    ) -> Result<Json, DemoError> {
        let (_, credential) = match person {
            None => self.people.first(),
            Some(id) => self.people.iter().find(|(p, _)| p.id() == id),
        }
        .ok_or(DemoError::UnknownPerson)?;
        let holder =
            Holder::new(credential).trusting_reader_ca(self.pki.reader_ca().certificate_der());
        let response = holder
            .respond_to_envelope(request, origin, &mut Entropy::os())
            .map_err(|error| {
                tracing::info!(%error, "demo wallet refused the request");
                DemoError::Refused
            })?;
        Ok(response.to_json())
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
    /// The demo wallet has no such person.
    #[error("unknown person")]
    UnknownPerson,
    /// The test wallet refused the request (malformed, untrusted reader, …).
    #[error("the demo wallet refused the request")]
    Refused,
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
