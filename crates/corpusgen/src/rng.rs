//! A tiny deterministic PRNG (SplitMix64), so the corpus is identical on every machine
//! and every Rust version (no `rand`, no platform floating-point functions).

/// SplitMix64 (Steele, Lea, Flood 2014): one 64-bit state, passes BigCrush, trivially
/// seedable from any `u64` — enough for picking paragraphs and coin flips.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

/// Golden-ratio increment of SplitMix64.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

impl Rng {
    /// An independent stream for (`seed`, `index`, `purpose`): every article and every
    /// decision about it draws from its own stream, so articles can be generated in any
    /// order (and duplicates can regenerate their source) with identical results.
    pub(crate) fn for_article(seed: u64, index: usize, purpose: u64) -> Self {
        let mut r = Rng(seed ^ mix(purpose.wrapping_mul(GAMMA)));
        let a = r.next_u64();
        Rng(a ^ mix((index as u64).wrapping_add(1).wrapping_mul(GAMMA)))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GAMMA);
        mix(self.0)
    }

    /// Uniform in `[0, 1)` with 53 random bits (exact in `f64`).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p` (clamped to 0..=1; NaN counts as 0).
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in `0..n`; 0 when `n` is 0. The modulo bias is below 2^-40 for any
    /// realistic `n`, irrelevant for a benchmark corpus.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// A random element of `items`, `None` when empty.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `e^y` from its Taylor series, using only `+ * /` (exactly rounded in IEEE 754 on
/// every platform, unlike `f64::exp`, which may differ in the last bit between libms).
/// Accurate to ~1e-15 for `|y| <= 2`, the only range we use.
pub(crate) fn portable_exp(y: f64) -> f64 {
    let mut sum = 1.0;
    let mut term = 1.0;
    for k in 1..=30 {
        term = term * y / k as f64;
        sum += term;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4)
            .map(|_| Rng::for_article(42, 7, 1).next_u64())
            .collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let x = Rng::for_article(42, 7, 1).next_u64();
        assert_ne!(x, Rng::for_article(42, 8, 1).next_u64());
        assert_ne!(x, Rng::for_article(42, 7, 2).next_u64());
        assert_ne!(x, Rng::for_article(43, 7, 1).next_u64());
    }

    #[test]
    fn known_first_value_pins_the_algorithm() {
        // Reference value of SplitMix64 seeded with 0.
        assert_eq!(Rng(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn unit_below_and_chance_stay_in_range() {
        let mut r = Rng(1);
        for _ in 0..1000 {
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
            assert!(r.below(7) < 7);
        }
        assert_eq!(r.below(0), 0);
        assert!(!r.chance(0.0) && r.chance(1.0) && !r.chance(f64::NAN));
    }

    #[test]
    fn portable_exp_matches_std_closely() {
        for y in [0.0, 0.3, 1.0, 1.504_077_396_776_274, 2.0] {
            assert!((portable_exp(y) - y.exp()).abs() < 1e-12, "{y}");
        }
    }
}
