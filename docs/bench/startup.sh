#!/usr/bin/env bash
# Start-up time to serving (budget ≤ 100 ms): from starting `anneal serve` to the first 200 from
# GET /healthz, RUNS (10) times for each of three stores, and the median of each:
#   new      a database file that does not exist yet (created, all migrations run)
#   empty    the store from `seed.sh empty` (19,002 accounts)
#   million  the store from `seed.sh million` (1,038,004 responses, 1.1 GB)
# Polls with bash's /dev/tcp every 2 ms, so no process is started while the clock runs.
# Also prints VmRSS of the idle server just after start (the idle memory budget, ≤ 30 MB).

source "$(dirname "$0")/lib.sh"

RUNS="${RUNS:-10}"
# A file descriptor that never has anything to read: `read -t` on it is a sleep without a fork.
exec {NEVER}<> <(:)

# Milliseconds from start to the first 200 from /healthz, into ELAPSED_MS; sets SERVER_PID.
# (Not run in $(…): the server must stay a child of this shell.)
time_to_serving() {
    local db="$1" started status conn
    started=$EPOCHREALTIME
    "$ANNEAL_BIN" --db "$db" serve --bind "127.0.0.1:$BENCH_PORT" >"$BENCH_DIR/serve.log" 2>&1 &
    SERVER_PID=$!
    while :; do
        if { exec {conn}<>"/dev/tcp/127.0.0.1/$BENCH_PORT"; } 2>/dev/null; then
            printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&"$conn"
            IFS= read -r status <&"$conn" || status=""
            exec {conn}>&-
            if [[ "$status" == *" 200 "* ]]; then
                break
            fi
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited: $(cat "$BENCH_DIR/serve.log")"
        read -r -t 0.002 -u "$NEVER" || true
    done
    ELAPSED_MS=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
}

for data in new empty million; do
    declare -a MS=() RSS=()
    for _ in $(seq 1 "$RUNS"); do
        db="$BENCH_DIR/startup.db"
        rm -f "$db" "$db-wal" "$db-shm"
        if [ "$data" != new ]; then
            [ -f "$BENCH_DIR/seed-$data.db" ] || die "run docs/bench/seed.sh $data first"
            cp "$BENCH_DIR/seed-$data.db" "$db"
        fi
        wait_quiet 2>/dev/null
        time_to_serving "sqlite://$db"
        MS+=("$ELAPSED_MS")
        sleep 1
        RSS+=("$(status_kb VmRSS)")
        stop_server
    done
    echo "$data: start-up to serving ${MS[*]} ms; median $(median "${MS[@]}") ms |" \
        "idle VmRSS median $(median "${RSS[@]}") kB"
done
