//! Byte-level tampering of encoded presentations, for tests that a verifier rejects them with the right
//! check. Each function returns a new buffer, or `None` when the thing to change is not where expected, so a
//! test cannot silently pass on an untouched input.

/// `bytes` with the byte at `index` XOR-ed with `mask`; `None` if `index` is out of range or `mask` is zero.
pub fn flip_byte(bytes: &[u8], index: usize, mask: u8) -> Option<Vec<u8>> {
    if mask == 0 {
        return None;
    }
    let mut out = bytes.to_vec();
    *out.get_mut(index)? ^= mask;
    Some(out)
}

/// The first `len` bytes; `None` if that would not shorten the input.
pub fn truncate(bytes: &[u8], len: usize) -> Option<Vec<u8>> {
    (len < bytes.len()).then(|| bytes.get(..len).unwrap_or_default().to_vec())
}

/// `bytes` followed by `extra`.
pub fn append(bytes: &[u8], extra: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out.extend_from_slice(extra);
    out
}

/// Position of the first occurrence of `needle` in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `haystack` with the first occurrence of `needle` replaced by `replacement` (lengths may differ);
/// `None` if `needle` does not occur.
pub fn replace_first(haystack: &[u8], needle: &[u8], replacement: &[u8]) -> Option<Vec<u8>> {
    let at = find(haystack, needle)?;
    let mut out = Vec::with_capacity(haystack.len() - needle.len() + replacement.len());
    out.extend_from_slice(haystack.get(..at)?);
    out.extend_from_slice(replacement);
    out.extend_from_slice(haystack.get(at + needle.len()..)?);
    Some(out)
}

/// Flips the lowest bit of the last byte of `item` (an encoded IssuerSignedItem, whose last entry is the
/// elementValue) where it occurs in `response`: the value changes, the CBOR stays well-formed for text,
/// integers, booleans and byte strings.
pub fn flip_element_value(response: &[u8], item: &[u8]) -> Option<Vec<u8>> {
    let at = find(response, item)?;
    flip_byte(response, at + item.len() - 1, 0x01)
}

/// Flips one bit inside the first occurrence of `needle` (e.g. a digest inside the signed MSO).
pub fn flip_inside(haystack: &[u8], needle: &[u8]) -> Option<Vec<u8>> {
    let at = find(haystack, needle)?;
    flip_byte(haystack, at + needle.len() / 2, 0x01)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flip_changes_exactly_one_byte() {
        let out = flip_byte(&[1, 2, 3], 1, 0x80).unwrap();
        assert_eq!(out, vec![1, 0x82, 3]);
        assert!(flip_byte(&[1], 5, 1).is_none());
        assert!(flip_byte(&[1], 0, 0).is_none());
    }

    #[test]
    fn replace_first_handles_different_lengths_and_absence() {
        assert_eq!(replace_first(b"abcabc", b"bc", b"XYZ").unwrap(), b"aXYZabc");
        assert!(replace_first(b"abc", b"zz", b"q").is_none());
    }

    #[test]
    fn truncate_refuses_to_leave_input_unchanged() {
        assert_eq!(truncate(&[1, 2, 3], 1).unwrap(), vec![1]);
        assert!(truncate(&[1, 2, 3], 3).is_none());
    }

    #[test]
    fn flip_element_value_touches_the_item_end() {
        let response = [9, 9, 1, 2, 3, 9];
        assert_eq!(
            flip_element_value(&response, &[1, 2, 3]).unwrap(),
            vec![9, 9, 1, 2, 2, 9]
        );
        assert!(flip_element_value(&response, &[7]).is_none());
    }
}
