#!/usr/bin/env bash
# Builds both images with Jib (profile "images") without a registry or a Docker engine, on a tiny
# stand-in base image made here, and checks what Jib put where. It proves the profile's
# configuration (main class, entrypoint, layers, job jar in /opt/flink/usrlib), not the real bases:
# those come from Docker Hub (flink:2.2.1-java17) and your registry (deploy/agent-base).
#
#   deploy/verify-images-offline.sh            # about 3 minutes; not part of CI
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A docker-save tarball with one layer and an entrypoint, as the Flink image has one.
mkdir -p "$work/layer/etc"
echo "stand-in base for deploy/verify-images-offline.sh" > "$work/layer/etc/stand-in-base"
tar -C "$work/layer" -cf "$work/layer.tar" etc
diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin:/bin"],"Entrypoint":["/docker-entrypoint.sh"]},"rootfs":{"type":"layers","diff_ids":["$diff_id"]}}
JSON
echo '[{"Config":"config.json","RepoTags":["stand-in/base:1"],"Layers":["layer.tar"]}]' > "$work/manifest.json"
tar -C "$work" -cf "$work/base.tar" manifest.json config.json layer.tar

./mvnw -B -q -Pimages -DskipTests package jib:buildTar \
  -Dagent.base.image="tar://$work/base.tar" -Djob.base.image="tar://$work/base.tar"

fail() { echo "verify-images-offline: $*" >&2; exit 1; }

# Lists every path in an image tarball's layers.
image_paths() {
  local image="$1" dir="$work/$(basename "$(dirname "$(dirname "$image")")")"
  mkdir -p "$dir" && tar -xf "$image" -C "$dir"
  for layer in "$dir"/*.tar.gz; do tar -tzf "$layer"; done
}
image_config() {
  local image="$1" dir="$work/config-$RANDOM"
  mkdir -p "$dir" && tar -xf "$image" -C "$dir" config.json && cat "$dir/config.json"
}

job_paths="$(image_paths flink-job/target/jib-image.tar)"
grep -qx 'opt/flink/usrlib/tunnelwatch-job.jar' <<<"$job_paths" || fail "job image: no /opt/flink/usrlib/tunnelwatch-job.jar"
! grep -q '^app/' <<<"$job_paths" || fail "job image: Jib's /app layers were not filtered out"
image_config flink-job/target/jib-image.tar | grep -q '"Entrypoint":\["/docker-entrypoint.sh"\]' \
  || fail "job image: the Flink entrypoint is not inherited"

agent_paths="$(image_paths capture-agent/target/jib-image.tar)"
grep -q '^app/libs/pcap4j-core' <<<"$agent_paths" || fail "agent image: pcap4j missing"
grep -q '^app/classes/io/tunnelwatch/agent/cli/AgentCli.class' <<<"$agent_paths" || fail "agent image: no AgentCli"
image_config capture-agent/target/jib-image.tar | grep -q 'io.tunnelwatch.agent.cli.AgentCli' \
  || fail "agent image: entrypoint does not run AgentCli"

echo "verify-images-offline: job and agent images built offline and laid out as the chart and compose file expect"
