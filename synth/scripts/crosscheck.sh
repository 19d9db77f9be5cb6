#!/bin/sh
# crosscheck.sh PCAP -- compare synth's expected outputs (PCAP.expected.jsonl) with what the project's own
# decoder (capture-agent decode) and correlation core (flink-job, package io.tunnelwatch.correlation, pure Java)
# make of PCAP. Not a test: it depends on two other modules' current state. Needs python3 and a built
# capture-agent jar (./mvnw -q -pl capture-agent -am package -DskipTests).
# Prints "AGREE n PCAP" or "DIFFER PCAP" with a diff of normalized lines.
set -eu
pcap="$1"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -d "$work/classes" "$root"/flink-job/src/main/java/io/tunnelwatch/correlation/*.java "$here/CrosscheckHarness.java"
java -jar "$root/capture-agent/target/capture-agent.jar" decode --format jsonl "$pcap" 2>/dev/null \
  | python3 "$here/decode-to-facts.py" > "$work/facts.txt"
java -cp "$work/classes" io.tunnelwatch.correlation.CrosscheckHarness "$work/facts.txt" > "$work/outputs.txt"
python3 - "$pcap.expected.jsonl" "$work/outputs.txt" <<'PY'
import ipaddress, json, re, sys
want = []
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d['type'] == 'alert':
        want.append(' '.join(['alert', d['client'], d['reason'] + ('/rekey' if d.get('rekey') else ''), 'attempt=%d' % d['attempt'], 'ts=%d' % d['ts_micros'], d.get('evidence', '')]).strip())
    elif d['type'] == 'established':
        want.append('established %s attempt=%d ts=%d' % (d['client'], d['attempt'], d['ts_micros']))
    else:
        want.append('closed %s ts=%d' % (d['client'], d['ts_micros']))
got = []
for line in open(sys.argv[2]):
    f = line.split()
    f[1] = ipaddress.ip_address(f[1]).compressed
    if f[0] == 'alert':
        ev = re.search(r'notifyType=(-?\d+).*tlsAlertDescription=(-?\d+).*espDirectionSeen=(\w+)\]', line)
        evidence = ''
        if ev.group(1) != '0': evidence = ev.group(1)
        elif ev.group(2) != '-1': evidence = ev.group(2)
        elif ev.group(3) != 'null': evidence = ev.group(3)
        got.append(' '.join(f[:5] + [evidence]).strip())
    else:
        got.append(' '.join(f))
want.sort(); got.sort()
if want == got:
    print('AGREE', len(want), sys.argv[1][:-len('.expected.jsonl')])
else:
    print('DIFFER', sys.argv[1][:-len('.expected.jsonl')])
    for w in sorted(set(want) - set(got))[:20]: print('  expected only:', w)
    for g in sorted(set(got) - set(want))[:20]: print('  core only:    ', g)
    sys.exit(1)
PY
