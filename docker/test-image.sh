#!/usr/bin/env bash
# Builds docker/Dockerfile for real and checks the running container, on a machine with podman
# and no Docker daemon or registry (as CI is: .ci/run runs this).
#
#   docker/test-image.sh [--keep] [--rebuild-base]
#
#   --keep          keep the built image (localhost/latm:test-RUN) for a look afterwards
#   --rebuild-base  rebuild the cached Debian base images even when they are fresh
#
# Needs (Debian): podman buildah runc debootstrap uidmap jq curl prometheus python3-grpcio
# python3-yaml, root, and a local Maven repository (~/.m2/repository, or LATM_M2_REPO) that
# already holds every dependency (any machine that has run `mvn verify`): the build stage runs
# Maven offline against it, mounted read-only, since a container here cannot reach Maven Central.
#
# 1. Base images from Debian packages (no registry): debootstrap bookworm, a JRE 17 image on it
#    for the runtime stage and a JDK 17 + Maven image on that for the build stage. Cached between
#    runs (tagged with a hash of their recipe, rebuilt after 7 days for security updates).
# 2. The latm image: docker/Dockerfile with those as BUILD_IMAGE/RUNTIME_IMAGE, MAVEN_OFFLINE=true.
# 3. Against the running container, on loopback ports only (--network host, LATM_BIND=127.0.0.1):
#    its HEALTHCHECK reports healthy; it runs as uid 10001; `latm measure --target` works on both
#    engines; a result survives a new container on the same volume (from_store); a real
#    Prometheus scrapes it with the repository's config, and every dashboard query and alert rule
#    returns data; SIGTERM drains (NOT_SERVING, exit within the grace period, store closed).
# Every check prints ok or FAILED; the script exits 1 if any failed. It removes every container,
# volume and temporary file it made, and its image unless --keep.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DOCKER=docker
HERE=docker/image-test

keep=0 rebuild_base=0
for arg in "$@"; do
  case $arg in
    --keep) keep=1 ;;
    --rebuild-base) rebuild_base=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "test-image: unknown argument $arg (--keep, --rebuild-base)" >&2; exit 2 ;;
  esac
done

SUITE=bookworm
MIRROR=${LATM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
M2_REPO=${LATM_M2_REPO:-$HOME/.m2/repository}
BASE_MAX_AGE_DAYS=7
GRACE=10         # LATM_SHUTDOWN_GRACE of the container under test, seconds
EXIT_SLACK=5     # JVM exit and podman bookkeeping after the grace period, seconds
RUN=$(date +%s)-$$
IMAGE=localhost/latm:test-$RUN
VOLUME=latm-test-$RUN-store
PYTHON=/usr/bin/python3
# This sandbox refuses setrlimit and crun's cgroup setup; see image-test/runc-sandbox. On a
# normal host: LATM_OCI_RUNTIME=runc (or crun).
PODMAN=(podman --cgroup-manager cgroupfs --runtime "${LATM_OCI_RUNTIME:-$PWD/$HERE/runc-sandbox}")

missing=()
for tool in podman buildah runc debootstrap jq prometheus curl "$PYTHON"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [[ ${#missing[@]} -eq 0 ]] && ! "$PYTHON" -c 'import grpc, yaml' 2>/dev/null; then
  missing+=(python3-grpcio/python3-yaml)
fi
if [[ ${#missing[@]} -ne 0 ]]; then
  echo "test-image: missing ${missing[*]}: apt-get install -y podman buildah runc debootstrap uidmap jq" \
    "prometheus curl python3-grpcio python3-yaml" >&2
  exit 2
fi
[[ $(id -u) -eq 0 ]] || { echo "test-image: run as root (rootful podman, debootstrap)" >&2; exit 2; }
[[ -d $M2_REPO ]] || { echo "test-image: no Maven repository at $M2_REPO (run mvn verify once, or set LATM_M2_REPO)" >&2; exit 2; }

TMP=$(mktemp -d -t latm-test-image.XXXXXX)
containers=() pids=() failures=()
cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  for name in "${containers[@]}"; do "${PODMAN[@]}" rm --force --volumes --time 0 --ignore "$name" >/dev/null 2>&1; done
  podman volume rm --force "$VOLUME" >/dev/null 2>&1
  if [[ $keep -eq 0 ]]; then podman rmi --force "$IMAGE" >/dev/null 2>&1; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # so that an interrupted run cleans up too

step_started=$SECONDS
step() { echo; echo "== $* ($(date +%T))"; step_started=$SECONDS; }
ok() { echo "   ok: $*"; }
failed() { echo "   FAILED: $1: ${2:-}" >&2; failures+=("$1"); } # failed CHECK DETAIL
fatal() { echo "   FAILED: $*" >&2; echo "test-image: stopped at a failure the later checks depend on" >&2; exit 1; }
timings=()
took() { timings+=("$1: $((SECONDS - step_started)) s"); }

# podman here logs an error for every healthcheck timer it cannot hand to systemd (there is
# none; the checks run the HEALTHCHECK themselves): keep that out of the output unless it fails.
podman_quiet() { "${PODMAN[@]}" "$@" 2>>"$TMP/podman.log" || { tail -5 "$TMP/podman.log" >&2; return 1; }; }

free_ports() { # free_ports N: N distinct free loopback TCP ports
  "$PYTHON" - "$1" <<'EOF'
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))
EOF
}

############################ 1. base images ############################
# Tagged with a hash of their recipe (and of what they are built on): editing a recipe, the suite
# or the mirror makes new ones; the old ones are removed when they are replaced.
recipe_key() { cat "$@" <(echo "$SUITE $MIRROR") | sha256sum | cut -c1-12; }
DEBIAN_IMAGE=localhost/latm-base-debian:$SUITE-$(recipe_key $HERE/debian-base.sh)
RUNTIME_BASE=localhost/latm-base-runtime:$(recipe_key $HERE/debian-base.sh $HERE/runtime-base.Containerfile)
BUILD_BASE=localhost/latm-base-build:$(recipe_key $HERE/debian-base.sh $HERE/runtime-base.Containerfile \
  $HERE/build-base.Containerfile)

fresh() { # fresh IMAGE: exists and is younger than BASE_MAX_AGE_DAYS
  local created
  created=$(podman image inspect --format '{{.Created.Unix}}' "$1" 2>/dev/null) || return 1
  [[ $rebuild_base -eq 0 && $(($(date +%s) - created)) -lt $((BASE_MAX_AGE_DAYS * 86400)) ]]
}

replace_base() { # replace_base IMAGE COMMAND...: builds IMAGE, then removes other tags of its repository
  "${@:2}" >"$TMP/base.log" 2>&1 || { tail -30 "$TMP/base.log" >&2; fatal "building $1"; }
  podman images --format '{{.Repository}}:{{.Tag}}' "${1%:*}" | grep -vxF "$1" \
    | xargs --no-run-if-empty podman rmi --force >/dev/null 2>&1 || true
}

import_debian() {
  "$HERE/debian-base.sh" "$TMP/rootfs" "$SUITE" "$MIRROR"
  podman rmi --force "$DEBIAN_IMAGE" 2>/dev/null || true
  tar -C "$TMP/rootfs" -c . | podman import --quiet - "$DEBIAN_IMAGE"
  rm -rf "$TMP/rootfs"
}

build_base() { # build_base IMAGE CONTAINERFILE BUILD-ARG
  podman rmi --force "$1" 2>/dev/null || true
  "${PODMAN[@]}" build --isolation chroot --network host --layers=false --pull=never --build-arg "$3" \
    -f "$2" -t "$1" "$HERE"
}

step "base images (cached; --rebuild-base to refresh)"
# One run at a time (re)builds them, holding the lock exclusively; a run building on them holds it
# shared, so that no other run (say with a different recipe) removes them under its build.
exec 9>"${TMPDIR:-/tmp}/latm-test-image-base.lock"
flock 9
rebuilt=0
if ! fresh "$DEBIAN_IMAGE"; then
  replace_base "$DEBIAN_IMAGE" import_debian
  rebuilt=1
fi
if [[ $rebuilt -eq 1 ]] || ! fresh "$RUNTIME_BASE"; then
  replace_base "$RUNTIME_BASE" build_base "$RUNTIME_BASE" $HERE/runtime-base.Containerfile DEBIAN_IMAGE="$DEBIAN_IMAGE"
  rebuilt=1
fi
if [[ $rebuilt -eq 1 ]] || ! fresh "$BUILD_BASE"; then
  replace_base "$BUILD_BASE" build_base "$BUILD_BASE" $HERE/build-base.Containerfile RUNTIME_BASE="$RUNTIME_BASE"
fi
flock -s 9
for base in "$DEBIAN_IMAGE" "$RUNTIME_BASE" "$BUILD_BASE"; do
  echo "   $base $(podman image inspect --format '{{.Size}}' "$base" | awk '{printf "%.0f MB", $1 / 1e6}')"
done
took "base images"

############################ 2. the image ############################
step "build docker/Dockerfile (offline Maven against $M2_REPO, read-only)"
"${PODMAN[@]}" build --isolation chroot --network host --layers=false --pull=never --format docker \
  --ignorefile $DOCKER/Dockerfile.dockerignore -f $DOCKER/Dockerfile \
  --build-arg BUILD_IMAGE="$BUILD_BASE" --build-arg RUNTIME_IMAGE="$RUNTIME_BASE" \
  --build-arg MAVEN_OFFLINE=true -v "$M2_REPO:/build/m2:ro" \
  -t "$IMAGE" . >"$TMP/build.log" 2>&1 \
  || { tail -40 "$TMP/build.log" >&2; fatal "podman build (an artifact missing from $M2_REPO? run mvn verify once)"; }
flock -u 9
took "image build"
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
ok "built $IMAGE in $((SECONDS - step_started)) s, $(awk -v s="$size" 'BEGIN {printf "%.0f MB", s / 1e6}')"

step "the image's configuration agrees with compose and Kubernetes"
podman image inspect "$IMAGE" >"$TMP/image.json"
# The server's own list of settings: every `latm server` option names its LATM_ variable.
containers+=("latm-test-$RUN-help")
"${PODMAN[@]}" run --rm --no-healthcheck --network none --name "latm-test-$RUN-help" \
  -e JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1 "$IMAGE" server --help >"$TMP/server-help.txt" 2>&1 || true
grep -o 'LATM_[A-Z0-9_]*' "$TMP/server-help.txt" | sort -u >"$TMP/settings.txt"
if "$PYTHON" $DOCKER/crosscheck.py --image-config "$TMP/image.json" --settings "$TMP/settings.txt"; then
  ok "ports, user, store volume, health check and settings"
else
  failed "image configuration" "see crosscheck's lines above"
fi

############################ 3. the running container ############################
read -r GRPC_PORT METRICS_PORT PROMETHEUS_PORT <<<"$(free_ports 3)"
TARGET=127.0.0.1:$GRPC_PORT
# The image's own JVM flags, plus the memory budget a container limit would give: this sandbox
# cannot apply cgroup limits (see runc-sandbox), and without one the JVM would size its fixed,
# pre-touched heap from the whole machine.
JAVA_OPTIONS="$(jq -r '.[0].Config.Env[] | select(startswith("JDK_JAVA_OPTIONS=")) | sub("^JDK_JAVA_OPTIONS="; "")' \
  "$TMP/image.json") -XX:MaxRAM=1g"
podman volume create "$VOLUME" >/dev/null

start_server() { # start_server NAME
  containers+=("$1")
  podman_quiet run --detach --name "$1" --network host --health-interval disable \
    -e LATM_BIND=127.0.0.1 -e LATM_PORT="$GRPC_PORT" -e LATM_METRICS_PORT="$METRICS_PORT" \
    -e LATM_SHUTDOWN_GRACE=$GRACE -e JDK_JAVA_OPTIONS="$JAVA_OPTIONS" \
    -v "$VOLUME:/var/lib/latm" "$IMAGE" >/dev/null
}

wait_healthy() { # wait_healthy NAME: runs the image's HEALTHCHECK until it passes (3 minutes at most)
  local deadline=$((SECONDS + 180))
  while [[ $SECONDS -lt $deadline ]]; do
    if [[ $(podman inspect --format '{{.State.Running}}' "$1") != true ]]; then
      podman logs "$1" 2>&1 | tail -20 >&2
      return 1
    fi
    timeout 60 "${PODMAN[@]}" healthcheck run "$1" >/dev/null 2>&1 && return 0
    sleep 2
  done
  return 1
}

clients=0
latm_client() { # latm_client ARGS...: the image's CLI in a container of its own, like any client
  clients=$((clients + 1))
  local name=latm-test-$RUN-client-$clients
  containers+=("$name")
  timeout 300 "${PODMAN[@]}" run --rm --no-healthcheck --network host --name "$name" \
    -e JDK_JAVA_OPTIONS="-XX:TieredStopAtLevel=1 -Xmx256m" "$IMAGE" "$@"
}

measure() { # measure ENGINE RESOLUTION: a quick measurement, its JSON on stdout
  latm_client measure --target "$TARGET" --preset mobilenet_v3_small --resolution "$2" --engine "$1" \
    --min-runs 20 --max-runs 50 --format json 2>>"$TMP/client.err"
}

step "start the container (ports $GRPC_PORT, $METRICS_PORT on 127.0.0.1) and wait for its HEALTHCHECK"
first=latm-test-$RUN-a
start_server "$first"
wait_healthy "$first" || fatal "the HEALTHCHECK never passed within 3 minutes"
health=$(podman inspect --format '{{.State.Health.Status}}' "$first")
[[ $health == healthy ]] && ok "podman healthcheck run: healthy after $((SECONDS - step_started)) s" \
  || failed "health" "podman reports $health"
took "start until healthy"

step "it runs as uid 10001"
ids=$("${PODMAN[@]}" exec "$first" sh -c 'id -u; id -g; grep -E "^(Uid|Gid):" /proc/1/status' | tr -s '\t\n' ' ')
if [[ $ids == "10001 10001 Uid: 10001 10001 10001 10001 Gid: 10001 10001 10001 10001 " ]]; then
  ok "exec and the server process (pid 1): $ids"
else
  failed "uid" "expected uid and gid 10001 everywhere, got: $ids"
fi

step "a real Prometheus (127.0.0.1:$PROMETHEUS_PORT) with docker/prometheus/prometheus.yml"
"$PYTHON" $HERE/live_prometheus.py config --latm "127.0.0.1:$METRICS_PORT" --self "127.0.0.1:$PROMETHEUS_PORT" \
  "$TMP/prometheus.yml"
prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/prometheus-data" \
  --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --log.level=warn >"$TMP/prometheus.log" 2>&1 &
pids+=($!)
PROMETHEUS=http://127.0.0.1:$PROMETHEUS_PORT
for _ in $(seq 60); do curl -fs "$PROMETHEUS/-/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "$PROMETHEUS/-/ready" >/dev/null || { tail "$TMP/prometheus.log" >&2; fatal "Prometheus did not start"; }
ok "ready: the shipped scrape config and rule files, targets on loopback, every second"

step "latm measure --target through the container, both engines"
# baselines first, calibrated cheaply (`latm calibrate`'s timing flags replace the server's plan): the
# real plan refuses a host whose speed shifts during every attempt, as a shared CI machine's does, and
# this check is about the image, not the host
for engine in onnxruntime java; do
  latm_client calibrate --target "$TARGET" --engine $engine --min-runs 20 --max-runs 200 --precision 0.99 \
    --max-seconds 1 --warmup-runs 2 --warmup-seconds 0.01 >/dev/null 2>>"$TMP/client.err" \
    || failed "calibrate $engine" "$(tail -5 "$TMP/client.err")"
done
declare -A first_result
for engine in onnxruntime java; do
  if result=$(measure $engine 96) && jq -e --arg engine $engine \
    '.engine == $engine and .from_store == false and .runs > 0 and .median_ms > 0' <<<"$result" >/dev/null; then
    first_result[$engine]=$result
    ok "$engine: $(jq -r '"median \(.median_ms) ms over \(.runs) runs, id \(.architecture_id)"' <<<"$result")"
  else
    failed "measure $engine" "$engine: $result $(tail -5 "$TMP/client.err")"
  fi
done
took "measure on both engines"

step "a result survives: a new container on the same volume answers from the store"
podman_quiet stop --time $((GRACE + EXIT_SLACK)) "$first" >/dev/null
podman_quiet rm "$first" >/dev/null
second=latm-test-$RUN-b
start_server "$second"
wait_healthy "$second" || fatal "the second container's HEALTHCHECK never passed"
for engine in onnxruntime java; do
  [[ -n ${first_result[$engine]:-} ]] || continue
  result=$(measure $engine 96) || true
  if jq -e --argjson before "${first_result[$engine]}" '.from_store == true
      and .architecture_id == $before.architecture_id and .measured_at == $before.measured_at' <<<"$result" >/dev/null; then
    ok "$engine: from_store true, measured_at $(jq -r .measured_at <<<"$result") as before"
  else
    failed "store survives ($engine)" "expected the stored result, got: $result"
  fi
done

step "workload for the dashboard and alerts: fresh measurements, a bad and an over-limit request"
for engine in onnxruntime java; do
  measure $engine 128 >/dev/null || failed "measure $engine after restart" "$(tail -5 "$TMP/client.err")"
done
# Expected refusals, so that the error panels and alert selectors have series: an invalid
# resolution (INVALID_ARGUMENT, exit 2) and one over the server's limit (RESOURCE_EXHAUSTED, exit 3).
for expected in "31 2 INVALID_ARGUMENT" "2048 3 RESOURCE_EXHAUSTED"; do
  read -r resolution code status <<<"$expected"
  set +e
  output=$(latm_client measure --target "$TARGET" --preset mobilenet_v3_small --resolution "$resolution" 2>&1)
  actual=$?
  set -e
  if [[ $actual -eq $code && $output == *"$status"* ]]; then
    ok "resolution $resolution: exit $actual, $status"
  else
    failed "refusal $status" "resolution $resolution: expected exit $code and $status, got exit $actual: $output"
  fi
done
took "restart and workload"

step "every dashboard query and alert rule returns data from Prometheus's HTTP API"
sleep 5 # a few more scrapes and rule evaluations after the workload
if "$PYTHON" $HERE/live_prometheus.py check --url "$PROMETHEUS"; then
  ok "dashboards docker/grafana/dashboards/*.json and every rule Prometheus loaded"
else
  failed "prometheus queries" "see the lines above"
fi

step "SIGTERM drains: NOT_SERVING, the running measurement stopped, exit within $GRACE s, store closed"
touch "$TMP/watch.out"
"$PYTHON" $HERE/health_watch.py "$TARGET" >"$TMP/watch.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q '^SERVING' "$TMP/watch.out" && break; sleep 0.2; done
received() { # Measure requests the server has received so far
  curl -fs "http://127.0.0.1:$METRICS_PORT/metrics" \
    | awk '/^grpc_server_requests_received_messages_total\{.*method="Measure"/ {n += $2} END {print n + 0}'
}
before=$(received)
# Longer than the grace period on purpose: the drain must cancel it, not wait for it.
(status=0
latm_client measure --target "$TARGET" --preset mobilenet_v3_large --engine onnxruntime --force \
  --min-runs 100000 --max-runs 100000 --max-seconds 120 --format json >"$TMP/drain-client.out" 2>&1 || status=$?
echo $status >"$TMP/drain-client.rc") &
pids+=($!)
for _ in $(seq 120); do [[ $(received) != "$before" ]] && break; sleep 0.5; done
sleep 3 # past the build and warm-up, into the timed runs
signalled=$(date +%s.%N)
podman_quiet kill --signal TERM "$second" >/dev/null
timeout $((GRACE + 60)) podman wait "$second" >"$TMP/exit-code" || true
exited=$(date +%s.%N)
wait "${pids[-1]}" 2>/dev/null || true
elapsed=$(awk -v a="$signalled" -v b="$exited" 'BEGIN {printf "%.1f", b - a}')
exit_code=$(podman inspect --format '{{.State.ExitCode}}' "$second")
running=$(podman inspect --format '{{.State.Running}}' "$second")
if grep -q '^NOT_SERVING' "$TMP/watch.out"; then
  ok "health watch: $(tr '\n' ' ' <"$TMP/watch.out")(seconds since the watch began)"
else
  failed "drain: NOT_SERVING" "the health watch never saw NOT_SERVING: $(cat "$TMP/watch.out")"
fi
if [[ $running == false ]] && awk -v e="$elapsed" -v limit=$((GRACE + EXIT_SLACK)) 'BEGIN {exit !(e <= limit)}'; then
  ok "exited $elapsed s after SIGTERM (grace $GRACE s + $EXIT_SLACK s for the JVM), exit code $exit_code"
else
  failed "drain: exit in time" "running=$running, $elapsed s after SIGTERM, more than $GRACE + $EXIT_SLACK s"
fi
client_rc=$(cat "$TMP/drain-client.rc" 2>/dev/null || echo none)
client_status=$(grep -oE 'CANCELLED|UNAVAILABLE|ABORTED|DEADLINE_EXCEEDED|INTERNAL|UNKNOWN' "$TMP/drain-client.out" | head -1)
if [[ $client_rc == 0 || $client_status =~ ^(CANCELLED|UNAVAILABLE|ABORTED)$ ]]; then
  ok "the in-flight measurement: exit $client_rc ${client_status:-(finished)}"
else
  failed "drain: in-flight call" "exit $client_rc: $(tail -5 "$TMP/drain-client.out")"
fi
store_dir=$(podman volume inspect --format '{{.Mountpoint}}' "$VOLUME")
if [[ -s $store_dir/results.db && ! -e $store_dir/results.db-wal ]]; then
  ok "store closed: results.db without a -wal file (SQLite checkpoints and removes it on close)"
else
  failed "drain: store closed" "$(ls -la "$store_dir")"
fi
echo "   server log: $(podman logs "$second" 2>&1 | grep -v '^NOTE\|^WARNING' | tail -3 | tr '\n' '|')"

echo
echo "== timings: ${timings[*]/%/;} total $SECONDS s; image $(awk -v s="$size" 'BEGIN {printf "%.0f MB", s / 1e6}')"
if [[ ${#failures[@]} -ne 0 ]]; then
  echo "test-image: ${#failures[@]} check(s) FAILED: ${failures[*]}" >&2
  exit 1
fi
echo "test-image: the image builds and every check passed"
