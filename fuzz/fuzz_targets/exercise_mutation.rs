//! See crossings::fuzzing::exercise_mutation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crossings::fuzzing::exercise_mutation(data));
