#!/usr/bin/env bash
# inline-inspected.sh: inline throughput of sluice run next to the C accept-all baseline, with the share
# of the queued packets each consumer really saw.
#
#   bench/inline-inspected.sh [--seconds N] [--rounds R] [--baseline FILE.c] -- SLUICE RUN ARGS...
#
# Why: a queue created with fail-open (the baseline's and Sluice's) lets the kernel accept a packet
# uninspected when the consumer's netlink socket buffer is full, and the kernel counts that nowhere
# (/proc/net/netfilter/nfnetlink_queue shows no drop). A consumer that keeps a small buffer therefore
# moves more bytes by inspecting fewer packets. This script counts, per measurement, the packets that
# met the NFQUEUE rule (its iptables counter, zeroed once the queue is bound) and the packets the
# consumer handled (its own count at exit), so the throughputs can be read with their coverage.
#
# Two network namespaces, slin-c (10.78.0.1) and slin-s (10.78.0.2), joined by a veth pair; TCP to the
# iperf3 server on port 5201 in slin-s goes to NFQUEUE 0 with --queue-bypass. Consumers, each started
# afresh for every measurement and alternated over R rounds (default 2):
#   baseline     nfq-baseline.c (default ../shared/bench/nfq-baseline.c) as it is: its socket gets the
#                namespace's default receive buffer (net.core.rmem_default, 208 KiB on Debian)
#   baseline-16m the same binary, its socket opened while net.core.rmem_default is raised to 16 MiB, the
#                buffer sluice run's socket has (it asks for 8 MiB, which the kernel doubles); the host's
#                value is put back once the queue is bound, and on exit
#   sluice       bin/sluice run -q 0 plus the given arguments
# Measurements: bulk (one stream, large writes, Gbit/s) and small (one stream, 100-byte writes,
# TCP_NODELAY, Mbit/s). Lines: one per measurement, then per consumer the medians, then
# "sluice/baseline ..." and "sluice/baseline-16m ..." throughput ratios.
# Needs root, iproute2, iptables, iperf3, gcc, libnetfilter-queue-dev, python3 and a build (bin/sluice).
set -euo pipefail
shopt -s inherit_errexit
SECS=5
ROUNDS=2
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASELINE_C="$ROOT/../shared/bench/nfq-baseline.c"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) SECS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --baseline) BASELINE_C="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--seconds N] [--rounds R] [--baseline FILE.c] -- SLUICE RUN ARGS..." >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "inline-inspected: needs root (network namespaces, iptables)" >&2; exit 2; }
for tool in iperf3 iptables python3 ip gcc; do
  command -v "$tool" >/dev/null || { echo "inline-inspected: $tool not found" >&2; exit 2; }
done
[[ -f "$BASELINE_C" ]] || { echo "inline-inspected: $BASELINE_C not found (--baseline FILE.c)" >&2; exit 2; }
SLUICE="$ROOT/bin/sluice"
# The kernel's default socket receive buffer, raised to 16 MiB only while baseline-16m opens its socket
# (the namespace reads this value and may not write it) and put back at once and on exit.
RMEM=/proc/sys/net/core/rmem_default
BIG_RMEM=16777216
default_rmem=$(cat $RMEM)
if [[ "$default_rmem" -eq "$BIG_RMEM" ]]; then
  echo "inline-inspected: net.core.rmem_default is $BIG_RMEM, left by a run that was killed; putting back 212992" >&2
  default_rmem=212992
fi
C=slin-c
S=slin-s
WORK="$(mktemp -d)"
consumer=""
stop_consumer() { # TERM, then KILL after 15 s
  [[ -n "$consumer" ]] || return 0
  kill "$consumer" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$consumer" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$consumer" 2>/dev/null || true
  wait "$consumer" 2>/dev/null || true
  consumer=""
}
cleanup() {
  echo "$default_rmem" >$RMEM
  stop_consumer
  ip netns pids $C 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns pids $S 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del $C 2>/dev/null || true
  ip netns del $S 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
gcc -O2 -o "$WORK/nfq-baseline" "$BASELINE_C" -lnetfilter_queue
ip netns del $C 2>/dev/null || true
ip netns del $S 2>/dev/null || true
ip netns add $C
ip netns add $S
ip link add slin0 netns $C type veth peer name slin1 netns $S
ip -n $C addr add 10.78.0.1/24 dev slin0; ip -n $C link set slin0 up; ip -n $C link set lo up
ip -n $S addr add 10.78.0.2/24 dev slin1; ip -n $S link set slin1 up; ip -n $S link set lo up
ip netns exec $S iperf3 -s -B 10.78.0.2 -p 5201 -D
ip netns exec $S iptables -A INPUT -p tcp --dport 5201 -j NFQUEUE --queue-num 0 --queue-bypass
consumers="baseline baseline-16m sluice"

wait_bound() {
  for _ in $(seq 1 900); do
    # shellcheck disable=SC2016 # an awk program
    if ip netns exec $S awk '$1 == 0 {found=1} END {exit !found}' /proc/net/netfilter/nfnetlink_queue 2>/dev/null; then
      return 0
    fi
    kill -0 "$consumer" 2>/dev/null || { echo "inline-inspected: consumer exited before binding" >&2; return 1; }
    sleep 0.1
  done
  echo "inline-inspected: queue 0 not bound after 90 s" >&2
  return 1
}
start_consumer() { # $1: consumer name, then sluice args
  local name="$1"
  shift
  case "$name" in
    baseline) ip netns exec $S "$WORK/nfq-baseline" 0 2>"$WORK/consumer.err" & consumer=$! ;;
    baseline-16m) echo "$BIG_RMEM" >$RMEM
              [[ $(<$RMEM) -eq "$BIG_RMEM" ]] || { echo "inline-inspected: could not raise $RMEM" >&2; exit 1; }
              ip netns exec $S "$WORK/nfq-baseline" 0 2>"$WORK/consumer.err" & consumer=$!
              wait_bound
              echo "$default_rmem" >$RMEM ;;
    sluice)   ip netns exec $S "$SLUICE" run -q 0 "$@" 2>"$WORK/consumer.err" & consumer=$! ;;
  esac
  wait_bound
}
handled() { # packets the stopped consumer says it handled
  sed -n -e 's/^nfq-baseline: \([0-9]*\) packets$/\1/p' -e 's/^sluice: stats q0: \([0-9]*\) packets,.*/\1/p' \
    "$WORK/consumer.err" | tail -n 1
}
measure() { # $1 consumer, $2 bulk|small, then sluice args; sets $line
  local name="$1" mode="$2" rate offered seen opts=() scale=1e9
  shift 2
  [[ "$mode" == small ]] && { opts=(-l 100 -N); scale=1e6; }
  start_consumer "$name" "$@"
  ip netns exec $S iptables -Z INPUT
  rate=$(ip netns exec $C iperf3 -c 10.78.0.2 -p 5201 -t "$SECS" -J "${opts[@]}" |
    python3 -c "import json,sys; print('%.3f' % (json.load(sys.stdin)['end']['sum_received']['bits_per_second']/$scale))")
  offered=$(ip netns exec $S iptables -L INPUT -v -x -n | awk '/NFQUEUE/ {print $1; exit}')
  stop_consumer
  seen=$(handled)
  [[ -n "$seen" ]] || { echo "inline-inspected: $name printed no packet count:" >&2; cat "$WORK/consumer.err" >&2; exit 1; }
  [[ -n "$rate" && -n "$offered" ]] || { echo "inline-inspected: no rate or rule count for $name $mode" >&2; exit 1; }
  line="$name $mode rate=$rate offered=$offered handled=$seen"
}

results=()
for round in $(seq 1 "$ROUNDS"); do
  for mode in bulk small; do
    for name in $consumers; do
      measure "$name" "$mode" "$@"
      echo "round=$round $line"
      results+=("$line")
    done
  done
done
python3 - "${results[@]}" <<'PY'
import statistics, sys
rows = {}
for line in sys.argv[1:]:
    f = line.split()
    v = {k: float(x) for k, x in (p.split("=") for p in f[2:])}
    rows.setdefault((f[0], f[1]), []).append(v)
units = {"bulk": "Gbit/s", "small": "Mbit/s"}
med = {}
for (name, mode), rs in rows.items():
    rate = statistics.median(r["rate"] for r in rs)
    share = statistics.median(100.0 * r["handled"] / r["offered"] if r["offered"] else 100.0 for r in rs)
    med[(name, mode)] = rate
    print("%-11s %-5s %8.3f %s  handled %.1f%% of the queued packets (median of %d)" % (name, mode, rate, units[mode], share, len(rs)))
for base in ("baseline", "baseline-16m"):
    if (base, "bulk") in med:
        print("sluice/%s bulk=%.2f small=%.2f" % (base, med[("sluice", "bulk")] / med[(base, "bulk")],
                                                  med[("sluice", "small")] / med[(base, "small")]))
PY
