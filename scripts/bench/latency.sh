#!/usr/bin/env bash
# Per-need latency percentiles (p50/p95/p99, each `rank` call timed alone, top 10 with reasons)
# of the 1,000 generated needs against the 100,000 generated services, through the release
# binary's `otop-upgrade match --stats`. Criterion (crates/matching/benches/matcher.rs) reports
# means; this reports the distribution.
#
# usage: scripts/bench/latency.sh [SERVICES.jsonl] [NEEDS.jsonl] [RUNS]
#   defaults: $OTOP_BENCH_DIR/services-100k.jsonl, $OTOP_BENCH_DIR/needs-1k.cli.jsonl, 1 run
#   OTOP_BENCH_DIR defaults to /var/tmp/otop-bench; the data is made by scripts/bench/gen_data.sh
#   (run here if missing). CARGO_TARGET_DIR defaults to /var/tmp/otop-upgrade-target.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${OTOP_BENCH_DIR:-/var/tmp/otop-bench}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/otop-upgrade-target}
SERVICES=${1:-$DIR/services-100k.jsonl}
NEEDS=${2:-$DIR/needs-1k.cli.jsonl}
RUNS=${3:-1}

if [ ! -s "$SERVICES" ] || [ ! -s "$NEEDS" ]; then
    "$ROOT/scripts/bench/gen_data.sh"
fi
(cd "$ROOT" && cargo build --release --bin otop-upgrade)
BIN="$CARGO_TARGET_DIR/release/otop-upgrade"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "services: $SERVICES"
echo "needs:    $NEEDS"
for run in $(seq 1 "$RUNS"); do
    echo "--- run $run; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    "$BIN" --data-dir "$SCRATCH/data" match --services "$SERVICES" --needs "$NEEDS" --top 10 \
        --out "$SCRATCH/results.jsonl" --stats 2>&1 | grep -v '^จัดอันดับ'
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
