#!/usr/bin/python3
"""latm's own cross-file rules for docker/: the settings, ports, user, store path, image name and
monitoring wiring that the image, compose, Prometheus, Grafana and Kubernetes files must agree on.

    crosscheck.py [--docker DIR] [--settings FILE] [--image-config FILE]

--settings FILE      the server's setting names, one per line (DeploymentFilesTest writes them
                     from the CLI's own `server` options); every LATM_ variable a deployment
                     file sets must be one of them
--image-config FILE  `podman image inspect IMAGE` (or docker's) of the built image
                     (docker/test-image.sh passes it): its ports, user, store volume and
                     defaults must agree with compose and Kubernetes

Syntax and schemas are the standard tools' job (validate.sh runs yamllint, `docker-compose
config -q`, promtool and `kubectl kustomize`; test-image.sh builds and runs the image); this
checks only what no generic tool can know. Exit 0 when all hold, 1 listing every violation,
2 on unreadable input. Needs PyYAML (Debian: python3-yaml).
"""
import argparse
import json
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import yaml

DOCKER_DIR = Path(__file__).resolve().parent
# The names the files use for the server's two ports (k8s port names, compose service).
GRPC, METRICS = "grpc", "metrics"
PORT_SETTINGS = {GRPC: "LATM_PORT", METRICS: "LATM_METRICS_PORT"}
# libyaml's loader where installed (python3-yaml has it): 10x faster than the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Kinds that need a CRD and so are applied on their own, outside kustomization.yaml.
CRD_KINDS = {"ServiceMonitor"}


class InputError(Exception):
    """A file that cannot be read or parsed."""


def read_yaml_documents(path):
    try:
        return [d for d in yaml.load_all(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER) if d is not None]
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise InputError(f"{path} is not valid YAML: {error}") from error


def read_yaml(path):
    documents = read_yaml_documents(path)
    return documents[0] if documents else {}


class Deployment:
    """The facts each deployment file states, read once."""

    def __init__(self, docker_dir):
        self.dir = docker_dir
        self.compose = read_yaml(docker_dir / "compose.yaml")
        self.services = self.compose.get("services") or {}
        self.prometheus_config_path = docker_dir / "prometheus" / "prometheus.yml"
        self.prometheus = read_yaml(self.prometheus_config_path)
        self.k8s = [(path.name, document) for path in sorted((docker_dir / "k8s").glob("*.y*ml"))
                    for document in read_yaml_documents(path)]

    def kind(self, kind):
        return [document for _, document in self.k8s if document.get("kind") == kind]

    def latm_container(self):
        for daemonset in self.kind("DaemonSet"):
            for container in daemonset["spec"]["template"]["spec"]["containers"]:
                if container.get("name") == "latm":
                    return daemonset, container
        raise InputError("docker/k8s has no DaemonSet with a container named latm")

    def k8s_settings(self):
        """The LATM_ settings the latm pod gets: ConfigMaps it loads, then its literal env."""
        _, container = self.latm_container()
        config_maps = {c["metadata"]["name"]: c.get("data") or {} for c in self.kind("ConfigMap")}
        settings = {}
        for source in container.get("envFrom") or []:
            settings.update(config_maps.get((source.get("configMapRef") or {}).get("name"), {}))
        settings.update({e["name"]: e.get("value") for e in container.get("env") or []})
        return settings

    def compose_settings(self):
        environment = self.services.get("latm", {}).get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) for item in environment)
        return {key: str(value) for key, value in environment.items()}


class Image:
    """The built image's configuration, from `podman image inspect`."""

    def __init__(self, inspected):
        image = inspected[0] if isinstance(inspected, list) else inspected
        config = image.get("Config") or {}
        self.env = dict(item.split("=", 1) for item in config.get("Env") or [])
        self.ports = {int(port.split("/")[0]) for port in config.get("ExposedPorts") or {}}
        self.user = config.get("User") or ""
        self.volumes = set(config.get("Volumes") or {})
        # docker keeps it in Config, podman beside it
        self.healthcheck = (config.get("Healthcheck") or image.get("Healthcheck") or {}).get("Test") or []


def mounts(service):
    """(source, target, is_bind) for each volume of a compose service, short or long syntax."""
    result = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            result.append((volume.get("source", ""), volume.get("target", ""), volume.get("type") == "bind"))
        else:
            parts = str(volume).split(":")
            source, target = (parts[0], parts[1]) if len(parts) > 1 else ("", parts[0])
            result.append((source, target, source.startswith((".", "/", "~"))))
    return result


def host_path(service, compose_dir, container_path):
    """The file a compose service's bind mounts put at container_path, or None."""
    wanted = PurePosixPath(container_path)
    for source, target, is_bind in mounts(service):
        target = PurePosixPath(target)
        if is_bind and (wanted == target or target in wanted.parents):
            return (compose_dir / source / wanted.relative_to(target)).resolve()
    return None


def check_ports(deployment, image):
    """One gRPC and one metrics port number, the same in every file."""
    daemonset, container = deployment.latm_container()
    named = {port.get("name"): port.get("containerPort") for port in container.get("ports") or []}
    claims = {GRPC: [], METRICS: []}  # port name -> [(where, number)]
    for name in (GRPC, METRICS):
        claims[name].append((f"k8s daemonset containerPort {name}", named.get(name)))
        k8s_setting = deployment.k8s_settings().get(PORT_SETTINGS[name])
        if k8s_setting is not None:
            claims[name].append((f"k8s {PORT_SETTINGS[name]}", int(k8s_setting)))
        compose_setting = deployment.compose_settings().get(PORT_SETTINGS[name])
        if compose_setting is not None:
            claims[name].append((f"compose {PORT_SETTINGS[name]}", int(compose_setting)))
        if image is not None:
            claims[name].append((f"image ENV {PORT_SETTINGS[name]}", int(image.env.get(PORT_SETTINGS[name], -1))))
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        if probe in container:
            claims[GRPC].append((f"k8s {probe} grpc.port", (container[probe].get("grpc") or {}).get("port")))
    annotations = daemonset["spec"]["template"]["metadata"].get("annotations") or {}
    claims[METRICS].append(("k8s prometheus.io/port annotation", int(annotations.get("prometheus.io/port", -1))))
    for job in deployment.prometheus.get("scrape_configs") or []:
        for static in job.get("static_configs") or []:
            for target in static.get("targets") or []:
                host, _, port = str(target).rpartition(":")
                if host == "latm":
                    claims[METRICS].append((f"prometheus.yml job {job.get('job_name')} target", int(port)))
    problems = []
    for name, found in claims.items():
        numbers = {number for _, number in found}
        if len(numbers) != 1:
            problems.append(f"the {name} port differs between files: "
                            + ", ".join(f"{where} = {number}" for where, number in found))
    grpc_port, metrics_port = claims[GRPC][0][1], claims[METRICS][0][1]
    published = set()
    for port in deployment.services.get("latm", {}).get("ports") or []:
        text = str(port.get("target")) if isinstance(port, dict) else str(port)
        published.add(int(text.split(":")[-1].split("/")[0]))
    for name, number in ((GRPC, grpc_port), (METRICS, metrics_port)):
        if number not in published:
            problems.append(f"compose: service latm does not publish the {name} port {number} "
                            f"(publishes {sorted(published)})")
        if image is not None and number not in image.ports:
            problems.append(f"image: does not EXPOSE the {name} port {number} (exposes {sorted(image.ports)})")
    for service in deployment.kind("Service"):
        for port in service["spec"].get("ports") or []:
            target = port.get("targetPort", port.get("port"))
            if target not in named and target not in named.values():
                problems.append(f"k8s Service {service['metadata']['name']}: port {port.get('name')} targets "
                                f"{target!r}, which the latm container does not expose ({named})")
    return problems


def check_settings(deployment, image, known):
    """Every LATM_ variable a file sets is a server setting; the store lives on the volume."""
    problems = []
    sources = {"compose latm.environment": deployment.compose_settings(),
               "k8s latm pod (ConfigMap + env)": deployment.k8s_settings()}
    if image is not None:
        sources["image ENV"] = image.env
    for where, settings in sources.items():
        for key in sorted(k for k in settings if k.startswith("LATM_")):
            if known is not None and key not in known:
                problems.append(f"{where}: {key} is not a setting of `latm server` "
                                f"(it reads {', '.join(sorted(known))})")
    _, container = deployment.latm_container()
    k8s_mounts = {mount["mountPath"] for mount in container.get("volumeMounts") or []}
    compose_targets = {target for _, target, _ in mounts(deployment.services.get("latm", {}))}
    store_dirs = {where: str(PurePosixPath(settings["LATM_STORE"]).parent)
                  for where, settings in sources.items() if "LATM_STORE" in settings}
    for where, directory in store_dirs.items():
        if directory not in compose_targets:
            problems.append(f"{where}: the store's folder {directory} is not a volume of compose's latm service "
                            f"({sorted(compose_targets)})")
        if directory not in k8s_mounts:
            problems.append(f"{where}: the store's folder {directory} is not a volumeMount of the k8s latm "
                            f"container ({sorted(k8s_mounts)}), and its root filesystem is read-only")
        if image is not None and directory not in image.volumes:
            problems.append(f"{where}: the store's folder {directory} is not a VOLUME of the image "
                            f"({sorted(image.volumes)})")
    threads = deployment.k8s_settings().get("LATM_THREADS")
    cpu = (container.get("resources") or {}).get("limits", {}).get("cpu")
    if threads is not None and cpu is not None and str(cpu).isdigit() and int(threads) + 1 > int(cpu):
        problems.append(f"k8s: LATM_THREADS={threads} needs {int(threads) + 1} cores (one more for gRPC, "
                        f"scrapes and the JIT), the pod has {cpu}")
    return problems


def check_pod_resources(deployment):
    """Guaranteed QoS with whole CPUs, written identically, so the static CPU manager pins cores."""
    _, container = deployment.latm_container()
    resources = container.get("resources") or {}
    requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
    problems = []
    for name in ("cpu", "memory"):
        if name not in limits or str(requests.get(name)) != str(limits.get(name)):
            problems.append(f"k8s: latm {name} request {requests.get(name)!r} and limit {limits.get(name)!r} must "
                            f"be written identically (Guaranteed QoS)")
    if not str(limits.get("cpu", "")).isdigit():
        problems.append(f"k8s: latm cpu {limits.get('cpu')!r} must be a whole number of cores, written as one "
                        f"(the static CPU manager pins only integer CPUs)")
    return problems


def check_user(deployment, image):
    """The image's numeric user is the one Kubernetes runs the pod as."""
    daemonset, container = deployment.latm_container()
    context = dict(daemonset["spec"]["template"]["spec"].get("securityContext") or {})
    context.update(container.get("securityContext") or {})
    problems = []
    if context.get("runAsNonRoot") is not True:
        problems.append("k8s: the latm pod must set runAsNonRoot: true")
    if image is not None:
        uid, _, gid = image.user.partition(":")
        if not uid.isdigit() or uid == "0":
            problems.append(f"image: USER {image.user!r} must be a numeric, non-root uid (runAsNonRoot "
                            f"verifies only numbers)")
        for key, expected in (("runAsUser", uid), ("runAsGroup", gid or uid), ("fsGroup", gid or uid)):
            if key in context and str(context[key]) != expected:
                problems.append(f"k8s: securityContext.{key} is {context[key]}, the image's USER is {image.user}")
        if not any("health" in part for part in image.healthcheck):
            problems.append(f"image: its HEALTHCHECK does not run `latm health` ({image.healthcheck})")
    return problems


def check_image_names(deployment):
    """compose builds the image the DaemonSet runs and the kustomization tags."""
    compose_image = str(deployment.services.get("latm", {}).get("image", ""))
    _, container = deployment.latm_container()
    problems = []
    if container.get("image") != compose_image:
        problems.append(f"k8s: the latm container runs {container.get('image')!r}, compose builds {compose_image!r}")
    name, _, tag = compose_image.rpartition(":")
    for kustomization in deployment.kind("Kustomization"):
        for image in kustomization.get("images") or []:
            if image.get("name") == name and image.get("newTag", tag) != tag:
                problems.append(f"k8s kustomization: tags {name} as {image.get('newTag')!r}, compose builds {tag!r}")
    return problems


def check_kustomization(deployment):
    """Every manifest is applied by `kubectl apply -k`, except the CRD kinds applied on their own."""
    problems = []
    for kustomization in deployment.kind("Kustomization"):
        listed = set(kustomization.get("resources") or [])
        for file_name, document in deployment.k8s:
            if document.get("kind") not in CRD_KINDS | {"Kustomization"} and file_name not in listed:
                problems.append(f"k8s kustomization.yaml: {file_name} ({document.get('kind')}) is not under "
                                f"resources, so `kubectl apply -k` leaves it out")
    return problems


def check_monitoring(deployment):
    """compose mounts what Prometheus and Grafana read; Grafana's datasource is the provisioned one."""
    problems = []
    compose_dir = deployment.dir
    for name, service in deployment.services.items():
        for source, target, is_bind in mounts(service):
            if is_bind and not (compose_dir / source).exists():
                problems.append(f"compose: service {name} mounts {source} at {target}, which does not exist")
    prometheus = deployment.services.get("prometheus", {})
    config_target = next((str(flag).split("=", 1)[1] for flag in prometheus.get("command") or []
                          if str(flag).startswith("--config.file=")), "/etc/prometheus/prometheus.yml")
    if host_path(prometheus, compose_dir, config_target) != deployment.prometheus_config_path.resolve():
        problems.append(f"compose: prometheus's --config.file {config_target} is not docker/prometheus/prometheus.yml")
    rule_files = deployment.prometheus.get("rule_files") or []
    for rule_file in rule_files:
        inside = str(PurePosixPath(config_target).parent / rule_file)
        if host_path(prometheus, compose_dir, inside) is None:
            problems.append(f"compose: prometheus loads rule file {rule_file} but nothing is mounted at {inside}")
    config_dir = deployment.prometheus_config_path.parent
    for path in sorted(config_dir.glob("*.y*ml")):
        document = read_yaml(path)
        if isinstance(document, dict) and "groups" in document and path.name not in rule_files:
            problems.append(f"prometheus.yml: rule file {path.name} is not in rule_files, so no rule in it runs")
    if not any(job.get("job_name") == "latm" for job in deployment.prometheus.get("scrape_configs") or []):
        problems.append("prometheus.yml: no scrape job named latm (the dashboard's $job and the alerts expect it)")
    grafana = deployment.services.get("grafana", {})
    provisioning = host_path(grafana, compose_dir, "/etc/grafana/provisioning")
    if provisioning is None:
        return problems + ["compose: nothing is mounted at grafana's /etc/grafana/provisioning"]
    uids = set()
    for path in sorted((provisioning / "datasources").glob("*.y*ml")):
        for source in read_yaml(path).get("datasources") or []:
            uids.add(source.get("uid"))
            url = urlparse(source.get("url", ""))
            if source.get("type") == "prometheus" and url.hostname not in deployment.services:
                problems.append(f"grafana datasource {source.get('name')}: {url.geturl()} is not a compose service")
    for path in sorted((provisioning / "dashboards").glob("*.y*ml")):
        for provider in read_yaml(path).get("providers") or []:
            inside = (provider.get("options") or {}).get("path", "")
            folder = host_path(grafana, compose_dir, inside)
            if folder is None or not folder.is_dir():
                problems.append(f"compose: grafana's dashboard provider reads {inside}, where nothing is mounted")
                continue
            for dashboard in sorted(folder.glob("*.json")):
                used = set(datasource_uids(json.loads(dashboard.read_text(encoding="utf-8"))))
                for uid in sorted(used - uids, key=str):
                    problems.append(f"dashboard {dashboard.name}: datasource uid {uid!r} is not provisioned "
                                    f"({sorted(uids, key=str)})")
    home = (grafana.get("environment") or {}).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
    if home and not (host_path(grafana, compose_dir, home) or Path("/nonexistent")).is_file():
        problems.append(f"compose: grafana's home dashboard {home} is not a mounted file")
    return problems


def datasource_uids(node):
    """Every datasource uid a dashboard refers to (panels, targets, variables)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "datasource":
                yield value.get("uid") if isinstance(value, dict) else value
            else:
                yield from datasource_uids(value)
    elif isinstance(node, list):
        for item in node:
            yield from datasource_uids(item)


def check(docker_dir, known=None, image=None):
    deployment = Deployment(docker_dir)
    problems = []
    for rule in (lambda: check_ports(deployment, image), lambda: check_settings(deployment, image, known),
                 lambda: check_pod_resources(deployment), lambda: check_user(deployment, image),
                 lambda: check_image_names(deployment), lambda: check_kustomization(deployment),
                 lambda: check_monitoring(deployment)):
        try:
            problems += rule()
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            problems.append(f"a file lacks what the rules read ({type(error).__name__}: {error})")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docker", default=str(DOCKER_DIR), help="the docker/ folder")
    parser.add_argument("--settings", help="the server's setting names, one per line")
    parser.add_argument("--image-config", help="`podman image inspect` output of the built image")
    args = parser.parse_args(argv)
    try:
        known = None
        if args.settings:
            known = {line.strip() for line in Path(args.settings).read_text().splitlines() if line.strip()}
            if not known:
                raise InputError(f"{args.settings} names no settings")
        image = Image(json.loads(Path(args.image_config).read_text())) if args.image_config else None
        problems = check(Path(args.docker), known, image)
    except (OSError, json.JSONDecodeError) as error:
        print(f"crosscheck: cannot read input: {error}", file=sys.stderr)
        return 2
    except InputError as error:
        print(f"crosscheck: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"crosscheck: {problem}", file=sys.stderr)
    if problems:
        return 1
    scope = ["compose", "prometheus", "grafana", "k8s"] + (["image"] if image else []) + \
        ([f"{len(known)} server settings"] if known else [])
    print(f"crosscheck: deployment files agree ({', '.join(scope)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
