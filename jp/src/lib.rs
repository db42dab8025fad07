//! Japanese data normalisation for the claims of the smartphone My Number Card.
#![forbid(unsafe_code)]
