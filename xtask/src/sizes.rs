//! Size figures of the built widget (raw and gzip) and the Subresource Integrity hash of its entry.
use std::io::Write;
use std::path::Path;

use base64ct::{Base64, Encoding};
use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha384};

use crate::error::{Result, XtaskError};

/// Raw and gzip size of one file.
pub struct FileSize {
    /// File name inside the output directory.
    pub name: String,
    /// Bytes on disk.
    pub raw: usize,
    /// Bytes after gzip at the best level (what a server sends compressed).
    pub gzip: usize,
}

/// Measures the named files of `dir`.
pub fn measure(dir: &Path, names: &[&str]) -> Result<Vec<FileSize>> {
    names
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).map_err(|source| XtaskError::File { path, source })?;
            Ok(FileSize {
                name: (*name).to_owned(),
                raw: bytes.len(),
                gzip: gzip_len(&bytes),
            })
        })
        .collect()
}

/// Length of `bytes` after gzip at the best compression level.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    if encoder.write_all(bytes).is_err() {
        return bytes.len();
    }
    encoder.finish().map_or(bytes.len(), |out| out.len())
}

/// The `integrity` attribute value (`sha384-…`) for a script with these bytes.
pub fn sri_sha384(bytes: &[u8]) -> String {
    format!("sha384-{}", Base64::encode_string(&Sha384::digest(bytes)))
}

/// Prints a size table.
pub fn print_table(sizes: &[FileSize]) {
    println!("{:<28} {:>10} {:>10}", "file", "raw", "gzip");
    for size in sizes {
        println!(
            "{:<28} {:>7.1} KB {:>7.1} KB",
            size.name,
            kib(size.raw),
            kib(size.gzip)
        );
    }
}

fn kib(bytes: usize) -> f64 {
    // Sizes are far below 2^52, so the conversion is exact.
    bytes as f64 / 1024.0
}

/// The figures as JSON (written beside the build for benches and the README).
pub fn to_json(sizes: &[FileSize], sri: &str) -> serde_json::Value {
    let files: serde_json::Map<String, serde_json::Value> = sizes
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                serde_json::json!({ "raw": s.raw, "gzip": s.gzip }),
            )
        })
        .collect();
    serde_json::json!({ "files": files, "widget_js_integrity": sri })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sri_of_empty_input_matches_the_known_sha384() {
        // SHA-384 of the empty string, base64 (FIPS 180-4 value).
        assert_eq!(
            sri_sha384(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }

    #[test]
    fn repetitive_input_gzips_smaller() {
        let input = vec![b'a'; 10_000];
        let packed = gzip_len(&input);
        assert!(packed < 200, "gzip of 10k equal bytes took {packed}");
        assert!(packed > 0);
    }
}
