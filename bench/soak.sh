#!/usr/bin/env bash
# soak.sh: runs `sluice run` inline for a bounded time under mixed traffic and checks that every
# queued packet got a verdict and that the heap stays flat.
#
#   bench/soak.sh [--minutes N] [--rules FILE]...
#
# Uses the same namespaces and addresses as ../shared/bench/inline-bench.sh (ipsb-c 10.77.0.1,
# ipsb-s 10.77.0.2, veth ipsb0/ipsb1); TCP to and from the server's ports 5201 and 8080, both
# directions as for a host IPS, goes through NFQUEUE 0 with --queue-bypass. Traffic, repeated until the time is up: iperf3 bulk (4 streams),
# iperf3 small writes (4 streams, 100 bytes, TCP_NODELAY), and bursts of 200 short HTTP-like
# connections of which every tenth carries an attack a shipped drop rule blocks.
# Every minute the engine's live heap is sampled after a full GC (jcmd). At the end, with the
# traffic stopped, the kernel's counters for queue 0 (/proc/net/netfilter/nfnetlink_queue) are
# compared with the engine's final stats line. Exit 0 when they agree, nothing is left waiting
# and the live heap at the end is within 25% (+16 MiB) of the first sample after warm-up.
# Needs root, iproute2, iptables, iperf3, python3, a JDK (jcmd), and a built engine (bin/sluice).
set -euo pipefail
MINUTES=10
RULES=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --rules) RULES+=("$2"); shift 2 ;;
    *) echo "usage: $0 [--minutes N] [--rules FILE]..." >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "soak: needs root (network namespaces, iptables)" >&2; exit 2; }
for c in ip iptables iperf3 python3 jcmd; do
  command -v "$c" >/dev/null || { echo "soak: $c not found" >&2; exit 2; }
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
[[ -f "$ROOT/engine/target/sluice.jar" ]] || { echo "soak: build first (mvn -q -B -DskipTests package)" >&2; exit 2; }
WORK="$(mktemp -d)"
C=ipsb-c; S=ipsb-s
engine=""
cleanup() {
  [[ -n "$engine" ]] && kill -9 "$engine" 2>/dev/null
  ip netns pids $S 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip netns pids $C 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip netns del $C 2>/dev/null || true
  ip netns del $S 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
ip netns del $C 2>/dev/null || true; ip netns del $S 2>/dev/null || true
ip netns add $C; ip netns add $S
ip link add ipsb0 netns $C type veth peer name ipsb1 netns $S
ip -n $C addr add 10.77.0.1/24 dev ipsb0; ip -n $C link set ipsb0 up; ip -n $C link set lo up
ip -n $S addr add 10.77.0.2/24 dev ipsb1; ip -n $S link set ipsb1 up; ip -n $S link set lo up
ip netns exec $S iperf3 -s -B 10.77.0.2 -p 5201 -D
cat > "$WORK/server.py" <<'PY'
import socket, threading
def handle(c):
    try:
        c.settimeout(5)
        if c.recv(4096):
            c.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
    except Exception:
        pass
    finally:
        c.close()
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.77.0.2", 8080)); s.listen(256)
while True:
    c, _ = s.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
PY
cat > "$WORK/burst.py" <<'PY'
import socket, sys
ok = blocked = 0
for i in range(200):
    attack = i % 10 == 9
    req = b"GET /x/../../etc/passwd HTTP/1.0\r\n\r\n" if attack else b"GET /index.html HTTP/1.0\r\n\r\n"
    try:
        s = socket.create_connection(("10.77.0.2", 8080), timeout=2)
        s.settimeout(0.5 if attack else 2)
        s.sendall(req)
        got = s.recv(100)
        s.close()
        ok += bool(got)
    except OSError:
        blocked += 1
print(ok, blocked)
PY
ip netns exec $S python3 "$WORK/server.py" &
printf '%s\n' 'drop tcp any any -> any 8080 (msg:"soak passwd"; flow:established,to_server; content:"etc/passwd"; sid:9000001; rev:1;)' > "$WORK/soak.rules"
args=(-S "$WORK/soak.rules")
for r in "${RULES[@]}"; do args+=(-S "$r"); done
ip netns exec $S iptables -I INPUT -p tcp -m multiport --dports 5201,8080 -j NFQUEUE --queue-num 0 --queue-bypass
ip netns exec $S iptables -I OUTPUT -p tcp -m multiport --sports 5201,8080 -j NFQUEUE --queue-num 0 --queue-bypass
ip netns exec $S java -Xss4m -XX:+UseParallelGC -Xmx512m -jar "$ROOT/engine/target/sluice.jar" \
  run -q 0 "${args[@]}" -l "$WORK/logs" --stats-interval 60 2>"$WORK/engine.err" &
engine=$!
for _ in $(seq 1 600); do
  grep -q "inline on queue" "$WORK/engine.err" 2>/dev/null && break
  kill -0 "$engine" 2>/dev/null || { cat "$WORK/engine.err" >&2; exit 1; }
  sleep 0.1
done
grep "rules active" "$WORK/engine.err"

live_heap() { # bytes in use after a full GC
  jcmd "$engine" GC.run >/dev/null
  # Young and old generation lines: "<name> total NK, used MK [...]".
  jcmd "$engine" GC.heap_info | awk '/(Gen|Old|Young) +total/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?$/,"",v); s+=v*1024}} END {print s+0}'
}

end=$(( $(date +%s) + MINUTES * 60 ))
next_sample=$(( $(date +%s) + 60 ))
heap=()
rounds=0; ok=0; blocked=0
while (( $(date +%s) < end )); do
  left=$(( end - $(date +%s) )); (( left < 3 )) && break
  t=$(( left < 20 ? left : 20 ))
  case $(( rounds % 3 )) in
    0) ip netns exec $C iperf3 -c 10.77.0.2 -p 5201 -t "$t" -P 4 >/dev/null ;;
    1) ip netns exec $C iperf3 -c 10.77.0.2 -p 5201 -t "$t" -P 4 -l 100 -N >/dev/null ;;
    2) read -r o b < <(timeout 120 ip netns exec $C python3 "$WORK/burst.py"); ok=$((ok + o)); blocked=$((blocked + b)) ;;
  esac
  rounds=$((rounds + 1))
  if (( $(date +%s) >= next_sample )); then
    h=$(live_heap); heap+=("$h"); next_sample=$(( $(date +%s) + 60 ))
    echo "soak: $(date -u +%H:%M:%S) round $rounds, live heap $((h / 1048576)) MiB"
  fi
done
sleep 2
h=$(live_heap); heap+=("$h")
# shellcheck disable=SC2016  # $1 is awk's field, not a shell variable
kernel=$(ip netns exec $S awk '$1 == "0"' /proc/net/netfilter/nfnetlink_queue)
kill -TERM "$engine"; wait "$engine" || true; engine=""
stats=$(grep "stats q0:" "$WORK/engine.err" | tail -1)
echo "kernel queue 0: $kernel"
echo "engine: $stats"
echo "bursts: $ok answered, $blocked blocked (every tenth request is an attack)"
python3 - "$kernel" "$stats" "${heap[@]}" <<'PY'
import re, sys
k = sys.argv[1].split()
waiting, qdrop, udrop, seq = int(k[2]), int(k[5]), int(k[6]), int(k[7])
m = re.search(r"(\d+) packets, (\d+) accepted, (\d+) dropped", sys.argv[2])
pk, acc, drp = map(int, m.groups())
heap = [int(h) for h in sys.argv[3:]]
base = heap[1] if len(heap) > 2 else heap[0]
print("packets: kernel queued %d, engine saw %d (accepted %d + dropped %d), waiting %d, kernel drops %d+%d"
      % (seq, pk, acc, drp, waiting, qdrop, udrop))
print("live heap MiB by minute: " + " ".join("%.1f" % (h / 1048576) for h in heap))
good = seq == pk == acc + drp and waiting == 0 and qdrop == 0 and udrop == 0
flat = heap[-1] <= base * 1.25 + 16 * 1048576
print("verdicts: %s; heap: %s" % ("every packet got one" if good else "MISMATCH", "flat" if flat else "GROWING"))
sys.exit(0 if good and flat else 1)
PY
