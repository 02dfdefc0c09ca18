#!/usr/bin/env bash
# Warm-up benchmark (see Warmup.java): one fresh JVM per call, as `./latm measure` is.
# Usage: bench/warmup.sh [--models mobilenet_v3_large,mobilenet_v3_small] [--engines java,onnxruntime]
#                        [--policies minimum,steady] [--calls 10] [--reference NAME] [--settle-seconds 20]
#        bench/warmup.sh --summarize FILE   (the summary again, of call lines saved from earlier runs)
# Prints every call's line, then per (model, engine, policy): calls whose first median is within 3%
# of the steady state's, the median ratio, the medians of timed runs, warm-up time and the measurement's
# whole time on the device after build (first run, warm-up, timed runs), and the warm-up outcomes.
# "timed+dropped" counts the timed runs the stationarity test dropped as late warm-up too: the runs
# the timed phase really took.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models=mobilenet_v3_large,mobilenet_v3_small engines=java,onnxruntime policies=minimum,steady calls=10 extra=()
summarize=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) models="$2" ;; --engines) engines="$2" ;; --policies) policies="$2" ;; --calls) calls="$2" ;;
    --reference|--settle-seconds) extra+=("$1" "$2") ;;
    --summarize) summarize="$2" ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
summary() {
  grep '^model=' "$1" | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      key = f["model"] " " f["engine"] " " f["policy"]; n[key]++
      r = f["first_over_steady"]; if (r >= 0.97 && r <= 1.03) ok[key]++
      ratios[key] = ratios[key] " " r; runs[key] = runs[key] " " f["timed_runs"]; outcome[key, f["warmup"]]++
      all[key] = all[key] " " (f["timed_runs"] + f["discarded"])
      warm[key] = warm[key] " " f["warmup_ms"]; total[key] = total[key] " " f["measure_ms"] }
    function median(list,   a, m, i, j, t) {   # insertion sort: portable awk has no asort
      m = split(list, a, " ")
      for (i = 2; i <= m; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
    END { printf "%-22s %-12s %-8s %12s %14s %12s %14s %10s %10s %s\n", "model", "engine", "policy", "within 3%",
            "median ratio", "median runs", "timed+dropped", "warm-up ms", "total ms", "warm-up outcomes"
          for (key in n) { split(key, k, " ")
            printf "%-22s %-12s %-8s %8d/%-3d %14.4f %12.0f %14.0f %10.0f %10.0f steady %d, budget %d\n", k[1], k[2], k[3],
              ok[key], n[key], median(ratios[key]), median(runs[key]), median(all[key]), median(warm[key]), median(total[key]),
              outcome[key, "STEADY"], outcome[key, "BUDGET_EXHAUSTED"] } }
  '
}

if [[ -n "$summarize" ]]; then
  summary "$summarize"
  exit 0
fi
"$root/latm" --version >/dev/null   # builds the jar on first use
lines="$(mktemp)"; trap 'rm -f "$lines"' EXIT
for call in $(seq 1 "$calls"); do
  for model in ${models//,/ }; do
    for engine in ${engines//,/ }; do
      for policy in ${policies//,/ }; do   # interleaved, so that drift hits every configuration alike
        "$root/bench/run" Warmup --model "$model" --engine "$engine" --policy "$policy" "${extra[@]}" \
          2>/dev/null | tee -a "$lines"
      done
    done
  done
done
echo
summary "$lines"
