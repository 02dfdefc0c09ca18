#!/usr/bin/python3
"""Static checks of the Kubernetes manifests in docker/k8s (no cluster needed).

    validate_manifests.py [K8S_DIR]          # the files, plus kustomization.yaml coverage
    validate_manifests.py --rendered FILE    # a `kubectl kustomize` output stream ('-' = stdin)

Every document is read into a typed resource (missing required fields are errors), then the
fleet's rules are checked: Guaranteed QoS with whole CPUs (so the static CPU manager pins
exclusive cores), gRPC probes on the gRPC port, a headless Service that reaches the pods,
scrape annotations on the metrics port, ConfigMap settings that agree with the container.
Exit 0 when all hold, 1 listing every violation, 2 on unreadable input. Needs PyYAML
(Debian: python3-yaml).
"""
import argparse
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import yaml

# kind -> the apiVersion this repository writes it with.
KNOWN_KINDS = {
    "Namespace": "v1",
    "ConfigMap": "v1",
    "Service": "v1",
    "DaemonSet": "apps/v1",
    "ServiceMonitor": "monitoring.coreos.com/v1",
    "Kustomization": "kustomize.config.k8s.io/v1beta1",
}
CLUSTER_SCOPED = {"Namespace", "Kustomization"}
# Kinds that need a CRD; their files may stay out of kustomization.yaml (applied on their own).
OPTIONAL_CRD_KINDS = {"ServiceMonitor"}

# The server's settings (the latm server contract); a LATM_ key outside this set is a typo.
KNOWN_SETTINGS = {
    "LATM_PORT", "LATM_METRICS_PORT", "LATM_ENGINE", "LATM_THREADS", "LATM_QUEUE", "LATM_STORE",
    "LATM_DEVICE_ID", "LATM_TLS_CERT", "LATM_TLS_KEY", "LATM_TLS_CLIENT_CA",
    "LATM_AUTH_TOKEN_FILE", "LATM_BIND",
}
HEADLESS_SERVICE = "latm-headless"
GRPC_PORT, METRICS_PORT = 50051, 9464

_BINARY_SUFFIXES = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL_SUFFIXES = {"m": Fraction(1, 1000), "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12,
                     "P": 10**15, "E": 10**18}


class ManifestError(Exception):
    """A document that does not have the shape its kind requires."""


def quantity(value):
    """A Kubernetes resource quantity ("2", "1500m", "2Gi", "1e9") as an exact Fraction."""
    text = str(value).strip()
    for suffixes in (_BINARY_SUFFIXES, _DECIMAL_SUFFIXES):
        for suffix, factor in suffixes.items():
            if text.endswith(suffix) and len(text) > len(suffix):
                return Fraction(text[: -len(suffix)]) * factor
    try:
        return Fraction(text)  # plain numbers and exponents ("1e9" is accepted by Fraction)
    except (ValueError, ZeroDivisionError) as error:
        raise ManifestError(f"{value!r} is not a resource quantity") from error


# ---------------------------------------------------------------- typed resources


def _get(mapping, path, where, required=True, kind=None):
    """mapping[path...] with a message naming the field when it is missing or of the wrong type."""
    node = mapping
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node or node[key] is None:
            if required:
                raise ManifestError(f"{where}: {path} is required")
            return None
        node = node[key]
    if kind is not None and not isinstance(node, kind):
        raise ManifestError(f"{where}: {path} must be a {kind.__name__}, not {type(node).__name__}")
    return node


@dataclass(frozen=True)
class Resource:
    source: str
    api_version: str
    kind: str
    name: str
    namespace: object
    labels: dict
    annotations: dict
    body: dict

    @property
    def ref(self):
        return f"{self.source}: {self.kind}/{self.name}"


@dataclass(frozen=True)
class Probe:
    handler: str  # grpc, httpGet, tcpSocket or exec
    port: object


@dataclass(frozen=True)
class Container:
    name: str
    image: str
    ports: dict  # port name -> containerPort
    requests: dict
    limits: dict
    probes: dict  # readinessProbe/livenessProbe/startupProbe -> Probe
    config_maps: tuple
    env: dict  # literal env values (valueFrom entries map to None)
    mounts: dict  # mountPath -> volume name
    run_as_non_root: object


@dataclass(frozen=True)
class PodTemplate:
    labels: dict
    annotations: dict
    node_selector: dict
    enable_service_links: object
    run_as_non_root: object
    containers: tuple
    init_containers: tuple
    volumes: tuple


@dataclass(frozen=True)
class ServicePort:
    name: str
    port: int
    target_port: object


def resource(document, source):
    where = f"{source}: a document"
    api_version = _get(document, "apiVersion", where, kind=str)
    kind = _get(document, "kind", where, kind=str)
    if kind == "Kustomization":
        return Resource(source, api_version, kind, "kustomization", None, {}, {}, document)
    name = _get(document, "metadata.name", f"{source}: {kind}", kind=str)
    if kind not in KNOWN_KINDS:
        raise ManifestError(f"{source}: {kind}/{name}: unknown kind; teach validate_manifests.py "
                            f"its rules before adding it")
    if api_version != KNOWN_KINDS[kind]:
        raise ManifestError(f"{source}: {kind}/{name}: apiVersion is {api_version}, expected "
                            f"{KNOWN_KINDS[kind]}")
    metadata = document["metadata"]
    return Resource(source, api_version, kind, name, metadata.get("namespace"),
                    metadata.get("labels") or {}, metadata.get("annotations") or {}, document)


def _probe(spec, where):
    handlers = [key for key in ("grpc", "httpGet", "tcpSocket", "exec") if key in spec]
    if len(handlers) != 1:
        raise ManifestError(f"{where}: needs exactly one handler, has {handlers or 'none'}")
    handler = handlers[0]
    return Probe(handler, (spec[handler] or {}).get("port"))


def _container(spec, where):
    name = _get(spec, "name", where, kind=str)
    where = f"{where} container {name}"
    ports = {}
    for index, port in enumerate(spec.get("ports") or []):
        number = _get(port, "containerPort", f"{where} ports[{index}]", kind=int)
        ports[port.get("name", str(number))] = number
    resources = spec.get("resources") or {}
    env = {}
    for index, variable in enumerate(spec.get("env") or []):
        env[_get(variable, "name", f"{where} env[{index}]", kind=str)] = variable.get("value")
    config_maps = tuple(_get(source, "configMapRef.name", f"{where} envFrom", kind=str)
                        for source in spec.get("envFrom") or [] if "configMapRef" in source)
    mounts = {_get(mount, "mountPath", f"{where} volumeMounts", kind=str):
              _get(mount, "name", f"{where} volumeMounts", kind=str)
              for mount in spec.get("volumeMounts") or []}
    probes = {key: _probe(spec[key], f"{where} {key}")
              for key in ("readinessProbe", "livenessProbe", "startupProbe") if spec.get(key)}
    return Container(name, _get(spec, "image", where, kind=str), ports,
                     resources.get("requests") or {}, resources.get("limits") or {}, probes,
                     config_maps, env, mounts,
                     (spec.get("securityContext") or {}).get("runAsNonRoot"))


def pod_template(workload):
    where = workload.ref
    template = _get(workload.body, "spec.template", where, kind=dict)
    spec = _get(template, "spec", f"{where} template", kind=dict)
    containers = _get(spec, "containers", f"{where} template.spec", kind=list)
    if not containers:
        raise ManifestError(f"{where}: template.spec.containers is empty")
    metadata = template.get("metadata") or {}
    return PodTemplate(
        metadata.get("labels") or {}, metadata.get("annotations") or {},
        spec.get("nodeSelector") or {}, spec.get("enableServiceLinks"),
        (spec.get("securityContext") or {}).get("runAsNonRoot"),
        tuple(_container(c, where) for c in containers),
        tuple(_container(c, where) for c in spec.get("initContainers") or []),
        tuple(_get(v, "name", f"{where} volumes", kind=str) for v in spec.get("volumes") or []))


def service_ports(service):
    ports = _get(service.body, "spec.ports", service.ref, kind=list)
    return tuple(ServicePort(port.get("name", ""), _get(port, "port", f"{service.ref} port", kind=int),
                             port.get("targetPort", port["port"])) for port in ports)


# ---------------------------------------------------------------- rules


def check_guaranteed(container, where):
    """Guaranteed QoS with whole CPUs: what the kubelet's static CPU manager needs to pin cores."""
    problems = []
    for resource_name in ("cpu", "memory"):
        request, limit = container.requests.get(resource_name), container.limits.get(resource_name)
        if request is None or limit is None:
            problems.append(f"{where}: resources.requests.{resource_name} and limits.{resource_name} "
                            f"must both be set (Guaranteed QoS)")
        elif quantity(request) != quantity(limit):
            problems.append(f"{where}: {resource_name} request {request} != limit {limit}; "
                            f"Guaranteed QoS needs them equal")
    cpu = container.limits.get("cpu")
    if cpu is not None and quantity(cpu).denominator != 1:
        problems.append(f"{where}: cpu {cpu} is not a whole number of cores; the static CPU "
                        f"manager pins exclusive cores only for integer CPU")
    return problems


def check_workload(workload, config_maps):
    problems = []
    where = workload.ref
    pod = pod_template(workload)
    selector = _get(workload.body, "spec.selector.matchLabels", where, kind=dict)
    if not selector.items() <= pod.labels.items():
        problems.append(f"{where}: spec.selector.matchLabels {selector} do not match the pod "
                        f"template's labels {pod.labels}")
    if not pod.node_selector:
        problems.append(f"{where}: needs a nodeSelector naming the device nodes")
    if pod.enable_service_links is not False:
        problems.append(f"{where}: set enableServiceLinks: false, or a Service named latm injects "
                        f"LATM_PORT=tcp://... over the server's own setting")
    for container in pod.init_containers + pod.containers:
        problems += check_guaranteed(container, f"{where} container {container.name}")
    for container in pod.containers:
        cwhere = f"{where} container {container.name}"
        if pod.run_as_non_root is not True and container.run_as_non_root is not True:
            problems.append(f"{cwhere}: set securityContext.runAsNonRoot: true")
        grpc_port, metrics_port = container.ports.get("grpc"), container.ports.get("metrics")
        if grpc_port != GRPC_PORT or metrics_port != METRICS_PORT:
            problems.append(f"{cwhere}: needs ports named grpc ({GRPC_PORT}) and metrics "
                            f"({METRICS_PORT}), has {container.ports}")
        for probe_name in ("readinessProbe", "livenessProbe"):
            if probe_name not in container.probes:
                problems.append(f"{cwhere}: {probe_name} is required")
        for probe_name, probe in container.probes.items():
            if probe.handler != "grpc" or probe.port != grpc_port:
                problems.append(f"{cwhere}: {probe_name} must be a grpc probe on port {grpc_port} "
                                f"(the grpc.health.v1 service), is {probe.handler} on {probe.port}")
        for mount_path, volume in container.mounts.items():
            if volume not in pod.volumes:
                problems.append(f"{cwhere}: volumeMount {mount_path} names volume {volume!r}, "
                                f"which the pod does not define")
        settings = {}
        for name in container.config_maps:
            if name not in config_maps:
                problems.append(f"{cwhere}: envFrom names ConfigMap {name!r}, which is not defined")
            else:
                settings.update(config_maps[name])
        settings.update({k: v for k, v in container.env.items() if v is not None})
        problems += check_settings(settings, container, cwhere)
    annotations = pod.annotations
    if annotations.get("prometheus.io/scrape") != "true" or \
            annotations.get("prometheus.io/port") != str(METRICS_PORT):
        problems.append(f"{where}: pod template needs annotations prometheus.io/scrape: \"true\" "
                        f"and prometheus.io/port: \"{METRICS_PORT}\"")
    return problems


def check_settings(settings, container, where):
    """The LATM_ settings a container gets must agree with its ports, cores and volumes."""
    problems = []
    for key, port_name in (("LATM_PORT", "grpc"), ("LATM_METRICS_PORT", "metrics")):
        if key in settings and str(settings[key]) != str(container.ports.get(port_name)):
            problems.append(f"{where}: {key}={settings[key]} but the {port_name} containerPort is "
                            f"{container.ports.get(port_name)}")
    if settings.get("LATM_BIND", "0.0.0.0") != "0.0.0.0":
        problems.append(f"{where}: LATM_BIND must be 0.0.0.0 in a pod, or probes cannot connect")
    store = settings.get("LATM_STORE")
    if store and not any(store.startswith(path.rstrip("/") + "/") for path in container.mounts):
        problems.append(f"{where}: LATM_STORE={store} is not on a mounted volume (read-only root)")
    threads, cpu = settings.get("LATM_THREADS"), container.limits.get("cpu")
    if threads and cpu and int(threads) > quantity(cpu):
        problems.append(f"{where}: LATM_THREADS={threads} exceeds the {cpu} CPU limit")
    return problems


def check_config_map(config_map):
    problems = []
    data = config_map.body.get("data") or {}
    for key, value in data.items():
        if not isinstance(value, str):
            problems.append(f"{config_map.ref}: data.{key} is {type(value).__name__} {value!r}; "
                            f"ConfigMap values must be strings - quote it")
        if key.startswith("LATM_") and key not in KNOWN_SETTINGS:
            problems.append(f"{config_map.ref}: {key} is not a latm setting (known: "
                            f"{', '.join(sorted(KNOWN_SETTINGS))})")
    return problems


def check_service(service, pods):
    problems = []
    selector = _get(service.body, "spec.selector", service.ref, kind=dict)
    targets = [pod for pod in pods if selector.items() <= pod.labels.items()]
    if not targets:
        return [f"{service.ref}: selector {selector} matches no pod template"]
    if service.name == HEADLESS_SERVICE and service.body["spec"].get("clusterIP") != "None":
        problems.append(f"{service.ref}: must be headless (clusterIP: None) so DNS returns every pod")
    named_ports = {name: number for pod in targets for c in pod.containers
                   for name, number in c.ports.items()}
    for port in service_ports(service):
        target = port.target_port
        if target not in named_ports and target not in named_ports.values():
            problems.append(f"{service.ref}: port {port.name} targets {target}, which no selected "
                            f"container exposes ({named_ports})")
    exposed = {(port.name, port.port) for port in service_ports(service)}
    for expected in (("grpc", GRPC_PORT), ("metrics", METRICS_PORT)):
        if service.name == HEADLESS_SERVICE and expected not in exposed:
            problems.append(f"{service.ref}: needs port {expected[0]} = {expected[1]}")
    return problems


def check_service_monitor(monitor, services, namespace):
    where = monitor.ref
    selector = _get(monitor.body, "spec.selector.matchLabels", where, kind=dict)
    matched = [s for s in services if selector.items() <= s.labels.items()]
    if not matched:
        return [f"{where}: selector {selector} matches no Service's labels"]
    problems = []
    names = _get(monitor.body, "spec.namespaceSelector.matchNames", where, required=False) or []
    if namespace and names and namespace not in names:
        problems.append(f"{where}: namespaceSelector.matchNames {names} misses {namespace}")
    port_names = {port.name for service in matched for port in service_ports(service)}
    for endpoint in _get(monitor.body, "spec.endpoints", where, kind=list):
        if endpoint.get("port") not in port_names:
            problems.append(f"{where}: endpoint port {endpoint.get('port')!r} is not a named port "
                            f"of the selected Service(s) {sorted(port_names)}")
    return problems


def check_kustomization(kustomization, directory, resources):
    problems = []
    listed = set(_get(kustomization.body, "resources", kustomization.ref, kind=list))
    for entry in sorted(listed):
        if not (directory / entry).exists():
            problems.append(f"{kustomization.ref}: resource {entry} does not exist")
    by_file = {}
    for item in resources:
        by_file.setdefault(item.source, set()).add(item.kind)
    for source, kinds in sorted(by_file.items()):
        if source in listed or "Kustomization" in kinds or kinds <= OPTIONAL_CRD_KINDS:
            continue
        problems.append(f"{kustomization.ref}: {source} is not listed under resources")
    namespace = kustomization.body.get("namespace")
    declared = {item.name for item in resources if item.kind == "Namespace"}
    if namespace and namespace not in declared:
        problems.append(f"{kustomization.ref}: namespace {namespace} is not created by any manifest")
    return problems


def check(resources, directory=None):
    """Every rule over one set of resources; returns the list of violations."""
    problems = []
    kustomizations = [r for r in resources if r.kind == "Kustomization"]
    namespace = kustomizations[0].body.get("namespace") if kustomizations else None
    if namespace is None:
        names = {r.name for r in resources if r.kind == "Namespace"}
        namespace = next(iter(names)) if len(names) == 1 else None
    for item in resources:
        if item.kind not in CLUSTER_SCOPED and item.namespace not in (None, namespace):
            problems.append(f"{item.ref}: namespace {item.namespace}, expected {namespace}")
    config_maps = {r.name: (r.body.get("data") or {}) for r in resources if r.kind == "ConfigMap"}
    workloads = [r for r in resources if r.kind == "DaemonSet"]
    services = [r for r in resources if r.kind == "Service"]
    if not workloads:
        problems.append("no DaemonSet: the fleet needs one latm pod per device node")
    if HEADLESS_SERVICE not in {s.name for s in services}:
        problems.append(f"no Service {HEADLESS_SERVICE}: clients resolve the fleet through it")
    pods = []
    for item in resources:
        try:
            if item.kind == "ConfigMap":
                problems += check_config_map(item)
            elif item.kind == "DaemonSet":
                problems += check_workload(item, config_maps)
                pods.append(pod_template(item))
        except ManifestError as error:
            problems.append(str(error))
    for item in resources:
        try:
            if item.kind == "Service":
                problems += check_service(item, pods)
            elif item.kind == "ServiceMonitor":
                problems += check_service_monitor(item, services, namespace)
            elif item.kind == "Kustomization" and directory is not None:
                problems += check_kustomization(item, directory, resources)
        except ManifestError as error:
            problems.append(str(error))
    return problems


def load(stream_text, source):
    documents = [d for d in yaml.safe_load_all(stream_text) if d is not None]
    for document in documents:
        if not isinstance(document, dict):
            raise ManifestError(f"{source}: a document is a {type(document).__name__}, not a mapping")
    return [resource(document, source) for document in documents]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", default=str(Path(__file__).resolve().parent / "k8s"))
    parser.add_argument("--rendered", metavar="FILE", help="check a rendered stream instead")
    args = parser.parse_args(argv)
    try:
        if args.rendered:
            text = sys.stdin.read() if args.rendered == "-" else Path(args.rendered).read_text()
            resources, directory = load(text, args.rendered if args.rendered != "-" else "<stdin>"), None
        else:
            directory = Path(args.directory)
            files = sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml"))
            if not files:
                raise ManifestError(f"no manifests in {directory}")
            resources = [r for path in files
                         for r in load(path.read_text(), str(path.relative_to(directory)))]
    except (OSError, yaml.YAMLError) as error:
        print(f"validate_manifests: cannot read manifests: {error}", file=sys.stderr)
        return 2
    except ManifestError as error:
        print(f"validate_manifests: {error}", file=sys.stderr)
        return 1
    problems = check(resources, directory)
    for problem in problems:
        print(f"validate_manifests: {problem}", file=sys.stderr)
    if problems:
        return 1
    kinds = ", ".join(f"{r.kind}/{r.name}" for r in resources if r.kind != "Kustomization")
    print(f"validate_manifests: {len(resources)} documents OK ({kinds})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
