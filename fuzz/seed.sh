#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with seed inputs from the repository: the shipped exercises,
# the test fixtures, scripts, and saves written by `crossings run --save`. Run from the
# repository root or from fuzz/; needs the debug binary (`cargo build`).
set -euo pipefail
cd "$(dirname "$0")"
root=..
corpus=corpus
mkdir -p "$corpus"/{exercise_bytes,exercise_mutation,script,save,actions}

cp "$root"/exercises/*.ron "$root"/tests/fixtures/valid/*.ron "$root"/tests/fixtures/invalid/*.ron \
    "$corpus/exercise_bytes/"
cp "$root"/tests/fixtures/scripts/*.ron "$root"/docs/examples/*.ron "$corpus/script/"
cp "$root"/tests/fixtures/saves/*.ron "$corpus/save/"

# The structure-aware and engine targets read bytes as choices: a few of each length.
for i in $(seq 0 15); do
    head -c $((16 + i * 32)) /dev/urandom > "$corpus/exercise_mutation/random-$i"
    head -c $((64 + i * 64)) /dev/urandom > "$corpus/actions/random-$i"
done

# Saves: every shipped exercise by id, and a path-based one (whose source is embedded).
bin="$root/target/debug/crossings"
[ -x "$bin" ] || (cd "$root" && cargo build --quiet)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
for id in $("$bin" list | cut -d: -f1); do
    CROSSINGS_HOME="$home" "$bin" run "$id" --seed 1 --save "$corpus/save/$id.save.ron" > /dev/null
done
CROSSINGS_HOME="$home" "$bin" run "$root/tests/fixtures/valid/harbour.ron" --seed 2 \
    --script "$root/tests/fixtures/scripts/harbour.ron" --save "$corpus/save/harbour-path.save.ron" > /dev/null
echo "seeded: $(find "$corpus" -type f | wc -l) files in fuzz/$corpus"
