#!/usr/bin/env bash
# Measures a provisional predictor dataset on this machine and compares the learners on it.
# Phase 1 of the predictor (dev.latm.model.predict); `latm predictor build` replaces this later.
# Usage: bench/predictor/dataset.sh OUT_DIR [TRIALS=240]
#   OUT_DIR/space.jsonl    random architectures of the bundled space, profiled (1 thread, ONNX Runtime, 224 px)
#   OUT_DIR/presets.jsonl  the presets at widths 0.75 and 1.0 (outside the space), for evaluation only
#   OUT_DIR/compare-*.txt  bench/predictor/compare.sh on both, with median and min labels
# Takes about 4 s a trial on an idle 2-core machine. Keep the data out of git.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: dataset.sh OUT_DIR [TRIALS]}"
trials="${2:-240}"
mkdir -p "$out"
"$root/latm" --version >/dev/null   # builds the jar on first use
java_cp=(java -cp "$root/cli/target/latm.jar:$root/cli/target/lib/*")
latm=(java --add-modules jdk.incubator.vector -jar "$root/cli/target/latm.jar")
measure=(--resolution 224 --threads 1 --engine onnxruntime --max-seconds 2)

"${latm[@]}" search --strategy random --trials "$trials" --search-seed 11 --target-ms 4 --profile "${measure[@]}" \
  --store "$out/space.db" --out "$out/trials.csv" --overwrite --progress lines
"${java_cp[@]}" "$root/bench/predictor/DatasetDump.java" store "$out/space.db" > "$out/space.jsonl"

"${java_cp[@]}" "$root/bench/predictor/DatasetDump.java" presets > "$out/presets-archs.jsonl"
"${latm[@]}" batch --archs "$out/presets-archs.jsonl" "${measure[@]}" --store "$out/presets.db" \
  --out "$out/presets.csv" --progress none
"${java_cp[@]}" "$root/bench/predictor/DatasetDump.java" store "$out/presets.db" > "$out/presets.jsonl"

for label in median_ms min_ms; do
  "$root/bench/predictor/compare.sh" "$out/space.jsonl" --label "$label" "$out/presets.jsonl" | tee "$out/compare-$label.txt"
done
