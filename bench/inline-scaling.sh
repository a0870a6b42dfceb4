#!/usr/bin/env bash
# inline-scaling.sh: inline throughput of sluice run with one queue and with several, side by side.
#
#   bench/inline-scaling.sh [--seconds N] [--parallel P] [--queues "1 2"] [--rounds R] -- SLUICE RUN ARGS...
#
# Two network namespaces, slsc-c and slsc-s (10.79.0.2), joined by a veth pair. In the server
# namespace every TCP packet to ports 5201.. (P iperf3 servers) goes to NFQUEUE: --queue-num 0 for
# one queue, --queue-balance 0:Q-1 for Q queues, always with --queue-bypass. The kernel picks the
# queue of a balanced rule from a hash of the two IP addresses only (not the ports), so streams
# between one pair of addresses (iperf3 -P) would all meet in one queue: the P streams come from P
# client addresses (10.79.0.11, .12, ...), one iperf3 client each, run at the same time. For each Q
# of --queues, bin/sluice run -q 0 (or -q 0:Q-1) plus the given arguments is started in the server
# namespace, and once every queue is bound the P streams are measured, client to server:
#   bulk  : large writes (Gbit/s, all streams summed)
#   small : 100-byte writes with TCP_NODELAY (Mbit/s, summed)
# After each run the engine's per-queue stats lines show how the streams were spread.
# The rounds alternate the queue counts (R rounds, default 2) after one measurement with no queue.
# Lines: "none ...", "q=Q round=i bulk_gbps=... small_mbps=...", and at the end, per Q, the median
# over the rounds relative to the first Q: "q=Q/q=1 bulk=R small=R".
# Needs root, iproute2, iptables, iperf3, python3 and a build (bin/sluice).
set -euo pipefail
SECS=5
PAR=4
QUEUES="1 2"
ROUNDS=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) SECS="$2"; shift 2 ;;
    --parallel) PAR="$2"; shift 2 ;;
    --queues) QUEUES="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--seconds N] [--parallel P] [--queues \"1 2\"] [--rounds R] -- SLUICE RUN ARGS..." >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "inline-scaling: needs root (network namespaces, iptables)" >&2; exit 2; }
for tool in iperf3 iptables python3 ip; do
  command -v "$tool" >/dev/null || { echo "inline-scaling: $tool not found" >&2; exit 2; }
done
SLUICE="$(cd "$(dirname "$0")/.." && pwd)/bin/sluice"
C=slsc-c
S=slsc-s
engine=""
stop_engine() { # TERM, then KILL after 15 s
  [[ -n "$engine" ]] || return 0
  kill "$engine" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$engine" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$engine" 2>/dev/null || true
  wait "$engine" 2>/dev/null || true
  engine=""
}
cleanup() {
  stop_engine
  ip netns pids $S 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del $C 2>/dev/null || true
  ip netns del $S 2>/dev/null || true
}
trap cleanup EXIT
ip netns del $C 2>/dev/null || true
ip netns del $S 2>/dev/null || true
ip netns add $C
ip netns add $S
ip link add slsc0 netns $C type veth peer name slsc1 netns $S
ip -n $C link set slsc0 up; ip -n $C link set lo up
for i in $(seq 1 "$PAR"); do ip -n $C addr add "10.79.0.$((10 + i))/24" dev slsc0; done
ip -n $S addr add 10.79.0.2/24 dev slsc1; ip -n $S link set slsc1 up; ip -n $S link set lo up
for i in $(seq 1 "$PAR"); do ip netns exec $S iperf3 -s -B 10.79.0.2 -p "$((5200 + i))" -D; done
WORK="$(mktemp -d)"
trap 'cleanup; rm -rf "$WORK"' EXIT

streams() { # $1: scale (1e9 or 1e6), then iperf3 options; prints the sum over the P clients
  local scale="$1" i
  shift
  for i in $(seq 1 "$PAR"); do
    ip netns exec $C iperf3 -c 10.79.0.2 -B "10.79.0.$((10 + i))" -p "$((5200 + i))" -t "$SECS" -J "$@" >"$WORK/c$i.json" &
  done
  wait
  python3 - "$scale" "$WORK"/c*.json <<'PY'
import json, sys
scale = float(sys.argv[1])
print("%.3f" % (sum(json.load(open(f))["end"]["sum_received"]["bits_per_second"] for f in sys.argv[2:]) / scale))
PY
}
measure() { # $1 label
  local bulk small
  bulk=$(streams 1e9)
  small=$(streams 1e6 -l 100 -N)
  echo "$1 bulk_gbps=$bulk small_mbps=$small"
}
queue_rule() { # $1: number of queues; replaces the queue rule
  ip netns exec $S iptables -F INPUT
  if [[ "$1" -eq 1 ]]; then
    ip netns exec $S iptables -A INPUT -p tcp --dport "5201:$((5200 + PAR))" -j NFQUEUE --queue-num 0 --queue-bypass
  else
    ip netns exec $S iptables -A INPUT -p tcp --dport "5201:$((5200 + PAR))" -j NFQUEUE --queue-balance "0:$(($1 - 1))" --queue-bypass
  fi
}
wait_bound() { # $1: number of queues, all bound inside $S
  for _ in $(seq 1 900); do
    # shellcheck disable=SC2016 # an awk program
    if ip netns exec $S awk -v n="$1" '$1 < n {b++} END {exit !(b == n)}' /proc/net/netfilter/nfnetlink_queue 2>/dev/null; then
      return 0
    fi
    kill -0 "$engine" 2>/dev/null || { echo "inline-scaling: engine exited before binding" >&2; return 1; }
    sleep 0.1
  done
  echo "inline-scaling: queues not bound after 90 s" >&2
  return 1
}

measure none
results=()
for round in $(seq 1 "$ROUNDS"); do
  for q in $QUEUES; do
    queue_rule "$q"
    if [[ "$q" -eq 1 ]]; then qs=0; else qs="0:$((q - 1))"; fi
    ip netns exec $S "$SLUICE" run -q "$qs" "$@" 2>"$WORK/engine.err" & engine=$!
    wait_bound "$q" || { cat "$WORK/engine.err" >&2; exit 1; }
    line=$(measure "q=$q round=$round")
    echo "$line"
    results+=("$line")
    stop_engine
    grep -E "^sluice: stats q[0-9]+:" "$WORK/engine.err" | tail -n "$q" | sed -e 's/, [0-9]* rejects sent//' -e 's/^/  /' || true
  done
done
python3 - "${results[@]}" <<'PY'
import statistics, sys
by = {}
for line in sys.argv[1:]:
    f = line.split()
    q = f[0]
    v = {k: float(x) for k, x in (p.split("=") for p in f[2:])}
    by.setdefault(q, []).append(v)
qs = list(by)
med = {q: {k: statistics.median(r[k] for r in by[q]) for k in ("bulk_gbps", "small_mbps")} for q in qs}
for q in qs[1:]:
    print("%s/%s bulk=%.2f small=%.2f" % (q, qs[0], med[q]["bulk_gbps"] / med[qs[0]]["bulk_gbps"],
                                         med[q]["small_mbps"] / med[qs[0]]["small_mbps"]))
PY
