//! The OpenAPI 3.1 document of the server helper, hand-written in `openapi.json` next to this crate's
//! manifest; a test checks it lists exactly the routes of [`crate::app::routes`].

/// The document served at `/mynaform/v1/openapi.json`.
pub const DOCUMENT: &str = include_str!("../openapi.json");
