#!/usr/bin/env bash
# Scoring one Spectrum check (budget ≤ 1 µs): the criterion bench in crates/core/benches/scoring.rs,
# RUNS (3) times, each after waiting for a quiet machine. Prints criterion's estimate (the middle of
# its confidence interval) for every run and the median of those, for scoring and for the two
# steps around it: reading the answers from JSON, and parsing the instrument file (once a process).

source "$(dirname "$0")/lib.sh"

RUNS="${RUNS:-3}"
cd "$BENCH_ROOT"
cargo bench -p anneal-core --bench scoring --no-run >/dev/null 2>&1 ||
    die "the bench does not build: cargo bench -p anneal-core --bench scoring --no-run"

# criterion prints "score spectrum  time: [1.2 µs 1.3 µs 1.4 µs]"; the estimate, in ns.
estimate_ns() {
    awk -v name="$1" '
        index($0, name) == 1 { found = 1 }
        found && /time:/ {
            sub(/.*time: *\[/, ""); split($0, f, " ")
            v = f[3]; u = f[4]
            if (u == "ps") v /= 1000; else if (u == "µs" || u == "us") v *= 1000; else if (u == "ms") v *= 1e6
            print v; exit
        }'
}

declare -a SCORE PARSE TOML
for run in $(seq 1 "$RUNS"); do
    wait_quiet
    out=$(cargo bench -p anneal-core --bench scoring 2>/dev/null)
    SCORE+=("$(printf '%s\n' "$out" | estimate_ns "score spectrum")")
    PARSE+=("$(printf '%s\n' "$out" | estimate_ns "answers_from_json spectrum")")
    TOML+=("$(printf '%s\n' "$out" | estimate_ns "parse spectrum.toml")")
    echo "run $run: score spectrum ${SCORE[-1]} ns, answers_from_json spectrum ${PARSE[-1]} ns," \
        "parse spectrum.toml ${TOML[-1]} ns"
done
echo "median: score spectrum $(median "${SCORE[@]}") ns," \
    "answers_from_json spectrum $(median "${PARSE[@]}") ns," \
    "parse spectrum.toml $(median "${TOML[@]}") ns"
