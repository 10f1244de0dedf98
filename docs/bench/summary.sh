#!/usr/bin/env bash
# Leader summaries over HTTP (budgets: one unit p95 ≤ 5 ms; the whole organisation ≤ 100 ms), on
# the store from `seed.sh org` (the demo organisation, 10,000 people × 52 weeks by default).
#
# For each of RUNS (3) runs: restore the snapshot, start `anneal serve`, log in as the demo leader
# and the demo admin through POST /api/v1/auth/token, ask each summary once (the first request
# after a week ends also freezes that week), then, each after waiting for a quiet machine, `wrk`
# at CONNECTIONS (1: one leader's requests one after another) for DURATION (10 s) on
# GET /api/v1/units/{id}/summary:
#   unit-8w   the demo leader's department, the default 8 weeks
#   unit-52w  the same department, 52 weeks
#   org-52w   the whole organisation (the root unit, as the admin), 52 weeks
# and print p50 / p95 / p99 per run and the medians. Every request must answer 200.

source "$(dirname "$0")/lib.sh"
need wrk curl sqlite3

RUNS="${RUNS:-3}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-1}"
SEED="$BENCH_DIR/seed-org.db"
[ -f "$SEED" ] || die "$SEED is missing; run docs/bench/seed.sh org first"
DB="$BENCH_DIR/anneal.db"
SUMMARY_LUA="$BENCH_ROOT/docs/bench/summary.lua"

login() {
    curl -fsS -X POST -H 'content-type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$BENCH_URL/api/v1/auth/token" |
        sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

LEADER_UNIT=$(sqlite3 "$SEED" "SELECT l.unit_id FROM unit_leaders l JOIN users u ON u.id = l.user_id \
    WHERE u.username = 'demo-leader' ORDER BY l.unit_id LIMIT 1")
ROOT_UNIT=$(sqlite3 "$SEED" "SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")
FROM=$(date -u -d '52 weeks ago' +%F)
[ -n "$LEADER_UNIT" ] && [ -n "$ROOT_UNIT" ] || die "no demo leader or root unit in $SEED"

declare -A P50 P95 P99
echo "# leader summaries, $RUNS runs of $DURATION at $CONNECTIONS connection(s), binary $ANNEAL_BIN"
echo "# leader's unit $LEADER_UNIT, root unit $ROOT_UNIT, 52 weeks from $FROM"
for run in $(seq 1 "$RUNS"); do
    rm -f "$DB" "$DB-wal" "$DB-shm"
    cp "$SEED" "$DB"
    start_server "sqlite://$DB"
    leader=$(login demo-leader demo-leader-password)
    admin=$(login demo-admin demo-admin-password)
    [ -n "$leader" ] && [ -n "$admin" ] || die "could not log in the demo leader and admin"
    declare -A TOKEN=([unit-8w]="$leader" [unit-52w]="$leader" [org-52w]="$admin")
    declare -A PATHS=(
        [unit-8w]="/api/v1/units/$LEADER_UNIT/summary"
        [unit-52w]="/api/v1/units/$LEADER_UNIT/summary?from=$FROM"
        [org-52w]="/api/v1/units/$ROOT_UNIT/summary?from=$FROM"
    )
    for what in unit-8w unit-52w org-52w; do
        curl -fsS -o /dev/null -H "authorization: Bearer ${TOKEN[$what]}" "$BENCH_URL${PATHS[$what]}" ||
            die "GET ${PATHS[$what]} failed"
    done
    line="run $run:"
    for what in unit-8w unit-52w org-52w; do
        wait_quiet
        r=$(ANNEAL_TOKEN="${TOKEN[$what]}" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s "$SUMMARY_LUA" \
            "$BENCH_URL${PATHS[$what]}" | grep '^RESULT')
        if [ "$(field non2xx "$r")" != 0 ] || [ "$(field errors "$r")" != 0 ]; then
            die "a request failed: $r"
        fi
        P50[$what]+=" $(field p50_ms "$r")"
        P95[$what]+=" $(field p95_ms "$r")"
        P99[$what]+=" $(field p99_ms "$r")"
        line+=" $what p50 $(field p50_ms "$r") p95 $(field p95_ms "$r") p99 $(field p99_ms "$r") ms ($(field rps "$r")/s) |"
    done
    stop_server
    echo "$line"
done
for what in unit-8w unit-52w org-52w; do
    # shellcheck disable=SC2086 # the lists are space-separated numbers
    echo "median $what: p50 $(median ${P50[$what]}) ms, p95 $(median ${P95[$what]}) ms," \
        "p99 $(median ${P99[$what]}) ms"
done
