#!/usr/bin/env bash
# Cross-validates and holds out every learner on a dataset (dev.latm.model.predict.LearnerComparison).
# Usage: bench/predictor/compare.sh DATA.jsonl [--label median_ms|min_ms|normalized_ms] [--train-share 0.7] [EXTRA.jsonl ...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/latm" --version >/dev/null   # builds the jar (and its lib/) on first use
(cd "$root" && mvn -B -o -q -pl model -am test-compile)
exec java -cp "$root/model/target/classes:$root/model/target/test-classes:$root/cli/target/lib/*" \
  dev.latm.model.predict.LearnerComparison "$@"
