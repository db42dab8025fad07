//! Portraits of the fictional people: real, viewable baseline JPEGs (ITU-T T.81 / JFIF) of a drawn avatar
//! (a cartoon head and shoulders on a coloured background), never a photo of anyone.
//!
//! The picture is drawn and encoded at run time, deterministically from the person's id, then brought to
//! the exact requested length with a comment segment (`COM`, T.81 §B.2.4.5), so the size of a card's face
//! photo (about 20 KB) stays fixed for benches. Encoding is cached per id and length.
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

/// Quality of the encoded image (4:2:0 chroma subsampling below 90).
const QUALITY: u8 = 80;
/// Image sizes tried from the largest down until one fits the requested length (3:4, like a card photo).
const SIZES: [(u16, u16); 5] = [(240, 320), (120, 160), (60, 80), (30, 40), (12, 16)];
/// Largest noise amplitude (in 8-bit levels) added to reach the requested length.
const MAX_NOISE: u8 = 96;
/// Text of the padding comment.
const COMMENT: &[u8] = b"mynaform test portrait: a drawn avatar, not a photo of any person. ";

/// A deterministic baseline JPEG portrait for `label` of exactly `len` bytes: the largest avatar image (with
/// as much deterministic noise as fits) that is at most `len` bytes, padded with a comment segment. When
/// even the smallest image exceeds `len` (a few hundred bytes), that image is returned as it is.
pub fn portrait_jpeg(label: &str, len: usize) -> Vec<u8> {
    /// Encoded portraits by label and length.
    type Cache = Mutex<BTreeMap<(String, usize), Vec<u8>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    let key = (label.to_owned(), len);
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(&key)
    {
        return hit.clone();
    }
    let jpeg = make_portrait(label, len);
    cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(key, jpeg.clone());
    jpeg
}

/// [`portrait_jpeg`] without the cache.
fn make_portrait(label: &str, len: usize) -> Vec<u8> {
    // An encoding fits if it is exactly `len` or leaves room for a comment segment (4 bytes at least).
    let fits = |size: usize| size == len || size + 4 <= len;
    let mut smallest = None;
    for (width, height) in SIZES {
        let avatar = Avatar::draw(label, width, height);
        let Some(plain) = avatar.encode(0) else {
            continue;
        };
        if !fits(plain.len()) {
            smallest = Some(plain);
            continue;
        }
        // The largest noise amplitude that still fits (size grows with the noise).
        let (mut best, mut low, mut high) = (plain, 1u8, MAX_NOISE);
        while low <= high {
            let mid = low + (high - low) / 2;
            match avatar.encode(mid) {
                Some(jpeg) if fits(jpeg.len()) => {
                    best = jpeg;
                    low = mid + 1;
                }
                _ => high = mid - 1,
            }
        }
        return pad_with_comment(best, len);
    }
    smallest.unwrap_or_else(|| vec![0xff, 0xd8, 0xff, 0xd9])
}

/// An RGB drawing with the per-pixel noise pattern used to grow it.
struct Avatar {
    width: u16,
    height: u16,
    rgb: Vec<u8>,
    /// One signed unit noise value per pixel, in -128..=127.
    noise: Vec<i8>,
}

impl Avatar {
    /// Draws a cartoon head, neck and shoulders (face, two eyes, a smile) over a vertical gradient whose hue
    /// comes from `label`.
    fn draw(label: &str, width: u16, height: u16) -> Self {
        let seed = Sha256::digest(label.as_bytes());
        let byte = |i: usize| seed.get(i).copied().unwrap_or(0);
        let background = hue_to_rgb(byte(0));
        let clothes = hue_to_rgb(byte(1).wrapping_add(128));
        let skin = [238u8, 206, 170];
        let hair = [60u8 + byte(2) % 60, 40, 30];
        let dark = [40u8, 40, 50];

        let (w, h) = (f32::from(width), f32::from(height));
        let mut rgb = Vec::with_capacity(usize::from(width) * usize::from(height) * 3);
        for y in 0..height {
            for x in 0..width {
                // Coordinates in units of the width, origin at the top centre.
                let px = (f32::from(x) + 0.5 - w / 2.0) / w;
                let py = (f32::from(y) + 0.5) / w;
                let in_ellipse = |cx: f32, cy: f32, rx: f32, ry: f32| {
                    let (dx, dy) = ((px - cx) / rx, (py - cy) / ry);
                    dx * dx + dy * dy <= 1.0
                };
                let head_y = 0.52;
                let colour = if in_ellipse(-0.09, head_y - 0.04, 0.035, 0.035)
                    || in_ellipse(0.09, head_y - 0.04, 0.035, 0.035)
                {
                    dark
                } else if in_ellipse(0.0, head_y + 0.06, 0.12, 0.07)
                    && !in_ellipse(0.0, head_y + 0.03, 0.12, 0.07)
                {
                    [190, 60, 70]
                } else if in_ellipse(0.0, head_y, 0.25, 0.29) {
                    if py < head_y - 0.14 { hair } else { skin }
                } else if in_ellipse(0.0, 1.45, 0.5, 0.5) {
                    clothes
                } else if px.abs() < 0.08 && py > head_y && py < 1.0 {
                    skin
                } else {
                    let shade = py / (h / w);
                    background
                        .map(|c| (f32::from(c) * (1.05 - 0.25 * shade)).clamp(0.0, 255.0) as u8)
                };
                rgb.extend_from_slice(&colour);
            }
        }

        let mut state = u64::from_be_bytes([
            byte(8),
            byte(9),
            byte(10),
            byte(11),
            byte(12),
            byte(13),
            byte(14),
            byte(15),
        ]);
        let noise = (0..usize::from(width) * usize::from(height))
            .map(|_| (splitmix64(&mut state) >> 56) as u8 as i8)
            .collect();
        Self {
            width,
            height,
            rgb,
            noise,
        }
    }

    /// Encodes the drawing with the noise scaled to `amplitude` levels (0 = none).
    fn encode(&self, amplitude: u8) -> Option<Vec<u8>> {
        let mut pixels = self.rgb.clone();
        for (pixel, &n) in pixels.chunks_exact_mut(3).zip(&self.noise) {
            let delta = i16::from(n) * i16::from(amplitude) / 128;
            for c in pixel {
                *c = (i16::from(*c) + delta).clamp(0, 255) as u8;
            }
        }
        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, QUALITY)
            .encode(
                &pixels,
                self.width,
                self.height,
                jpeg_encoder::ColorType::Rgb,
            )
            .ok()?;
        Some(jpeg)
    }
}

/// A saturated colour around the hue circle (`hue` in 256ths of a turn), softened towards white.
fn hue_to_rgb(hue: u8) -> [u8; 3] {
    let h = f32::from(hue) / 256.0 * 6.0;
    let f = h - h.floor();
    let (r, g, b) = match h as u8 {
        0 => (1.0, f, 0.0),
        1 => (1.0 - f, 1.0, 0.0),
        2 => (0.0, 1.0, f),
        3 => (0.0, 1.0 - f, 1.0),
        4 => (f, 0.0, 1.0),
        _ => (1.0, 0.0, 1.0 - f),
    };
    [r, g, b].map(|c: f32| (90.0 + c * 140.0) as u8)
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small deterministic generator for the noise pattern.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Inserts comment segments after the JFIF APP0 segment (or after SOI) so that `jpeg` is `len` bytes long.
/// `len` is either `jpeg.len()` or at least 4 bytes more.
fn pad_with_comment(jpeg: Vec<u8>, len: usize) -> Vec<u8> {
    let mut pad = len.saturating_sub(jpeg.len());
    if pad < 4 {
        return jpeg;
    }
    let at = match jpeg.get(2..6) {
        Some([0xff, 0xe0, hi, lo]) => 4 + usize::from(u16::from_be_bytes([*hi, *lo])),
        _ => 2,
    }
    .min(jpeg.len());
    let (head, tail) = jpeg.split_at(at);
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(head);
    while pad > 0 {
        // A segment is marker (2) + length (2) + at most 65533 payload bytes; never leave 1..=3 bytes.
        let mut segment = pad.min(0xffff + 2);
        if (1..4).contains(&(pad - segment)) {
            segment -= 4;
        }
        let payload = segment - 4;
        out.extend_from_slice(&[0xff, 0xfe]);
        out.extend_from_slice(&u16::try_from(payload + 2).unwrap_or(u16::MAX).to_be_bytes());
        out.extend(COMMENT.iter().copied().cycle().take(payload));
        pad -= segment;
    }
    out.extend_from_slice(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::PORTRAIT_LEN;

    /// The markers of `jpeg` in order, walking segments up to the start of scan.
    fn markers(jpeg: &[u8]) -> Vec<u8> {
        let mut out = vec![];
        let mut at = 2;
        while let Some(&[0xff, marker, hi, lo]) = jpeg.get(at..at + 4) {
            out.push(marker);
            if marker == 0xda {
                break;
            }
            at += 2 + usize::from(u16::from_be_bytes([hi, lo]));
        }
        out
    }

    #[test]
    fn portrait_is_a_baseline_jpeg_of_about_twenty_kilobytes() {
        for id in crate::people::IDS {
            let jpeg = portrait_jpeg(id, PORTRAIT_LEN);
            assert_eq!(jpeg.get(..2), Some(&[0xff, 0xd8][..]), "{id}: SOI");
            assert_eq!(
                jpeg.get(jpeg.len() - 2..),
                Some(&[0xff, 0xd9][..]),
                "{id}: EOI"
            );
            assert!(
                (15_000..=30_000).contains(&jpeg.len()),
                "{id}: {}",
                jpeg.len()
            );
            let markers = markers(&jpeg);
            assert_eq!(markers.first(), Some(&0xe0), "{id}: JFIF APP0 first");
            assert!(markers.contains(&0xc0), "{id}: baseline SOF0");
            assert_eq!(markers.last(), Some(&0xda), "{id}: reaches the scan");
        }
    }

    #[test]
    fn portrait_image_fills_most_of_its_length() {
        let jpeg = make_portrait("taro", PORTRAIT_LEN);
        let comment: usize = jpeg.windows(2).filter(|w| w == &[0xff, 0xfe]).count();
        let padding = jpeg
            .windows(COMMENT.len())
            .filter(|w| *w == COMMENT)
            .count()
            * COMMENT.len();
        assert!(comment <= 1);
        assert!(padding < PORTRAIT_LEN / 4, "padding {padding}");
    }

    #[test]
    fn portrait_has_exactly_the_requested_length() {
        for len in [2048, 5000, PORTRAIT_LEN, 70_000] {
            let jpeg = make_portrait("x", len);
            assert_eq!(jpeg.len(), len);
            assert_eq!(jpeg.get(len - 2..), Some(&[0xff, 0xd9][..]));
        }
    }

    #[test]
    fn portrait_is_deterministic_and_differs_per_person() {
        assert_eq!(make_portrait("a", 3000), make_portrait("a", 3000));
        assert_ne!(make_portrait("a", 3000), make_portrait("b", 3000));
    }

    #[test]
    fn too_short_a_length_gives_the_smallest_image() {
        let jpeg = make_portrait("x", 10);
        assert_eq!(jpeg.get(..2), Some(&[0xff, 0xd8][..]));
        assert_eq!(jpeg.get(jpeg.len() - 2..), Some(&[0xff, 0xd9][..]));
    }
}
