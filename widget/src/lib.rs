//! The mynaform widget: a `<mynaform-button>` custom element that asks the phone wallet through the
//! W3C Digital Credentials API and fills the surrounding form with verified My Number Card data.
//!
//! Everything that can be tested without a browser lives in plain modules (field detection, value
//! formatting, messages, the session API); the DOM side (`browser`, wasm32 only) only wires them.
#![forbid(unsafe_code)]

#[cfg(feature = "parity")]
pub mod bench;
pub mod error;
pub mod fields;
pub mod fill;
pub mod key;
pub mod messages;
#[cfg(feature = "parity")]
pub mod parity;
pub mod presentation;
pub mod session;
pub mod state;
pub mod values;
pub mod width;

#[cfg(target_arch = "wasm32")]
mod browser;

pub use error::WidgetError;
