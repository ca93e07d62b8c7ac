//! A small deterministic PRNG (SplitMix64). Each generated item gets its own stream derived
//! from (seed, index), so item `i` is the same whatever `n` is and items can be made in any
//! order.

/// SplitMix64's output function: a good 64-bit mixer.
const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// The stream of item `index` under `seed`.
    pub(crate) fn for_item(seed: u64, index: u64) -> Self {
        Rng(mix(seed.wrapping_add(GOLDEN)) ^ mix(index.wrapping_mul(GOLDEN).wrapping_add(0x632B_E59B_D9B4_E019)))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in `0..n` (`n` > 0, below 2^32), by multiply-shift.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0 && n <= u32::MAX as usize);
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    /// True with the given chance in percent.
    pub(crate) fn percent(&mut self, p: u32) -> bool {
        self.below(100) < p as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn with the given relative weights.
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// A decimal digit.
    pub(crate) fn digit(&mut self) -> u8 {
        self.below(10) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deterministic_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::for_item(1, 7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::for_item(1, 7).next_u64(), Rng::for_item(1, 8).next_u64());
        assert_ne!(Rng::for_item(1, 7).next_u64(), Rng::for_item(2, 7).next_u64());
    }

    #[test]
    fn below_and_weighted_stay_in_range() {
        let mut r = Rng::for_item(3, 3);
        let mut seen = [0u32; 3];
        for _ in 0..3000 {
            assert!(r.below(5) < 5);
            let x = r.between(10, 12);
            assert!((10..=12).contains(&x));
            seen[r.weighted(&[1, 0, 3])] += 1;
        }
        assert_eq!(seen[1], 0);
        assert!(seen[2] > seen[0]);
    }
}
