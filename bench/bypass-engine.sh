#!/bin/sh
# bypass-engine.sh: the engine command that ../shared/bench/inline-bench.sh runs for "stream.bypass
# with the capture bypass mark". In the bench's server namespace, before its NFQUEUE rule (filter
# INPUT, dport 5201), it puts the rules sluice-iptables up --bypass-mark puts in Sluice's own chain:
# a connection whose conntrack mark has the bits is accepted; a packet the engine gave back marked
# (a repeat verdict) has the bits saved to its connection, then is accepted. Then it runs
#   sluice run -q 0 --set stream.bypass=yes --bypass-mark 0x2/0x2 "$@"
# Detection: each TCP connection is inspected up to stream.reassembly.depth (1 MB by default) in
# the direction that reaches it first, then not at all, both directions; its packets stop being
# queued once the connection's mark is saved.
#   inline-bench.sh -- bench/bypass-engine.sh -S rules...
set -eu
mark=0x2
iptables -w -I INPUT 1 -m mark --mark "$mark/$mark" -j ACCEPT
iptables -w -I INPUT 1 -m mark --mark "$mark/$mark" -j CONNMARK --save-mark --nfmask "$mark" --ctmask "$mark"
iptables -w -I INPUT 1 -m connmark --mark "$mark/$mark" -j ACCEPT
exec "$(dirname "$0")/../bin/sluice" run -q 0 --set stream.bypass=yes --bypass-mark "$mark/$mark" "$@"
