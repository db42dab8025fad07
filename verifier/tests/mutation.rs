//! Mutation test: deterministic pseudo-random byte flips, insertions and truncations of a valid response
//! must all be rejected, and none may panic.
mod support;

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Debug, Clone, Copy)]
enum Mutation {
    FlipBit { at: usize, bit: u8 },
    SetByte { at: usize, value: u8 },
    Insert { at: usize, value: u8 },
    Delete { at: usize },
    Truncate { len: usize },
}

fn apply(bytes: &[u8], mutation: Mutation) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match mutation {
        Mutation::FlipBit { at, bit } => out[at] ^= 1 << bit,
        Mutation::SetByte { at, value } => out[at] = value,
        Mutation::Insert { at, value } => out.insert(at, value),
        Mutation::Delete { at } => {
            out.remove(at);
        }
        Mutation::Truncate { len } => out.truncate(len),
    }
    out
}

fn random_mutation(rng: &mut Rng, len: usize) -> Mutation {
    match rng.below(5) {
        0 => Mutation::FlipBit {
            at: rng.below(len),
            bit: rng.below(8) as u8,
        },
        1 => Mutation::SetByte {
            at: rng.below(len),
            value: rng.next() as u8,
        },
        2 => Mutation::Insert {
            at: rng.below(len + 1),
            value: rng.next() as u8,
        },
        3 => Mutation::Delete { at: rng.below(len) },
        _ => Mutation::Truncate {
            len: rng.below(len),
        },
    }
}

fn assert_all_rejected(case: &support::Case, mutations: impl Iterator<Item = Mutation>) -> usize {
    let original = &case.device_response;
    let mut count = 0;
    for mutation in mutations {
        let mutated = apply(original, mutation);
        if mutated == *original {
            continue;
        }
        let verification = case.verify_bytes(&mutated);
        assert!(
            !verification.is_valid(),
            "{}: mutation {mutation:?} was accepted",
            case.name
        );
        assert!(verification.report().failing_check.is_some());
        count += 1;
    }
    count
}

#[test]
fn random_mutations_of_the_annex_d_response_are_rejected_without_panic() {
    let case = support::load("b01");
    assert!(
        case.verify().is_valid(),
        "the unmutated response must verify"
    );
    let mut rng = Rng(0x6d79_6e61_666f_726d);
    let len = case.device_response.len();
    let mutations = (0..3000).map(|_| random_mutation(&mut rng, len));
    assert!(assert_all_rejected(&case, mutations) > 2900);
}

#[test]
fn a_bit_flip_in_every_byte_of_the_annex_d_response_is_rejected() {
    let case = support::load("b01");
    let len = case.device_response.len();
    // One bit per byte, rotating through the eight bit positions.
    let mutations = (0..len).map(|at| Mutation::FlipBit {
        at,
        bit: (at % 8) as u8,
    });
    assert_eq!(assert_all_rejected(&case, mutations), len);
}

#[test]
fn every_truncation_of_the_annex_d_response_is_rejected() {
    let case = support::load("b01");
    let len = case.device_response.len();
    let mutations = (0..len).map(|len| Mutation::Truncate { len });
    assert_eq!(assert_all_rejected(&case, mutations), len);
}

#[test]
fn random_mutations_of_a_my_number_card_response_are_rejected_without_panic() {
    let (case, _) = support::my_number_card([9; 32], "hanako");
    assert!(
        case.verify().is_valid(),
        "the unmutated response must verify"
    );
    let mut rng = Rng(0x4d4e_4320_6d75_7461);
    let len = case.device_response.len();
    // Half the mutations hit the last 2 KiB (everything after the portrait), where the structure is.
    let mutations = (0..1500).map(|i| {
        let m = random_mutation(&mut rng, len);
        match m {
            Mutation::FlipBit { at, bit } if i % 2 == 0 => Mutation::FlipBit {
                at: len - 1 - (at % 2048.min(len)),
                bit,
            },
            other => other,
        }
    });
    assert!(assert_all_rejected(&case, mutations) > 1400);
}
