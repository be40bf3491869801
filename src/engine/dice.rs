//! The chance draws of a session, and the cheaper ones of explore's playthroughs.
//!
//! A session's draws come from a ChaCha generator seeded with the session's seed: a
//! saved session replays to the same game, and `crossings run --seed N` reproduces a
//! witness found by the reachability search. Explore's playthroughs only need draws
//! that are fair and reproducible for a seed: they use SplitMix64, which costs a few
//! instructions to seed and to draw where ChaCha costs hundreds per playthrough (a
//! block of output to fill and a seed to expand). The same seed therefore gives a
//! different game in explore than in a session; explore never claims otherwise.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

// One per state, held inline: boxing the generator would allocate on every clone of a
// state (the search clones many), to save bytes that explore's states never copy.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dice {
    /// A real session's draws: stable across versions, as saves depend on it.
    Session(ChaCha8Rng),
    /// A Monte Carlo playthrough's draws: SplitMix64 state.
    Explore(u64),
}

impl Dice {
    pub fn session(seed: u64) -> Dice {
        Dice::Session(ChaCha8Rng::seed_from_u64(seed))
    }

    pub fn explore(seed: u64) -> Dice {
        Dice::Explore(seed ^ 0x6A09_E667_F3BC_C909)
    }

    /// The same kind of dice, seeded afresh.
    pub fn reseeded(&self, seed: u64) -> Dice {
        match self {
            Dice::Session(_) => Dice::session(seed),
            Dice::Explore(_) => Dice::explore(seed),
        }
    }

    /// A roll in 0..100 for a random inject's chance.
    #[inline]
    pub fn percent(&mut self) -> u8 {
        match self {
            Dice::Session(rng) => session_percent(rng),
            Dice::Explore(state) => (((split_mix(state) >> 32) * 100) >> 32) as u8,
        }
    }

    /// For a cell update (an `AddRandom` effect draws into `min..=min + spread`): a draw
    /// in `0..=spread` when `draws`, else 0 without drawing.
    /// Explore's dice do it without a branch on `draws`, which a playthrough's random
    /// choices make unpredictable.
    #[inline(always)]
    pub fn offset(&mut self, min: i32, spread: u32, draws: bool) -> i64 {
        match self {
            Dice::Session(rng) => {
                if draws {
                    let max = (i64::from(min) + i64::from(spread)) as i32;
                    i64::from(session_between(rng, min, max)) - i64::from(min)
                } else {
                    0
                }
            }
            Dice::Explore(state) => {
                let z = mix(state.wrapping_add(GOLDEN_GAMMA));
                // Advance only for a draw; with no draw there are no values to land on.
                *state = state.wrapping_add(GOLDEN_GAMMA * u64::from(draws));
                let values = (u64::from(spread) + 1) * u64::from(draws);
                (((z >> 32) * values) >> 32) as i64
            }
        }
    }

    /// How far the generator has advanced, for telling states apart.
    pub fn position(&self) -> u128 {
        match self {
            Dice::Session(rng) => rng.get_word_pos(),
            Dice::Explore(state) => u128::from(*state),
        }
    }
}

// A session's draws are out of line: a few per turn in play, and kept out of explore's
// loop, which inlines the dice.
#[inline(never)]
fn session_percent(rng: &mut ChaCha8Rng) -> u8 {
    rng.random_range(0..100u8)
}

#[inline(never)]
fn session_between(rng: &mut ChaCha8Rng, min: i32, max: i32) -> i32 {
    rng.random_range(min..=max)
}

/// One step of SplitMix64: also what explore's choices are drawn with.
#[inline(always)]
pub fn split_mix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(GOLDEN_GAMMA);
    mix(*state)
}

/// SplitMix64's step between states.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function of a state.
#[inline(always)]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explore_dice_stay_within_their_ranges_and_reach_both_ends() {
        let mut dice = Dice::explore(7);
        let (mut low, mut high) = (false, false);
        for _ in 0..10_000 {
            let p = dice.percent();
            assert!(p < 100);
            let v = -2 + dice.offset(-2, 4, true) as i32;
            assert!((-2..=2).contains(&v));
            low |= v == -2;
            high |= v == 2;
        }
        assert!(low && high);
        // The widest range, whose size does not fit in an i32, is drawn from too.
        let _any = dice.offset(i32::MIN, u32::MAX, true);
        assert_eq!(dice.offset(5, 0, true), 0);
        // No draw: nothing drawn, and the dice do not move.
        let before = dice.clone();
        assert_eq!(dice.offset(1, 9, false), 0);
        assert_eq!(dice, before);
    }

    #[test]
    fn reseeding_keeps_the_kind_of_dice() {
        assert!(matches!(Dice::explore(1).reseeded(2), Dice::Explore(_)));
        assert_eq!(Dice::session(1).reseeded(2), Dice::session(2));
        assert_eq!(Dice::explore(3).reseeded(4), Dice::explore(4));
    }
}
