//! The elements the relying party asked for (ISO/IEC 18013-5 §8.3.2.1.2.1 ItemsRequest), used to refuse
//! anything disclosed beyond the request.
use std::collections::{BTreeMap, BTreeSet};

/// Namespace → element identifiers that were requested.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestedElements(BTreeMap<String, BTreeSet<String>>);

impl RequestedElements {
    /// An empty request (nothing may be disclosed).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `element` of `namespace` and returns `self` (builder style).
    pub fn with(mut self, namespace: &str, element: &str) -> Self {
        self.insert(namespace, element);
        self
    }

    /// Adds `element` of `namespace`.
    pub fn insert(&mut self, namespace: &str, element: &str) {
        self.0
            .entry(namespace.to_owned())
            .or_default()
            .insert(element.to_owned());
    }

    /// Whether `element` of `namespace` was requested.
    pub fn contains(&self, namespace: &str, element: &str) -> bool {
        self.0
            .get(namespace)
            .is_some_and(|elements| elements.contains(element))
    }

    /// Iterates `(namespace, element)` pairs.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .flat_map(|(ns, els)| els.iter().map(move |el| (ns.as_str(), el.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_only_what_was_inserted() {
        let r = RequestedElements::new().with("ns", "a");
        assert!(r.contains("ns", "a"));
        assert!(!r.contains("ns", "b"));
        assert!(!r.contains("other", "a"));
    }
}
