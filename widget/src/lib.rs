//! The mynaform widget: a `<mynaform-button>` custom element that asks the phone wallet through the
//! W3C Digital Credentials API and fills the surrounding form with verified My Number Card data.
