#!/usr/bin/env bash
# The quick start from an empty folder with three posts of our own
# (tests/data/quickstart/), to a test email received by Postfix's smtp-sink
# and the site's page of the issue; prints a transcript with exit codes and
# the time of each step (issue 21's evidence; docs/quickstart.md quotes it).
#
#   bash bench/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/letterpress
posts=$PWD/tests/data/quickstart
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
trap 'kill $(jobs -p) 2> /dev/null || true; rm -rf "$work"' EXIT
cd "$work"
mkdir mail
(cd mail && /usr/sbin/smtp-sink -u "$(id -un)" -d "%M%d%H%M%S." 127.0.0.1:$port 64) &
step() { # shows a command, runs it, shows its exit code and time
  local shown="" arg
  for arg in "$@"; do
    case $arg in *[\ \<\>]*) shown="$shown \"$arg\"" ;; *) shown="$shown $arg" ;; esac
  done
  echo "\$${shown}"
  local start=$(date +%s.%N) code=0
  "$@" 2>&1 || code=$?
  echo "[exit $code, $(echo "$(date +%s.%N) - $start" | bc | sed 's/^\./0./' | cut -c1-4) s]"
}
letterpress() { "$bin" "$@"; }
total_start=$(date +%s.%N)
step letterpress init my-news --name "My News" --from "Me <me@example.com>" --url https://example.com/news/
cd my-news
echo "\$ cp ../posts/*.md content/"; cp "$posts"/*.md content/
step ls content
step letterpress build
step ls issues/2026-W49
step letterpress send issues/2026-W49 --test you@example.com --smtp smtp://127.0.0.1:$port
sleep 0.5
echo "\$ ls ../mail; grep -m3 -E '^(From|To|Subject):' ../mail/*"
ls ../mail | sed 's/^/  /'
grep -h -m3 -E '^(From|To|Subject):' ../mail/* | sed 's/^/  /'
step letterpress site --all
echo "\$ grep -o '<title>[^<]*' site/issues/2026-W49/index.html"
grep -o '<title>[^<]*' site/issues/2026-W49/index.html | sed 's/<title>/  /'
echo "total: $(echo "$(date +%s.%N) - $total_start" | bc | sed 's/^\./0./' | cut -c1-4) s"
