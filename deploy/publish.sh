#!/usr/bin/env sh
# The one publish of the silo, for both images: deploy/docker/*.Dockerfile run it, and so does
# scripts/test (the cpu flavour), so what CI builds is what the images ship.
#   deploy/publish.sh cpu|gpu OUTPUT_DIRECTORY [more dotnet publish switches]
# gpu swaps ONNX Runtime's CPU package for Microsoft.ML.OnnxRuntime.Gpu (same managed API) through
# the AIaaSOnnxRuntimePackage MSBuild property of Directory.Build.props.
set -eu
flavour=${1:?usage: deploy/publish.sh cpu|gpu OUTPUT_DIRECTORY}
output=${2:?usage: deploy/publish.sh cpu|gpu OUTPUT_DIRECTORY}
shift 2
case "$flavour" in
  cpu) package=Microsoft.ML.OnnxRuntime ;;
  gpu) package=Microsoft.ML.OnnxRuntime.Gpu ;;
  *) echo "flavour must be cpu or gpu, not '$flavour'" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
exec dotnet publish silos/AIaaS.Silo/AIaaS.Silo.csproj -c Release -r linux-x64 --self-contained false \
  -p:UseAppHost=false -p:AIaaSOnnxRuntimePackage="$package" -o "$output" --nologo "$@"
