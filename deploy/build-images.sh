#!/usr/bin/env bash
# Builds the CPU and GPU silo images with the container engine present (docker or podman), or says
# why it cannot. deploy/build-images.sh [TAG_PREFIX]   (default aiaas-silo: aiaas-silo:cpu, aiaas-silo:gpu)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-aiaas-silo}
engine=""
for candidate in docker podman; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" info >/dev/null 2>&1; then
    engine=$candidate
    break
  fi
done
if [ -z "$engine" ]; then
  echo "no usable container engine (docker or podman, with its daemon running): cannot build images here." >&2
  echo "The publish the images run is deploy/publish.sh, which the test suite exercises." >&2
  exit 1
fi
for flavour in cpu gpu; do
  echo "building $prefix:$flavour with $engine..."
  "$engine" build -f "deploy/docker/$flavour.Dockerfile" -t "$prefix:$flavour" .
done
