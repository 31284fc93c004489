#!/usr/bin/env bash
# Send benchmark: N personalised recipients (default 100,000) to a local
# smtp-sink that only counts, beside Python's smtplib sending the same
# messages and Postfix's smtp-source (the practical ceiling); then, where the
# kernel allows netem, the same with 50 ms of round trip added on loopback.
#
#   bash bench/send.sh [RECIPIENTS]        (LATENCY=0 skips the latency runs)
#
# Needs postfix (smtp-sink, smtp-source), /usr/bin/time and, for the latency
# runs, root and the sch_netem module.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
cargo build --release --quiet
bin=$PWD/target/release/letterpress
bench=$PWD/bench
work=$(mktemp -d)
sink_pid=""
proxy_pid=""
netem=""
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null || true
  [ -n "$netem" ] && tc qdisc del dev lo root 2> /dev/null || true
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -r seeds letterpress.yaml "$work/"
cd "$work"
"$bin" --quiet build > /dev/null
issue=issues/2023-W16
python3 - "$n" > list.csv <<'PY'
import sys
print("email,name,city")
for i in range(int(sys.argv[1])):
    print(f"reader{i}@example.com,Reader {i},City {i % 97}")
PY
export LETTERPRESS_UNSUBSCRIBE_SECRET=bench-secret
"$bin" --quiet send "$issue" --test reader@example.com
template=$(ls outbox/*/*.eml | head -1)
size=$(wc -c < "$template")
echo "message size: $size bytes; recipients: $n"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
user=(); [ "$(id -u)" = 0 ] && user=(-u nobody)
/usr/sbin/smtp-sink "${user[@]}" "127.0.0.1:$port" 1000 &
sink_pid=$!
sleep 0.3
echo "== $n recipients, loopback"
timed() { # label, count, command…
  local label=$1 count=$2; shift 2
  /usr/bin/time -f "%e %M" -o time.txt "$@" > /dev/null
  read -r wall kb < time.txt
  python3 -c "import sys; n,w,kb=int(sys.argv[1]),float(sys.argv[2]),int(sys.argv[3]); print(f'{sys.argv[4]:<40} {w:8.2f} s {n/w:9.0f} msg/s  peak {kb/1024:6.1f} MB')" "$count" "$wall" "$kb" "$label"
}
send_with() { # connections, list, count
  printf 'send:\n  connections: %s\n' "$1" > letterpress.yaml
  rm -f "$issue/sent.jsonl"
  timed "letterpress, $1 connections" "$3" "$bin" --quiet send "$issue" --list "$2" --smtp "smtp://127.0.0.1:$port"
}
send_with 8 list.csv "$n"
timed "python smtplib, 8 connections" "$n" python3 "$bench/smtplib_send.py" "$template" list.csv 127.0.0.1 "$port" 8
timed "postfix smtp-source, 8 connections" "$n" /usr/sbin/smtp-source -s 8 -m "$n" -l "$size" -f newsletter@example.com -t reader@example.com "127.0.0.1:$port"

[ "${LATENCY:-1}" = 1 ] || exit 0
small=2000
head -n $((small + 1)) list.csv > small.csv
if tc qdisc add dev lo root netem delay 25ms 2> /dev/null; then
  netem=1
  echo "== $small recipients, 50 ms round trip added by netem on loopback"
  target=$port
else
  # No netem in this kernel: a user-space proxy adds the 25 ms each way.
  target=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 "$bench/latency_proxy.py" "$target" "$port" 25 > proxy.out 2> /dev/null &
  proxy_pid=$!
  until grep -q ready proxy.out 2> /dev/null; do sleep 0.1; done
  echo "== $small recipients, 50 ms round trip added by a delaying proxy (no netem here)"
fi
# One connection pays four round trips a message: 100 recipients show it.
head -n 101 list.csv > tiny.csv
for c in 1 8 32 64; do
  printf 'send:\n  connections: %s\n' "$c" > letterpress.yaml
  rm -f "$issue/sent.jsonl"
  list=small.csv count=$small
  [ "$c" = 1 ] && list=tiny.csv count=100
  timed "letterpress, $c connections" "$count" "$bin" --quiet send "$issue" --list "$list" --smtp "smtp://127.0.0.1:$target"
done
timed "python smtplib, 8 connections" "$small" python3 "$bench/smtplib_send.py" "$template" small.csv 127.0.0.1 "$target" 8
timed "postfix smtp-source, 8 connections" "$small" /usr/sbin/smtp-source -s 8 -m "$small" -l "$size" -f newsletter@example.com -t reader@example.com "127.0.0.1:$target"
