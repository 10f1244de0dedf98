#!/usr/bin/env bash
# Check-in POST over HTTP with durable writes (SQLite, WAL, synchronous=FULL).
#
#   docs/bench/checkin.sh DATA WHO
#     DATA  empty    the store from `seed.sh empty` (accounts and tokens, no history)
#           million  the store from `seed.sh million` (1,038,004 stored responses)
#           window   the store from `seed.sh window` (130,004: the same 26-week window per person)
#           demo     the store from `seed.sh demo` (the demo organisation; people share with
#                    their teams, so each check-in also updates its team's weekly figures)
#     WHO   many     each request is the next person of tokens-DATA.txt in turn
#           long     every request is the one person with 50,000 stored check-ins
#                    (long-token-million.txt; DATA=million only)
#
# For each of RUNS (3) runs: restore the seeded snapshot, start `anneal serve`, wait for the
# machine to be quiet, then
#   - VmRSS of the idle server,
#   - wrk, 16 connections, DURATION (20 s): throughput, and VmRSS half-way and VmHWM after,
#   - wrk, 2 connections, DURATION: latency p50 / p99,
# and print one line per run and the medians. Every request must answer 201; any other status
# or socket error fails the run.

source "$(dirname "$0")/lib.sh"
need wrk curl

DATA="${1:-empty}"
WHO="${2:-many}"
RUNS="${RUNS:-3}"
DURATION="${DURATION:-20s}"
case "$WHO" in
many) TOKENS_FILE="$BENCH_DIR/tokens-$DATA.txt" ;;
long) TOKENS_FILE="$BENCH_DIR/long-token-$DATA.txt" ;;
*) die "usage: checkin.sh empty|million|window|demo many|long" ;;
esac
SEED="$BENCH_DIR/seed-$DATA.db"
[ -f "$SEED" ] || die "$SEED is missing; run docs/bench/seed.sh $DATA first"
[ -f "$TOKENS_FILE" ] || die "$TOKENS_FILE is missing; run docs/bench/seed.sh $DATA first"
DB="$BENCH_DIR/anneal.db"

check_clean() {
    local line="$1"
    if [ "$(field non2xx "$line")" != 0 ] || [ "$(field errors "$line")" != 0 ]; then
        die "a request failed: $line (see $BENCH_DIR/serve.log)"
    fi
}

declare -a RPS P50 P99 IDLE LOADED HWM
echo "# check-in POST, data=$DATA who=$WHO, $RUNS runs of $DURATION each, binary $ANNEAL_BIN"
for run in $(seq 1 "$RUNS"); do
    rm -f "$DB" "$DB-wal" "$DB-shm"
    cp "$SEED" "$DB"
    start_server "sqlite://$DB"
    wait_quiet
    idle=$(status_kb VmRSS)

    # Throughput at 16 connections; sample the resident set half-way through.
    sample="$BENCH_DIR/rss-under-load"
    (sleep "$(( ${DURATION%s} / 2 ))" && status_kb VmRSS >"$sample") &
    sampler=$!
    t=$(run_wrk 16 "$DURATION" "$TOKENS_FILE")
    wait "$sampler"
    check_clean "$t"
    loaded=$(cat "$sample")
    hwm=$(status_kb VmHWM)

    # Latency at 2 connections.
    l=$(run_wrk 2 "$DURATION" "$TOKENS_FILE")
    check_clean "$l"
    stop_server

    RPS+=("$(field rps "$t")")
    P50+=("$(field p50_ms "$l")")
    P99+=("$(field p99_ms "$l")")
    IDLE+=("$idle")
    LOADED+=("$loaded")
    HWM+=("$hwm")
    echo "run $run: 16c ${RPS[-1]}/s (p99 $(field p99_ms "$t") ms) | 2c p50 ${P50[-1]} ms p99 ${P99[-1]} ms" \
        "($(field rps "$l")/s) | RSS idle ${idle} kB, under load ${loaded} kB, peak ${hwm} kB"
done

echo "median: throughput 16c $(median "${RPS[@]}")/s | latency 2c p50 $(median "${P50[@]}") ms," \
    "p99 $(median "${P99[@]}") ms | RSS idle $(median "${IDLE[@]}") kB," \
    "under load $(median "${LOADED[@]}") kB, peak $(median "${HWM[@]}") kB"
