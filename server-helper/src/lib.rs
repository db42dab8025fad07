//! The mynaform server helper: one-time sessions, signed requests, trust anchors and the authoritative
//! re-verification of presentations for the relying party's backend.
