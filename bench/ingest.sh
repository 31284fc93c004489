#!/usr/bin/env bash
# Ingest benchmark: wall time and peak memory of `letterpress ingest` on a
# generated tweet dump (default 1 M items, about 3 M lines, 0.9 GB).
#
#   bash bench/ingest.sh [ITEMS] [DIR]
#
# The dump is generated once per size with ../shared/bench/gen_corpus.py and
# reused; the file is read once beforehand so it is in the page cache.
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-1000000}
dir=${2:-/tmp/letterpress-bench-$items}
gen=../shared/bench/gen_corpus.py
if [ ! -s "$dir/tweets.txt" ]; then
  python3 "$gen" --items "$items" --out "$dir"
fi
cargo build --release --quiet
cat "$dir/tweets.txt" > /dev/null
echo "dump: $dir/tweets.txt ($(du -h "$dir/tweets.txt" | cut -f1), $(wc -l < "$dir/tweets.txt") lines)"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
    ./target/release/letterpress ingest "$dir/tweets.txt" > /dev/null
done
./target/release/letterpress ingest "$dir/tweets.txt" | tail -1
