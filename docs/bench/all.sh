#!/usr/bin/env bash
# Every figure of docs/benchmarks.md, in order, from a release build of this checkout.
# Takes about an hour on two cores. Needs wrk, sqlite3 and curl (apt-get install -y wrk sqlite3 curl).
#
#   cargo build --release && docs/bench/all.sh 2>&1 | tee /tmp/bench/all.log

source "$(dirname "$0")/lib.sh"
need wrk sqlite3 curl sha256sum
here="$(dirname "$0")"

bash "$here/machine.sh"
bash "$here/scoring.sh"
bash "$here/raw-sqlite.sh"
for data in empty window million demo org; do
    bash "$here/seed.sh" "$data"
done
bash "$here/checkin.sh" empty many
bash "$here/checkin.sh" window many
bash "$here/checkin.sh" million many
bash "$here/checkin.sh" million long
bash "$here/checkin.sh" demo many
bash "$here/summary.sh"
bash "$here/startup.sh"
