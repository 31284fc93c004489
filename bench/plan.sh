#!/usr/bin/env bash
# Plan benchmark: ingest + dedupe + plan of a generated dump (default 1 M
# items), issue files written to a scratch folder.
#
#   bash bench/plan.sh [ITEMS]
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-1000000}
dir=/tmp/letterpress-bench-$items
[ -s "$dir/tweets.txt" ] || python3 ../shared/bench/gen_corpus.py --items "$items" --out "$dir"
cargo build --release --quiet
cat "$dir/tweets.txt" > /dev/null
bin=$PWD/target/release/letterpress
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for run in 1 2 3; do
  rm -rf issues
  /usr/bin/time -f "run $run: ingest+dedupe+plan wall %e s, user %U s, sys %S s, peak RSS %M KB" \
    "$bin" --quiet plan "$dir/tweets.txt" --out issues --report plan.csv
done
echo "issues written: $(ls issues | wc -l); report rows: $(($(wc -l < plan.csv) - 1))"
