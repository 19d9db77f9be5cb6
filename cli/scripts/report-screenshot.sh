#!/usr/bin/env bash
# Renders a tunnelwatch forensic report in headless Chromium and saves a PNG, to look at the report
# the way a browser shows it (no browser runs in CI; the tests check the HTML's structure instead).
#
# usage: cli/scripts/report-screenshot.sh REPORT.html [OUT.png] [WIDTHxHEIGHT]
#   REPORT.html  from `./tunnelwatch demo --report REPORT.html` or `./tunnelwatch local ... --report REPORT.html`
#   OUT.png      default /tmp/report.png
#   WIDTHxHEIGHT default 1400x2000 (the page is cut at that height)
#
# Needs Debian's chromium (apt-get install -y chromium). The flags keep it offline and quiet: no sandbox
# (we may run as root), no GPU, no QUIC, no first-run, background networking, component update or sync,
# and a throw-away profile, so the screenshot also proves the report needs nothing from the network.
set -euo pipefail

report="${1:?usage: $0 REPORT.html [OUT.png] [WIDTHxHEIGHT]}"
out="${2:-/tmp/report.png}"
size="${3:-1400x2000}"

command -v chromium >/dev/null 2>&1 || { echo "report-screenshot: chromium not found; install it: apt-get install -y chromium" >&2; exit 2; }
[ -r "$report" ] || { echo "report-screenshot: cannot read $report" >&2; exit 2; }

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" \
  --screenshot="$out" --window-size="${size/x/,}" "file://$(realpath "$report")" 2>/dev/null
echo "report-screenshot: $out" >&2
