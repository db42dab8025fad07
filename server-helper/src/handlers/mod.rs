//! One module per route family; each handler is short: typed extractors in, `Result<_, AppError>` out.
pub mod demo_bank;
pub mod demo_wallet;
pub mod health;
pub mod postal_code;
pub mod sessions;
pub mod trust_anchors;
pub mod verify;
pub mod widget;

mod extract;
