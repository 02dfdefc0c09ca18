#!/usr/bin/env bash
# Checks of everything under docker/ that need no container: the standard tools on each file,
# then latm's own cross-file rules. (docker/test-image.sh builds and runs the image for real.)
# Run from anywhere: `bash docker/validate.sh`. Installs nothing; needs the Debian packages
#   prometheus (promtool), yamllint, docker-compose, python3-yaml;  kubectl is optional.
# LATM_SERVER_SETTINGS=FILE (the server's setting names, one per line) also checks every LATM_
# variable the files set against them; DeploymentFilesTest passes the CLI's own list.
# Runs every check, then exits 1 if any failed, 2 if a tool is missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PYTHONDONTWRITEBYTECODE=1
PYTHON=${PYTHON:-/usr/bin/python3}

missing=()
for tool in promtool yamllint docker-compose "$PYTHON"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [[ ${#missing[@]} -eq 0 ]] && ! "$PYTHON" -c 'import yaml' 2>/dev/null; then
  missing+=("python3-yaml")
fi
if [[ ${#missing[@]} -ne 0 ]]; then
  echo "validate: missing ${missing[*]} - apt-get install -y prometheus yamllint docker-compose python3-yaml" >&2
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

# Standard tools: syntax, schemas, PromQL.
check "yamllint" yamllint --strict -c docker/yamllint.yaml docker/
check "compose file (docker-compose config)" docker-compose -f docker/compose.yaml config -q
check "prometheus config" promtool check config docker/prometheus/prometheus.yml
check "alert rules" promtool check rules docker/prometheus/alerts.yml
check "alert rule unit tests" promtool test rules docker/prometheus/alerts_test.yml
dashboard_promql() { # promtool parses every panel query, written out as recording rules
  local rules status=0
  rules=$(mktemp --suffix=.json)
  "$PYTHON" docker/dashboard_metrics.py --as-rules >"$rules" && promtool check rules "$rules" || status=1
  rm -f "$rules"
  return $status
}
check "dashboard PromQL (promtool)" dashboard_promql
if command -v kubectl >/dev/null 2>&1; then
  check "kustomization renders (kubectl kustomize)" bash -c 'kubectl kustomize docker/k8s >/dev/null'
else
  echo "== kustomization: skipped (kubectl not installed)"
fi

# latm's own rules across files, and the tests of the scripts that check them.
check "deployment files agree" "$PYTHON" docker/crosscheck.py ${LATM_SERVER_SETTINGS:+--settings "$LATM_SERVER_SETTINGS"}
check "script self-tests" "$PYTHON" -m unittest discover -s docker/tests

if [[ ${#failed[@]} -ne 0 ]]; then
  echo "validate: ${#failed[@]} check(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "validate: all docker/ checks passed"
