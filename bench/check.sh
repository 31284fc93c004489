#!/usr/bin/env bash
# Link-check benchmark (issue 20): an issue with 200 distinct links, each
# answered by a local server after 50 ms (tests/http/link_server.py's
# /slow/N), checked by `letterpress check`, beside the same 200 URLs fetched
# one after another by curl (what a naive checker does).
#
#   bash bench/check.sh [LINKS]
set -euo pipefail
cd "$(dirname "$0")/.."
links=${1:-200}
cargo build --release --quiet
bin=$PWD/target/release/letterpress
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
python3 tests/http/link_server.py $port > "$work/server.log" &
server=$!
trap 'kill $server 2> /dev/null || true; rm -rf "$work"' EXIT
sleep 0.5
mkdir -p "$work/content"
{
  printf -- '---\ntitle: Two hundred links\npublished: 2026-11-24\n---\n\n'
  printf 'Every link below is a page the checker must fetch, because a reader may click any of them and a dead one costs trust in every issue that follows it.\n\n'
  for i in $(seq 1 "$links"); do printf -- '- [page %d](http://127.0.0.1:%d/slow/%d)\n' "$i" "$port" "$i"; done
} > "$work/content/links.md"
cd "$work"
"$bin" --quiet build > /dev/null
issue=$(ls -d issues/*/ | head -1)
for run in 1 2 3; do
  rm -rf .letterpress-cache
  /usr/bin/time -f "letterpress check, run $run: wall %e s, user %U s, sys %S s" \
    "$bin" check --json "$issue" > check.jsonl || true
done
echo "checked: $(grep -c '/slow/' check.jsonl) URLs, $(grep '/slow/' check.jsonl | grep -c '"ok":true') ok; other findings: $(grep -v '/slow/' check.jsonl | grep -c '"ok":false') (the offline rules on a project without settings)"
start=$(date +%s.%N)
for i in $(seq 1 "$links"); do curl -s -o /dev/null -I "http://127.0.0.1:$port/slow/$i"; done
echo "curl one at a time: wall $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s"
start=$(date +%s.%N)
"$bin" check --json "$issue" > /dev/null || true
echo "letterpress check again (results cached): wall $(echo "$(date +%s.%N) - $start" | bc | sed 's/^\./0./' | cut -c1-5) s"
