#!/usr/bin/env bash
# Replay at max speed into a local broker vs Kafka's ProducerPerformance on the same broker (issue 4, item 8).
# One broker process (BrokerMain) for the whole run; each contender is its own client JVM, run alternately:
#   ProducerPerformance with the average summary size, lz4, the agent's linger/batch, acks=1, then idempotent acks=all;
#   the agent's replay (ReplayMain) of FILE with acks=1 (idempotence off), then with its defaults (idempotent, acks=all).
# With BASELINE_CLASSPATH, each run also replays with that classpath first (an older agent build), so
# before and after are measured in the same run on the same broker.
# REPLAY_JAVA_OPTS adds JVM options to the replay (not to the baseline), e.g. the launcher's JIT settings.
# Usage: producer-bench.sh FILE RUNS CLASSPATH KAFKA_TOOLS_CLASSPATH [BASELINE_CLASSPATH]
set -euo pipefail
FILE=$1; RUNS=$2; CP=$3; TOOLS_CP=$4; BASE_CP=${5:-}
JOPTS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
WORK=$(mktemp -d)
touch "$WORK/up"   # the broker runs while this file exists (its stdin closes when it is removed)
java -Xmx2g $JOPTS -cp "$CP" io.tunnelwatch.cli.bench.BrokerMain bench.perf 2 < <(while [ -e "$WORK/up" ]; do sleep 1; done) >"$WORK/broker.out" 2>"$WORK/broker.err" &
BROKER=$!
trap 'rm -f "$WORK/up"; wait $BROKER || true; rm -rf "$WORK"' EXIT
until grep -qs '^bootstrap ' "$WORK/broker.out"; do sleep 1; kill -0 $BROKER; done
BOOT=$(sed -n 's/^bootstrap //p' "$WORK/broker.out")
echo "broker at $BOOT"

# The first replay also tells the record count and the average summary size (bytes on the topic / records).
for i in $(seq 1 "$RUNS"); do
  for acks in 1 all; do
    if [ "$acks" = 1 ]; then extra="acks=1 enable.idempotence=false"; else extra=""; fi
    if [ -n "$BASE_CP" ]; then
      base=$(java -Xmx1g $JOPTS -cp "$BASE_CP" io.tunnelwatch.cli.bench.ReplayMain "$BOOT" bench.replay "$FILE" $extra 2>"$WORK/replay.err") || { tail -5 "$WORK/replay.err"; exit 1; }
      echo "run $i baseline replay acks=$acks: $base  load $(cut -d' ' -f1 /proc/loadavg)"
    fi
    out=$(java -Xmx1g $JOPTS ${REPLAY_JAVA_OPTS:-} -cp "$CP" io.tunnelwatch.cli.bench.ReplayMain "$BOOT" bench.replay "$FILE" $extra 2>"$WORK/replay.err") || { tail -5 "$WORK/replay.err"; exit 1; }
    echo "run $i replay acks=$acks: $out  load $(cut -d' ' -f1 /proc/loadavg)"
    records=$(echo "$out" | sed -E 's/.*packets, ([0-9,]+) summaries.*/\1/' | tr -d ,)
    size=${RECORD_SIZE:-}
    if [ -z "$size" ]; then
      size=$(java -cp "$CP" io.tunnelwatch.cli.bench.TopicSizeMain "$BOOT" bench.replay)
      RECORD_SIZE=$size; echo "average summary size on the topic: $size bytes"
    fi
    if [ "$acks" = 1 ]; then props="acks=1 enable.idempotence=false"; else props="acks=all enable.idempotence=true"; fi
    perf=$(java -Xmx1g -cp "$TOOLS_CP" org.apache.kafka.tools.ProducerPerformance --topic bench.perf \
      --num-records "$records" --record-size "$size" --throughput -1 \
      --producer-props bootstrap.servers="$BOOT" compression.type=lz4 linger.ms=20 batch.size=131072 $props 2>/dev/null | tail -1)
    echo "run $i ProducerPerformance acks=$acks: $perf  load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
