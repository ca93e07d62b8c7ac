#!/usr/bin/env bash
# Generates the synthetic perf catalogues of the matching benchmark outside the repository:
# services-10k.jsonl, services-100k.jsonl (the 10k file is a prefix of the 100k one) and
# needs-1k.jsonl, into $OTOP_BENCH_DIR (default /var/tmp/otop-bench). Existing files are kept.
#
# usage: scripts/bench/gen_data.sh
# needs: python3 with pythainlp (pip install pythainlp) and the generators in
#        $OTOP_BENCH_PERF (default /work/shared/bench/perf).
set -euo pipefail

DIR=${OTOP_BENCH_DIR:-/var/tmp/otop-bench}
PERF=${OTOP_BENCH_PERF:-/work/shared/bench/perf}

if [ ! -f "$PERF/gen_services.py" ]; then
    echo "gen_services.py not found in $PERF — set OTOP_BENCH_PERF to the perf benchmark folder" >&2
    exit 2
fi
python3 -c 'import pythainlp' 2>/dev/null || {
    echo "pythainlp is not installed: pip install pythainlp" >&2
    exit 2
}
mkdir -p "$DIR"
cd "$PERF"
[ -s "$DIR/services-100k.jsonl" ] || python3 gen_services.py 100000 --out "$DIR/services-100k.jsonl"
[ -s "$DIR/services-10k.jsonl" ] || python3 gen_services.py 10000 --out "$DIR/services-10k.jsonl"
[ -s "$DIR/needs-1k.jsonl" ] || python3 gen_needs.py --out "$DIR/needs-1k.jsonl"
# gen_needs.py adds "from" (the development need each need was made from); the need reader
# refuses unknown fields, so the CLI reads a copy without it.
python3 - "$DIR/needs-1k.jsonl" "$DIR/needs-1k.cli.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in f:
        if line.strip():
            o = json.loads(line)
            o.pop("from", None)
            out.write(json.dumps(o, ensure_ascii=False) + "\n")
PY
wc -l "$DIR"/services-10k.jsonl "$DIR"/services-100k.jsonl "$DIR"/needs-1k.jsonl "$DIR"/needs-1k.cli.jsonl
