#!/usr/bin/env bash
# Static validation of everything under docker/, for machines without a Docker engine or a
# cluster. Run from anywhere: `bash docker/validate.sh`. Installs nothing; needs
#   promtool       Debian package `prometheus`   (apt-get install -y prometheus)
#   python3 + yaml Debian package `python3-yaml` (apt-get install -y python3-yaml)
#   kubectl        optional: renders the kustomization (`kubectl kustomize`, no cluster needed)
# Runs every check, then exits non-zero if any failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PYTHONDONTWRITEBYTECODE=1
PYTHON=${PYTHON:-/usr/bin/python3}

missing=0
require() { # require COMMAND HOW-TO-GET-IT
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "validate: '$1' not found - $2" >&2
    missing=1
  fi
}
require promtool "install the Debian package 'prometheus' (apt-get install -y prometheus)"
require "$PYTHON" "install python3 (apt-get install -y python3)"
if [[ $missing -eq 0 ]] && ! "$PYTHON" -c 'import yaml' 2>/dev/null; then
  echo "validate: $PYTHON cannot import yaml - apt-get install -y python3-yaml" >&2
  missing=1
fi
if [[ $missing -ne 0 ]]; then
  exit 2
fi

failed=()
check() { # check NAME COMMAND... : runs one check, records it if it fails
  local name=$1
  shift
  echo "== $name"
  if "$@"; then
    echo "   ok"
  else
    echo "   FAILED: $name" >&2
    failed+=("$name")
  fi
}

check "prometheus config" promtool check config docker/prometheus/prometheus.yml
check "alert rules" promtool check rules docker/prometheus/alerts.yml
check "alert rule unit tests" promtool test rules docker/prometheus/alerts_test.yml
check "Dockerfile against the repository" "$PYTHON" docker/validate_dockerfile.py
check "compose, Prometheus and Grafana wiring" "$PYTHON" docker/validate_compose.py
check "kubernetes manifests" "$PYTHON" docker/validate_manifests.py docker/k8s
if command -v kubectl >/dev/null 2>&1; then
  render_and_check() {
    local rendered
    rendered=$(kubectl kustomize docker/k8s) || return 1
    "$PYTHON" docker/validate_manifests.py --rendered - <<<"$rendered"
  }
  check "kustomize rendering" render_and_check
else
  echo "== kustomize rendering: skipped (kubectl not installed)"
fi
list_dashboard_metrics() {
  local names
  names=$("$PYTHON" docker/dashboard_metrics.py) || return 1
  echo "   dashboard queries $(wc -l <<<"$names") metrics: $(tr '\n' ' ' <<<"$names")"
}
check "dashboard metrics" list_dashboard_metrics
dashboard_promql() { # promtool parses every panel query, written out as recording rules
  local rules status=0
  rules=$(mktemp --suffix=.json)
  "$PYTHON" docker/dashboard_metrics.py --as-rules >"$rules" && promtool check rules "$rules" || status=1
  rm -f "$rules"
  return $status
}
check "dashboard PromQL" dashboard_promql
# Last: each validator against deliberately broken copies (they also re-check the real files).
check "validator self-tests" "$PYTHON" -m unittest discover -s docker/tests

if [[ ${#failed[@]} -ne 0 ]]; then
  echo "validate: ${#failed[@]} check(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "validate: all docker/ checks passed"
