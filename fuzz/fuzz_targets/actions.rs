//! See crossings::fuzzing::actions.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crossings::fuzzing::actions(data));
