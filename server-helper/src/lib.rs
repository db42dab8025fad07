//! The mynaform server helper: one-time sessions, signed requests, trust anchors and the authoritative
//! re-verification of presentations for the relying party's backend.
//!
//! [`app::app`] builds the axum router from an [`state::AppState`]; [`startup`] resolves a
//! [`config::Config`] (or demo mode) into that state and serves it.
#![forbid(unsafe_code)]

pub mod app;
pub mod assets;
pub mod clock;
pub mod config;
pub mod demo;
pub mod error;
pub mod handlers;
pub mod metrics;
pub mod openapi;
pub mod presentation;
pub mod presets;
pub mod rate_limit;
pub mod requests;
pub mod session;
pub mod startup;
pub mod state;
pub mod store;
pub mod trust_anchors;

pub use app::app;
pub use error::AppError;
pub use state::{AppParts, AppState};
