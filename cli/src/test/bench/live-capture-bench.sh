#!/usr/bin/env bash
# Live capture on lo (issue 4, item 8): the agent captures while tcpreplay sends PACKETS packets of FILE at PPS
# packets/s on lo; a broker process (BrokerMain) takes the summaries. Reports tcpreplay's achieved rate, the
# agent's libpcap/interface/agent drop counters from /metrics, and its peak RSS (VmHWM from /proc).
# Usage: [PCAP_BLAST=path/to/pcap-blast] live-capture-bench.sh FILE PPS PACKETS CLASSPATH
# (pcap-blast: gcc -O2 -o pcap-blast cli/src/test/bench/pcap-blast.c)
set -euo pipefail
FILE=$1; PPS=$2; PACKETS=$3; CP=$4
JOPTS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
WORK=$(mktemp -d)
touch "$WORK/up"   # the broker runs while this file exists (its stdin closes when it is removed)
java -Xmx1g $JOPTS -cp "$CP" io.tunnelwatch.cli.bench.BrokerMain bench.live 2 < <(while [ -e "$WORK/up" ]; do sleep 1; done) >"$WORK/broker.out" 2>"$WORK/broker.err" &
BROKER=$!
AGENT=
trap '[ -n "$AGENT" ] && kill $AGENT 2>/dev/null; rm -f "$WORK/up"; wait $BROKER || true; rm -rf "$WORK"' EXIT
until grep -qs '^bootstrap ' "$WORK/broker.out"; do sleep 1; kill -0 $BROKER; done
BOOT=$(sed -n 's/^bootstrap //p' "$WORK/broker.out")
PORT=9466
java $JOPTS ${AGENT_JAVA_OPTS:-} -cp "$CP" io.tunnelwatch.agent.cli.AgentCli agent capture --interface lo --bootstrap "$BOOT" \
  --topic bench.live --agent-id bench --metrics-port $PORT ${AGENT_ARGS:-} >"$WORK/agent.out" 2>"$WORK/agent.err" &
AGENT=$!
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 1; kill -0 $AGENT; done
sleep 2
echo "agent up, sending $PACKETS packets at $PPS pps on lo (load $(cut -d' ' -f1 /proc/loadavg))"
if [ -n "${PCAP_BLAST:-}" ]; then
  # The project's batching sender (pcap-blast.c): tcpreplay sends one frame per system call and tops out
  # near 110 k packets/s here.
  "$PCAP_BLAST" "$FILE" lo "$PPS" "$PACKETS"
else
  tcpreplay -i lo -K --pps "$PPS" --limit "$PACKETS" "$FILE" 2>&1 | grep -E 'Actual|Rated|Failed|Retried' || true
fi
# The agent may still be working through the capture ring: wait until its count stops growing.
captured() { curl -sf "http://127.0.0.1:$PORT/metrics" | sed -n 's/^tunnelwatch_packets_captured_total{[^}]*} //p'; }
previous=-1
while [ "$(captured)" != "$previous" ]; do previous=$(captured); sleep 2; done
curl -sf "http://127.0.0.1:$PORT/metrics" | grep -v '^#' | grep -i -E 'packet|drop|summar|lost|receiv|captur' || true
grep -E 'VmHWM|VmRSS' /proc/$AGENT/status
echo "agent CPU time $(ps -o cputime= -p $AGENT)"
echo "packets of the first $PACKETS that match the agent's default filter (VPN ports, ESP): $(tcpdump -nr "$FILE" -c "$PACKETS" -w - 2>/dev/null \
  | tcpdump -nr - 'tcp port 443 or tcp port 60443 or udp port 500 or udp port 4500 or ip proto 50 or ip6 proto 50' 2>/dev/null | wc -l)"
echo "load $(cut -d' ' -f1 /proc/loadavg)"
