#!/usr/bin/env bash
# Interleaved engine benchmark (see EngineBench.java for what it measures and why).
# Usage: bench/engines.sh [--models mobilenet_v3_large,mobilenet_v3_small] [--threads 1,2]
#                         [--engines onnxruntime,java] [--rounds 5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/latm" --version >/dev/null   # builds the jar on first use
exec java @"$root/cli/target/conf/jvm.args" ${LATM_JAVA_OPTS:-} -cp "$root/cli/target/latm.jar:$root/cli/target/lib/*" \
  "$root/bench/EngineBench.java" "$@"
