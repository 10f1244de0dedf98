#!/usr/bin/env bash
# Builds a benchmark database and bearer tokens for the people in it.
#
#   docs/bench/seed.sh empty    the owner (through the API, as a person would), 19,001 more
#                               accounts and 4 template check-ins; no other stored responses
#   docs/bench/seed.sh million  the same plus 1,038,000 stored check-ins:
#                               19,000 people × 52 weekly check-ins (988,000 rows) and one
#                               person with a long history: 50,000 check-ins, one every 4 hours
#                               (about 23 years, so 1,092 of them in the last 26 weeks)
#   docs/bench/seed.sh window   5,000 people × 26 weekly check-ins (130,004 rows): everyone has
#                               a full 26-week window but the store is small, to compare with
#                               million (the same window per person, eight times the rows)
#   docs/bench/seed.sh demo     `anneal demo --people 1000 --weeks 52`: the synthetic
#                               organisation (units, leaders, sharing members, released weeks)
#   docs/bench/seed.sh org      `anneal demo --people ORG_PEOPLE --weeks 52` (10,000 people by
#                               default), for the leader summaries; no tokens (leaders log in)
#
# Writes $BENCH_DIR/seed-<mode>.db (a snapshot the other scripts copy before each run) and
# $BENCH_DIR/tokens-<mode>.txt, one bearer token per line: the first TOKENS (5,000) of the many
# for empty, million and window, every demo person for demo. For million also
# $BENCH_DIR/long-token-million.txt, the token of the person with the long history.
#
# The million rows are copies of four real check-ins stored through the API (so every row is one
# the server itself wrote and reads back), spread over people and weeks by SQL.

source "$(dirname "$0")/lib.sh"
need curl sqlite3 sha256sum

MODE="${1:-empty}"
case "$MODE" in
empty | million | demo | org) defaults=(19000 52 50000) ;;
window) defaults=(5000 26 0) ;;
*) die "usage: seed.sh empty|million|window|demo|org" ;;
esac
PEOPLE="${PEOPLE:-${defaults[0]}}"
WEEKS="${WEEKS:-${defaults[1]}}"
LONG_ROWS="${LONG_ROWS:-${defaults[2]}}"
TOKENS="${TOKENS:-5000}"

DB="$BENCH_DIR/seed-$MODE.db"
rm -f "$DB" "$DB-wal" "$DB-shm"

# A token is "anneal_" and 43 characters; the store keeps the SHA-256 of its text.
token_of() { printf 'anneal_bench%038d' "$1"; }

# Gives each account id on stdin a token: stored hashed, and written to file $1.
add_tokens() {
    local ids
    ids=$(cat)
    {
        echo "BEGIN;"
        for id in $ids; do
            hash=$(token_of "$id" | sha256sum | cut -d' ' -f1)
            echo "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($id, 'bench', X'$hash', 0);"
        done
        echo "COMMIT;"
    } | sqlite3 "$DB"
    for id in $ids; do token_of "$id"; echo; done >"$1"
}

finish() {
    sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    echo "seeded $DB: $(sqlite3 "$DB" 'SELECT COUNT(*) FROM users') accounts," \
        "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM responses') responses," \
        "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM api_tokens') tokens," \
        "$(du -h "$DB" | cut -f1)"
}

if [ "$MODE" = org ]; then
    [ -x "$ANNEAL_BIN" ] || die "$ANNEAL_BIN is missing; run cargo build --release first"
    "$ANNEAL_BIN" --db "sqlite://$DB" demo --people "${ORG_PEOPLE:-10000}" --weeks 52 | sed -n 1p
    finish
    exit 0
fi

if [ "$MODE" = demo ]; then
    [ -x "$ANNEAL_BIN" ] || die "$ANNEAL_BIN is missing; run cargo build --release first"
    "$ANNEAL_BIN" --db "sqlite://$DB" demo --people 1000 --weeks 52 | sed -n 1p
    # Every demo person (not the admin or the leader accounts, which have passwords).
    sqlite3 "$DB" "SELECT id FROM users WHERE password_hash IS NULL ORDER BY id" |
        add_tokens "$BENCH_DIR/tokens-demo.txt"
    finish
    exit 0
fi

# 1. The owner and four template check-ins, through the API.
start_server "sqlite://$DB"
curl -fsS -X POST -H 'content-type: application/json' \
    -d '{"username":"owner","password":"bench-password-123"}' "$BENCH_URL/api/v1/setup" >/dev/null
OWNER_TOKEN=$(curl -fsS -X POST -H 'content-type: application/json' \
    -d '{"username":"owner","password":"bench-password-123"}' "$BENCH_URL/api/v1/auth/token" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$OWNER_TOKEN" ] || die "no token for the owner"
for answers in \
    '"energy":3,"load":4,"stress":3,"meaning":3,"growth":3,"skills":3,"connection":3' \
    '"energy":2,"load":6,"stress":4,"meaning":3,"growth":2,"skills":3,"connection":3' \
    '"energy":3,"load":2,"stress":2,"meaning":2,"growth":1,"skills":2,"connection":2' \
    '"energy":4,"load":4,"stress":2,"meaning":4,"growth":4,"skills":4,"connection":4'; do
    curl -fsS -o /dev/null -X POST -H 'content-type: application/json' \
        -H "authorization: Bearer $OWNER_TOKEN" -d "{\"answers\":{$answers}}" \
        "$BENCH_URL/api/v1/checkins"
done
stop_server

# 2. People (accounts without a password: they use tokens only) and, for a million, history.
NOW_MS="CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
sqlite3 "$DB" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $PEOPLE + 1)
INSERT INTO users (username, password_hash, created_at)
SELECT 'person' || i, NULL, $NOW_MS FROM n;
COMMIT;
SQL
# person1 .. person$PEOPLE are the many; person$((PEOPLE + 1)) is the one with a long history.
FIRST_ID=$(sqlite3 "$DB" "SELECT id FROM users WHERE username = 'person1'")
LONG_ID=$(sqlite3 "$DB" "SELECT id FROM users WHERE username = 'person$((PEOPLE + 1))'")

LONG_SQL=""
if [ "$LONG_ROWS" -gt 0 ]; then
    LONG_SQL="
-- The long history: a check-in every 4 hours, newest 4 hours ago.
WITH RECURSIVE h(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM h WHERE k < $LONG_ROWS)
INSERT INTO responses (user_id, kind, instrument, instrument_version, taken_at, answers, stuck,
                       note, burnout, rustout, balance, zone, score)
SELECT $LONG_ID, t.kind, t.instrument, t.instrument_version, $NOW_MS - k * 14400000,
       t.answers, t.stuck, t.note, t.burnout, t.rustout, t.balance, t.zone, t.score
FROM h JOIN responses t ON t.id = 1 + k % 4;"
fi

if [ "$MODE" = million ] || [ "$MODE" = window ]; then
    sqlite3 "$DB" <<SQL
PRAGMA synchronous = OFF;
BEGIN;
-- One check-in a week for the last $WEEKS weeks, for each of the many.
WITH RECURSIVE
  p(u) AS (SELECT $FIRST_ID UNION ALL SELECT u + 1 FROM p WHERE u < $FIRST_ID + $PEOPLE - 1),
  w(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM w WHERE k < $WEEKS)
INSERT INTO responses (user_id, kind, instrument, instrument_version, taken_at, answers, stuck,
                       note, burnout, rustout, balance, zone, score)
SELECT p.u, t.kind, t.instrument, t.instrument_version,
       $NOW_MS - k * 604800000 - (p.u % 1440) * 60000,
       t.answers, t.stuck, t.note, t.burnout, t.rustout, t.balance, t.zone, t.score
FROM p, w JOIN responses t ON t.id = 1 + (p.u + k) % 4;
$LONG_SQL
COMMIT;
ANALYZE;
SQL
fi

# 3. API tokens for the first TOKENS of the many, and for the person with the long history.
seq "$FIRST_ID" $((FIRST_ID + TOKENS - 1)) | add_tokens "$BENCH_DIR/tokens-$MODE.txt"
echo "$LONG_ID" | add_tokens "$BENCH_DIR/long-token-$MODE.txt"
finish
