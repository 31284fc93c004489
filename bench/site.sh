#!/usr/bin/env bash
# Site benchmark (issue 19): `letterpress site --all` on the bundled seeds'
# issues and on a newsletter of WEEKS weekly issues (default 1,000) made
# from generated Markdown posts (bench/site_corpus.py). Only the site step is
# timed; the issues are planned and rendered first.
#
#   bash bench/site.sh [WEEKS]
set -euo pipefail
cd "$(dirname "$0")/.."
weeks=${1:-1000}
cargo build --release --quiet
bin=$PWD/target/release/letterpress
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
time_site() { # LABEL DIR
  for run in 1 2 3; do
    rm -rf "$work/out"
    (cd "$2" && /usr/bin/time -f "$1, run $run: site --all wall %e s, user %U s, sys %S s, peak RSS %M KB" \
      "$bin" --quiet site --all --out "$work/out")
  done
  (cd "$2" && /usr/bin/time -f "$1, again over the same site (nothing changed): wall %e s" \
    "$bin" --quiet site --all --out "$work/out")
  echo "$1: $(find "$work/out" -type f | wc -l) files, $(du -sh "$work/out" | cut -f1)"
}
"$bin" --quiet build > /dev/null
time_site "seeds ($(ls issues | wc -l) issues)" "$PWD"
project=$work/project
mkdir -p "$project"
python3 bench/site_corpus.py "$weeks" "$project/content"
printf 'content: [content]\nnewsletter:\n  name: Bench\n  url: https://bench.example.com/\n' \
  > "$project/letterpress.yaml"
(cd "$project" && "$bin" --quiet plan > /dev/null && "$bin" --quiet render > /dev/null)
time_site "generated ($(ls "$project/issues" | wc -l) issues)" "$project"
