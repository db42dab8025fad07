//! Where the test wallet's randomness comes from: the operating system, or a seed for reproducible tests.
//!
//! The seeded stream is SHA-256 in counter mode (block_i = SHA-256(seed || label || i)). It is good enough
//! for test keys and salts, and it makes a whole PKI and every issued credential reproducible byte for byte.

use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A source of random bytes for keys, serial numbers and salts.
pub struct Entropy {
    source: Source,
}

enum Source {
    Os,
    Seeded { seed: [u8; 32], counter: u64 },
}

impl Entropy {
    /// Randomness from the operating system (`getrandom`).
    pub fn os() -> Self {
        Self { source: Source::Os }
    }

    /// A deterministic stream derived from `seed`: the same seed gives the same keys and salts.
    pub fn seeded(seed: [u8; 32]) -> Self {
        Self {
            source: Source::Seeded { seed, counter: 0 },
        }
    }

    /// A deterministic stream derived from a short text, convenient in tests (`Entropy::from_label("taro")`).
    pub fn from_label(label: &str) -> Self {
        Self::seeded(Sha256::digest(label.as_bytes()).into())
    }

    /// A new independent stream for a named purpose; seeded streams stay deterministic.
    pub fn fork(&mut self, purpose: &str) -> Self {
        match &mut self.source {
            Source::Os => Self::os(),
            Source::Seeded { seed, counter } => {
                *counter += 1;
                let mut hasher = Sha256::new();
                hasher.update(b"fork");
                hasher.update(*seed);
                hasher.update(counter.to_be_bytes());
                hasher.update(purpose.as_bytes());
                Self::seeded(hasher.finalize().into())
            }
        }
    }

    /// Fills `buf` with random bytes.
    ///
    /// # Panics
    /// Only if the operating system has no randomness to give, which makes every test meaningless anyway.
    pub fn fill(&mut self, buf: &mut [u8]) {
        match &mut self.source {
            Source::Os => {
                #[allow(clippy::expect_used)]
                getrandom::fill(buf).expect("operating system randomness is available");
            }
            Source::Seeded { seed, counter } => {
                for chunk in buf.chunks_mut(32) {
                    *counter += 1;
                    let mut hasher = Sha256::new();
                    hasher.update(*seed);
                    hasher.update(counter.to_be_bytes());
                    let block = hasher.finalize();
                    chunk.copy_from_slice(&block[..chunk.len()]);
                }
            }
        }
    }

    /// `N` random bytes.
    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        self.fill(&mut out);
        out
    }
}

impl Drop for Entropy {
    fn drop(&mut self) {
        if let Source::Seeded { seed, counter } = &mut self.source {
            seed.zeroize();
            counter.zeroize();
        }
    }
}

impl ZeroizeOnDrop for Entropy {}

impl core::fmt::Debug for Entropy {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let kind = match self.source {
            Source::Os => "os",
            Source::Seeded { .. } => "seeded",
        };
        f.debug_struct("Entropy").field("source", &kind).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_same_bytes() {
        let a: [u8; 40] = Entropy::from_label("x").bytes();
        let b: [u8; 40] = Entropy::from_label("x").bytes();
        let c: [u8; 40] = Entropy::from_label("y").bytes();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn forks_differ_from_each_other() {
        let mut root = Entropy::from_label("root");
        let a: [u8; 16] = root.fork("a").bytes();
        let b: [u8; 16] = root.fork("a").bytes();
        assert_ne!(a, b);
    }
}
