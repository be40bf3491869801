//! Synthetic exercises for benchmarks and tests: valid, of any size, and shaped like a
//! real one (`cargo run --release --example synth -- 200` prints one).
//!
//! Shape: a start stage, then ten layers of stages; every stage has two decisions (the
//! deciding pair of roles rotates) of four options, one gated on an indicator and one on
//! a flag, a random event, and transitions to the next layer chosen by a flag, two
//! indicators and a fallback. The last layer leads to four endings chosen by conditions.
//! A random playthrough takes eleven turns, so 22 decisions. About 1.4 KB per stage.

use std::fmt::Write as _;

/// Layers of stages after the start stage; a playthrough takes `LAYERS + 1` turns.
pub const LAYERS: usize = 10;

/// Stage ids per layer: layer sizes differ by at most one.
fn layers(stages: usize) -> Vec<Vec<String>> {
    let rest = stages - 1;
    (0..LAYERS)
        .map(|l| {
            let start = l * rest / LAYERS;
            let end = (l + 1) * rest / LAYERS;
            (start..end).map(|i| format!("s{}", i + 1)).collect()
        })
        .collect()
}

/// A valid synthetic exercise of `stages` stages (at least `LAYERS + 1`).
pub fn synth(stages: usize) -> String {
    let stages = stages.max(LAYERS + 1);
    let layers = layers(stages);
    let mut out = String::with_capacity(stages * 1400);
    let first_width = layers[0].len();
    let _ = write!(
        out,
        r#"Exercise(id: "synth-{stages}", title: "Synthetic exercise, {stages} stages", context: "Benchmark", summary: "Generated.",
setting: Setting(intro: ["Generated for benchmarks."]),
roles: [
 Role(id: "origin", kind: Origin, name: "O", public_brief: ["p"], private_brief: ["q"]),
 Role(id: "transit", kind: Transit, name: "T", public_brief: ["p"], private_brief: ["q"]),
 Role(id: "destination", kind: Destination, name: "D", public_brief: ["p"], private_brief: ["q"]),
],
indicators: [
 Indicator(id: "arrivals", label: "Arrivals", ledger: Control, min: 0, max: 100000, start: 0),
 Indicator(id: "lives", label: "Lives lost", ledger: Protection, min: 0, max: 10000, start: 0),
 Indicator(id: "needs", label: "Needs unmet", ledger: Protection, min: 0, max: 1000, start: 50, visibility: Hidden),
 Indicator(id: "confidence", label: "Confidence", ledger: Public, min: 0, max: 100, start: 50),
 Indicator(id: "cost", label: "Cost", ledger: Resources, scope: PerRole, min: 0, max: 10000, start: 0),
 Indicator(id: "route", label: "Route", ledger: Control, min: 0, max: {max_route}, start: 0),
],
start: "s0",
stages: [
"#,
        max_route = first_width - 1
    );
    // The start stage draws a route into the first layer.
    stage(&mut out, "s0", 0, first_width - 1);
    let _ = write!(out, " transitions: [");
    for (j, id) in layers[0].iter().enumerate().skip(1) {
        let _ = write!(
            out,
            "Transition(to: \"{id}\", when: Indicator(id: \"route\", is: Equal, value: {j})), "
        );
    }
    let _ = writeln!(out, "Transition(to: \"{}\")]),", layers[0][0]);
    for (l, layer) in layers.iter().enumerate() {
        for (j, id) in layer.iter().enumerate() {
            let n: usize = id[1..].parse().unwrap_or(0);
            stage(&mut out, id, n, 0);
            let _ = write!(out, " transitions: [");
            match layers.get(l + 1) {
                Some(next) => {
                    let w = next.len();
                    let _ = write!(
                        out,
                        "Transition(to: \"{}\", when: Flag(\"f{}\")), Transition(to: \"{}\", when: Indicator(id: \"confidence\", is: AtLeast, value: 60)), Transition(to: \"{}\", when: Indicator(id: \"lives\", is: AtLeast, value: {})), Transition(to: \"{}\")]),",
                        next[(j * 7 + 1) % w],
                        n % 8,
                        next[(j * 3 + 2) % w],
                        next[(j * 5 + 3) % w],
                        8 + n % 10,
                        next[j % w],
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        "Transition(to: \"end-calm\", when: Indicator(id: \"confidence\", is: AtLeast, value: 55)), Transition(to: \"end-loss\", when: Indicator(id: \"lives\", is: AtLeast, value: 14)), Transition(to: \"end-flag\", when: Flag(\"f{}\")), Transition(to: \"end-strain\")]),",
                        n % 8
                    );
                }
            }
            out.push('\n');
        }
    }
    out.push_str("],\ninjects: [\n");
    for n in 0..stages {
        let _ = writeln!(
            out,
            " Inject(id: \"e{n}\", title: \"E\", text: \"-\", trigger: Random(percent: {}, stage: \"s{n}\", cooldown: 1), effects: [Add(id: \"confidence\", by: {})]),",
            10 + n % 40,
            (n % 11) as i64 - 5
        );
    }
    out.push_str(
        r#"],
endings: [
 Ending(id: "end-calm", title: "Calm", narrative: ["n"], when: Indicator(id: "confidence", is: AtLeast, value: 55)),
 Ending(id: "end-loss", title: "Loss", narrative: ["n"], when: Indicator(id: "lives", is: AtLeast, value: 14)),
 Ending(id: "end-flag", title: "Flagged", narrative: ["n"]),
 Ending(id: "end-strain", title: "Strain", narrative: ["n"]),
],
debrief: Debrief(questions: GuidingQuestions(objectives: "a", tools: "b", cooperation: "c", communication: "d")),
)
"#,
    );
    out
}

/// A stage's id, situation and three decisions (the transitions follow).
fn stage(out: &mut String, id: &str, n: usize, route_max: usize) {
    let _ = write!(
        out,
        "Stage(id: \"{id}\", title: \"S{n}\", situation: [\"-\"], decisions: ["
    );
    let roles = ["origin", "transit", "destination"];
    for k in 0..2 {
        let r = (n + k) % 3;
        let role = roles[r];
        let route = if n == 0 && k == 0 {
            format!(", AddRandom(id: \"route\", min: 0, max: {route_max})")
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "Decision(id: \"{id}-{r}\", role: \"{role}\", prompt: \"?\", options: [\
(id: \"a\", label: \"C\", tags: [Control], effects: [Add(id: \"arrivals\", by: {a}){route}]), \
(id: \"b\", label: \"P\", tags: [Protection], effects: [Add(id: \"needs\", by: -2)]), \
(id: \"c\", label: \"K\", tags: [Cooperation], when: Indicator(id: \"confidence\", is: AtLeast, value: 45), effects: [SetFlag(\"f{f}\")]), \
(id: \"d\", label: \"W\", tags: [Communication], when: Not(Flag(\"f{g}\")), effects: [AddRandom(id: \"lives\", min: 0, max: 4)])]), ",
            a = 1 + n % 9,
            f = (n + r) % 8,
            g = (n + r + 3) % 8,
        );
    }
    out.push_str("],");
}
