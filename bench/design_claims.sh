#!/usr/bin/env bash
# The MobileNetV3 design claims measured on this device, float32 and int8 (bench/DesignClaims.java):
# every configuration measured once per round, rounds in a fresh random order, the median over
# rounds; prints the tables (markdown, on stdout; progress on stderr) and writes a PNG bar chart.
#
# Usage: bench/design_claims.sh [--rounds 5] [--threads 1] [--out design_claims.png] [--seed 1] [--quick]
#   The figures:  bench/design_claims.sh --rounds 5 --out design_claims.png > design_claims.md
#                 (on an idle machine; see DesignClaims.java for how long it takes)
#   Smoke run:    bench/design_claims.sh --rounds 1 --quick --out /tmp/design_claims.png
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$root/bench/run" DesignClaims "$@"
