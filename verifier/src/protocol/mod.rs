//! Digital Credentials API protocols: ISO/IEC 18013-7 Annex C (`org-iso-mdoc`) and OpenID4VP 1.0.
