//! Prints a valid synthetic exercise with the given number of stages, for benchmarks:
//! `cargo run --release --example synth -- 200 > synth-200.ron`.

use crossings::scenario::load::parse_exercise;
use crossings::sim::synth::{LAYERS, synth};

fn main() {
    let stages: usize = match std::env::args().nth(1).map(|a| a.parse::<usize>()) {
        Some(Ok(n)) if n > LAYERS => n,
        _ => {
            eprintln!("usage: synth <STAGES>   (at least {})", LAYERS + 1);
            std::process::exit(2);
        }
    };
    let text = synth(stages);
    // The generator must only ever print valid exercises.
    if let Err(d) = parse_exercise("synth", &text) {
        eprintln!("synth produced an invalid exercise: {d}");
        std::process::exit(1);
    }
    print!("{text}");
}
