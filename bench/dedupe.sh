#!/usr/bin/env bash
# Dedupe benchmark: letterpress (ingest + dedupe) on 100 k and 1 M item dumps,
# pairwise precision/recall against the generator's truth, and the same
# dedupe with Python's datasketch on the 100 k dump.
#
#   bash bench/dedupe.sh [--no-1m] [--no-datasketch]
#
# Dumps come from ../shared/bench/gen_corpus.py and are kept in
# /tmp/letterpress-bench-<items>; datasketch is installed with pip into a
# virtual environment under /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=(100000 1000000)
datasketch=1
for arg in "$@"; do
  case $arg in
    --no-1m) sizes=(100000) ;;
    --no-datasketch) datasketch=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
cargo build --release --quiet
bin=./target/release/letterpress
for items in "${sizes[@]}"; do
  dir=/tmp/letterpress-bench-$items
  [ -s "$dir/tweets.txt" ] || python3 ../shared/bench/gen_corpus.py --items "$items" --out "$dir"
  cat "$dir/tweets.txt" > /dev/null
  echo "== $items items ($(du -h "$dir/tweets.txt" | cut -f1))"
  /usr/bin/time -f "letterpress ingest+dedupe: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
    $bin --quiet dedupe "$dir/tweets.txt" --report "$dir/report.csv"
  python3 bench/pair_scores.py "$dir/report.csv" "$dir/truth.csv"
done
if [ "$datasketch" = 1 ]; then
  dir=/tmp/letterpress-bench-100000
  venv=/tmp/letterpress-bench-venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet datasketch
  $bin ingest --json "$dir/tweets.txt" > "$dir/items.jsonl"
  echo "== datasketch MinHashLSH on the same 100 k items (64 permutations, 3-word shingles, threshold 0.5)"
  "$venv/bin/python" bench/datasketch_dedupe.py "$dir/items.jsonl" "$dir/datasketch.csv" 64 0.5
  python3 bench/pair_scores.py "$dir/datasketch.csv" "$dir/truth.csv"
  /usr/bin/time -f "letterpress dedupe alone is in the time above; ingest alone: wall %e s" \
    $bin --quiet ingest "$dir/tweets.txt"
fi
