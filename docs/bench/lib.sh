# Shared helpers for the benchmark scripts in docs/bench/. Sourced, not run.
#
# Environment (all optional):
#   ANNEAL_BIN     the binary to measure (default: target/release/anneal of this checkout)
#   BENCH_DIR      scratch directory for databases and logs (default: /tmp/bench)
#   BENCH_PORT     port the server listens on (default: 7979)
#   BENCH_QUIET    wait until the 1-minute load average is below this before each run (default: 0.5)
#   BENCH_QUIET_MAX  give up waiting for quiet after this many seconds and run anyway (default: 600)

set -euo pipefail

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ANNEAL_BIN="${ANNEAL_BIN:-$BENCH_ROOT/target/release/anneal}"
BENCH_DIR="${BENCH_DIR:-/tmp/bench}"
BENCH_PORT="${BENCH_PORT:-7979}"
BENCH_QUIET="${BENCH_QUIET:-0.5}"
BENCH_QUIET_MAX="${BENCH_QUIET_MAX:-600}"
BENCH_URL="http://127.0.0.1:$BENCH_PORT"
BENCH_LUA="$BENCH_ROOT/docs/bench/checkin.lua"
SERVER_PID=""

mkdir -p "$BENCH_DIR"

die() {
    echo "bench: $*" >&2
    exit 1
}

need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install -y $tool)"
    done
}

# The 1-minute load average.
load1() {
    cut -d' ' -f1 /proc/loadavg
}

# Waits until the machine is quiet (load average below BENCH_QUIET), at most BENCH_QUIET_MAX
# seconds, then prints the load it starts at, so every figure says how quiet the machine was.
wait_quiet() {
    local waited=0
    while awk -v l="$(load1)" -v q="$BENCH_QUIET" 'BEGIN { exit !(l >= q) }'; do
        if [ "$waited" -ge "$BENCH_QUIET_MAX" ]; then
            echo "# still busy after ${waited}s (load $(load1)); measuring anyway" >&2
            break
        fi
        sleep 5
        waited=$((waited + 5))
    done
    echo "# load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
}

# The median of the numbers given as arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) exit 1
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Starts `anneal serve` on the database URL $1, waits until /healthz answers, sets SERVER_PID.
start_server() {
    local db="$1"
    [ -x "$ANNEAL_BIN" ] || die "$ANNEAL_BIN is missing; run cargo build --release first"
    "$ANNEAL_BIN" --db "$db" serve --bind "127.0.0.1:$BENCH_PORT" >"$BENCH_DIR/serve.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 500); do
        if curl -fsS -o /dev/null "$BENCH_URL/healthz" 2>/dev/null; then
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited: $(cat "$BENCH_DIR/serve.log")"
        sleep 0.02
    done
    die "the server did not answer /healthz within 10 s"
}

# Stops the server started by start_server (by its pid only) and waits for it to exit.
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -INT "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT

# A field (kB) of /proc/PID/status, e.g. `status_kb VmRSS`.
status_kb() {
    awk -v f="$1:" '$1 == f { print $2 }' "/proc/$SERVER_PID/status"
}

# Runs wrk against POST /api/v1/checkins: $1 connections, $2 duration, tokens from file $3.
# Prints the RESULT line of docs/bench/checkin.lua.
run_wrk() {
    local connections="$1" duration="$2" tokens="$3"
    ANNEAL_TOKENS_FILE="$tokens" wrk -t1 -c"$connections" -d"$duration" --latency \
        -s "$BENCH_LUA" "$BENCH_URL/api/v1/checkins" | grep '^RESULT'
}

# The value of key $1 in a RESULT line $2 (`rps=123.4 p99_ms=…`).
field() {
    printf '%s\n' "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'
}
