//! See crossings::fuzzing::script_bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crossings::fuzzing::script_bytes(data));
