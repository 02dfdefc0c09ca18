#!/usr/bin/env bash
# Drift benchmark (issue 10; see bench/Drift.java): is LAT(m) reproducible between calls?
# Usage: bench/drift.sh [--n 24] [--window 8] [--engine onnxruntime] [--threads 1] [--out DIR] [--quick]
#   --n       random architectures of the bundled search space (cli/.../search/mobilenet_v3_space.json)
#   --window  the interleaved batch's window (--interleave), at least 8 for the issue's figure
#   --out     where every result goes (default: a new folder under /tmp); the report reads it again:
#             bench/run Drift report DIR
#   --quick   a smoke run: few timed runs, a cheap calibration; its figures mean nothing
# Every call uses one store (DIR/store.db), so all of them share the device's calibrated baseline: the
# device is calibrated once, first. Then: two passes of separate `latm measure --force` calls (anchored,
# the default), two interleaved `latm batch` runs, and one pass alone as latm measured before anchoring
# (--reference none --warmup-budget-seconds 0), each call timed. Prints Kendall's tau and the ratio range
# pass 2 / pass 1 for the raw median and normalized_ms, the wall time per measurement of each mode, and
# writes DIR/drift.png. Run it on a quiet machine for figures; it takes ~N x 2 minutes at N = 24.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=24 window=8 engine=onnxruntime threads=1 out="" quick=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --n) n="$2"; shift ;; --window) window="$2"; shift ;; --engine) engine="$2"; shift ;;
    --threads) threads="$2"; shift ;; --out) out="$2"; shift ;; --quick) quick=1 ;;
    *) echo "drift.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
out="${out:-$(mktemp -d /tmp/latm-drift.XXXXXX)}"
mkdir -p "$out/arch" "$out/separate-1" "$out/separate-2" "$out/alone"
store="$out/store.db"
common=(--store "$store" --engine "$engine" --threads "$threads")
measure_flags=(--force)
anchored_flags=()   # the anchored calls' warm-up budget is the server's default unless --quick
calibrate_flags=()
if [[ $quick -eq 1 ]]; then
  measure_flags+=(--min-runs 5 --max-runs 30 --max-seconds 2)
  anchored_flags+=(--warmup-budget-seconds 0.5)
  calibrate_flags+=(--min-runs 20 --max-runs 200 --precision 0.1 --max-seconds 1 --warmup-runs 2 --warmup-seconds 0.01)
fi
latm="$root/latm"
"$latm" --version >/dev/null   # builds the jar on first use
echo "n=$n window=$window engine=$engine threads=$threads quick=$quick" >"$out/settings.txt"
: >"$out/times.tsv"

"$root/bench/run" Drift sample "$n" >"$out/archs.jsonl"
for i in $(seq 0 $((n - 1))); do
  sed -n "$((i + 1))p" "$out/archs.jsonl" >"$out/arch/$i.json"
done

timed() { # timed MODE PASS INDEX COMMAND...: runs the command, appends its wall time to times.tsv
  local mode=$1 pass=$2 index=$3 start end
  shift 3
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  awk -v mode="$mode" -v pass="$pass" -v idx="$index" -v start="$start" -v end="$end" \
    'BEGIN { printf "%s %s %s %.3f\n", mode, pass, idx, end - start }' >>"$out/times.tsv"
}

echo "drift: calibrating the device's baseline ($engine, $threads thread(s)) in $store" >&2
for attempt in 1 2 3 4 5; do   # refused while the host shifts speed; a later try may find a steady stretch
  if "$latm" calibrate "${common[@]}" "${calibrate_flags[@]}"; then break; fi
  [[ $attempt -eq 5 ]] && { echo "drift: the device could not be calibrated" >&2; exit 3; }
done

for pass in 1 2; do
  echo "drift: pass $pass, $n separate calls" >&2
  for i in $(seq 0 $((n - 1))); do
    timed separate "$pass" "$i" "$latm" measure --arch "$out/arch/$i.json" "${common[@]}" "${measure_flags[@]}" \
      "${anchored_flags[@]}" --format json >"$out/separate-$pass/$i.json"
  done
done
for pass in 1 2; do
  echo "drift: interleaved batch $pass (window $window)" >&2
  timed batch "$pass" all "$latm" batch --archs "$out/archs.jsonl" "${common[@]}" "${measure_flags[@]}" \
    "${anchored_flags[@]}" --interleave "$window" --format json --progress none --out "$out/batch-$pass.jsonl"
done
echo "drift: $n calls alone, as before anchoring" >&2
for i in $(seq 0 $((n - 1))); do
  timed alone 1 "$i" "$latm" measure --arch "$out/arch/$i.json" "${common[@]}" "${measure_flags[@]}" \
    --reference none --warmup-budget-seconds 0 --format json >"$out/alone/$i.json"
done

"$root/bench/run" Drift report "$out"
