#!/usr/bin/env bash
# For context, not a budget line: how many durable commits a second SQLite itself makes on this
# disk (WAL, synchronous=FULL, one 1 kB row per transaction, as a check-in is), with the sqlite3
# shell. This is the floor under the check-in figure: no server can commit faster than this.

source "$(dirname "$0")/lib.sh"
need sqlite3

ROWS="${ROWS:-20000}"
RUNS="${RUNS:-3}"
DB="$BENCH_DIR/raw.db"

declare -a RATE
for run in $(seq 1 "$RUNS"); do
    rm -f "$DB" "$DB-wal" "$DB-shm"
    sqlite3 "$DB" "PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);" >/dev/null
    sql="$BENCH_DIR/raw.sql"
    {
        echo "PRAGMA synchronous = FULL;"
        for _ in $(seq 1 "$ROWS"); do
            echo "BEGIN; INSERT INTO t (v) VALUES (printf('%.1000c', 'x')); COMMIT;"
        done
    } >"$sql"
    wait_quiet
    started=$EPOCHREALTIME
    sqlite3 "$DB" <"$sql"
    RATE+=("$(awk -v n="$ROWS" -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", n / (b - a) }')")
    echo "run $run: ${RATE[-1]} durable commits/s"
done
echo "median: $(median "${RATE[@]}") durable commits/s"
