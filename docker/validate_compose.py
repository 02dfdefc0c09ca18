#!/usr/bin/python3
"""Static checks of the compose stack's wiring (no Docker engine needed).

    validate_compose.py [--compose FILE]

- compose.yaml parses; latm, prometheus and grafana are defined; the build context and
  Dockerfile exist; every bind-mounted file or folder exists and every named volume is declared;
  the latm service is pinned (cpuset) and publishes the gRPC and metrics ports.
- Prometheus scrapes compose services on ports they listen on, and every rule file is both on
  disk and mounted next to the config inside the container.
- Grafana's provisioned datasource points at the prometheus service, and the dashboard refers
  to it by uid everywhere; the dashboard provider's path and the home dashboard are mounted.
- The dashboard has unique panel ids, a position for every panel and an expr in every target.
Exit 0 when all hold, 1 listing every violation, 2 on unreadable input. Needs PyYAML.
"""
import argparse
import json
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import yaml

DOCKER_DIR = Path(__file__).resolve().parent
SERVICES = ("latm", "prometheus", "grafana")
LATM_PORTS = {"50051", "9464"}
LATM_METRICS_PORT = 9464
PROMETHEUS_PORT = 9090


class InputError(Exception):
    """A file that cannot be read or parsed."""


def read_yaml(path):
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise InputError(f"{path} is not valid YAML: {error}") from error


def mounts(service):
    """(source, target, is_bind) for each volume of a compose service, short or long syntax."""
    result = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            source, target = volume.get("source", ""), volume.get("target", "")
            result.append((source, target, volume.get("type") == "bind"))
        else:
            parts = str(volume).split(":")
            source, target = (parts[0], parts[1]) if len(parts) > 1 else ("", parts[0])
            result.append((source, target, source.startswith((".", "/", "~"))))
    return result


def container_path_source(service, compose_dir, container_path):
    """The host path that a bind mount of `service` puts at `container_path`, or None."""
    wanted = PurePosixPath(container_path)
    for source, target, is_bind in mounts(service):
        target = PurePosixPath(target)
        if is_bind and (wanted == target or target in wanted.parents):
            return (compose_dir / source / wanted.relative_to(target)).resolve()
    return None


def published_ports(service):
    ports = set()
    for port in service.get("ports") or []:
        text = str(port.get("target")) if isinstance(port, dict) else str(port)
        ports.add(text.split(":")[-1].split("/")[0])
    return ports


def check_compose(compose, compose_dir):
    problems = []
    services = compose.get("services") or {}
    for name in SERVICES:
        if name not in services:
            problems.append(f"compose: service {name} is missing")
    declared_volumes = set((compose.get("volumes") or {}).keys())
    for name, service in services.items():
        for source, target, is_bind in mounts(service):
            if is_bind and not (compose_dir / source).exists():
                problems.append(f"compose: service {name} mounts {source} (at {target}), which does "
                                f"not exist relative to {compose_dir}")
            elif not is_bind and source and source not in declared_volumes:
                problems.append(f"compose: service {name} uses volume {source}, which the top-level "
                                f"volumes: does not declare")
    latm = services.get("latm") or {}
    build = latm.get("build") or {}
    context = (compose_dir / build.get("context", ".")).resolve() if build else None
    if context is None or not (context / build.get("dockerfile", "Dockerfile")).is_file():
        problems.append(f"compose: latm.build must name an existing context and dockerfile, has {build}")
    elif not (context / "pom.xml").is_file():
        problems.append(f"compose: latm.build.context {context} is not the repository root")
    if not latm.get("cpuset"):
        problems.append("compose: latm needs a cpuset: measurements need a pinned, unshared core")
    if not LATM_PORTS <= published_ports(latm):
        problems.append(f"compose: latm must publish {sorted(LATM_PORTS)}, publishes "
                        f"{sorted(published_ports(latm))}")
    return problems


def check_prometheus(services, compose_dir):
    problems = []
    prometheus = services.get("prometheus") or {}
    config_target = "/etc/prometheus/prometheus.yml"
    for flag in prometheus.get("command") or []:
        if str(flag).startswith("--config.file="):
            config_target = str(flag).split("=", 1)[1]
    config_path = container_path_source(prometheus, compose_dir, config_target)
    if config_path is None or not config_path.is_file():
        return [f"prometheus: nothing on disk is mounted at its config.file {config_target}"]
    config = read_yaml(config_path)
    for rule_file in config.get("rule_files") or []:
        if not (config_path.parent / rule_file).is_file():
            problems.append(f"prometheus: rule file {rule_file} is not next to {config_path}")
        inside = str(PurePosixPath(config_target).parent / rule_file)
        if container_path_source(prometheus, compose_dir, inside) is None:
            problems.append(f"prometheus: rule file {rule_file} is not mounted at {inside}")
    listening = {"latm": {LATM_METRICS_PORT}, "prometheus": {PROMETHEUS_PORT}, "localhost": {PROMETHEUS_PORT}}
    for job in config.get("scrape_configs") or []:
        for static in job.get("static_configs") or []:
            for target in static.get("targets") or []:
                host, _, port = str(target).rpartition(":")
                if host not in listening or int(port) not in listening[host]:
                    problems.append(f"prometheus: job {job.get('job_name')} scrapes {target}, which "
                                    f"is not a compose service port ({listening})")
    if not any(job.get("job_name") == "latm" for job in config.get("scrape_configs") or []):
        problems.append("prometheus: no scrape job named latm (the dashboard and alerts expect it)")
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


def check_dashboard(dashboard, path, provisioned_uids):
    problems = []
    ids = []
    for panel in dashboard.get("panels") or []:
        ids.append(panel.get("id"))
        title = panel.get("title", panel.get("id"))
        if not {"x", "y", "w", "h"} <= set((panel.get("gridPos") or {}).keys()):
            problems.append(f"dashboard: panel {title!r} has no complete gridPos")
        for target in panel.get("targets") or []:
            if not str(target.get("expr", "")).strip():
                problems.append(f"dashboard: panel {title!r} target {target.get('refId')} has no expr")
    duplicates = sorted({i for i in ids if ids.count(i) > 1}, key=str)
    if duplicates or None in ids:
        problems.append(f"dashboard: panel ids must be present and unique (duplicates {duplicates})")
    used = set(datasource_uids(dashboard))
    for uid in sorted(used - provisioned_uids, key=str):
        problems.append(f"dashboard: {path.name} uses datasource uid {uid!r}, but provisioning "
                        f"defines {sorted(provisioned_uids)}")
    if not dashboard.get("uid") or not dashboard.get("title"):
        problems.append("dashboard: needs a uid and a title")
    return problems


def check_grafana(services, compose_dir):
    problems = []
    grafana = services.get("grafana") or {}
    provisioning = container_path_source(grafana, compose_dir, "/etc/grafana/provisioning")
    if provisioning is None or not provisioning.is_dir():
        return ["grafana: nothing on disk is mounted at /etc/grafana/provisioning"]
    uids = set()
    for path in sorted((provisioning / "datasources").glob("*.y*ml")):
        for source in (read_yaml(path) or {}).get("datasources") or []:
            uids.add(source.get("uid"))
            url = urlparse(source.get("url", ""))
            if source.get("type") == "prometheus" and \
                    (url.hostname not in services or url.port != PROMETHEUS_PORT):
                problems.append(f"grafana: datasource {source.get('name')} points at {url.geturl()}, "
                                f"not the prometheus service on {PROMETHEUS_PORT}")
    if not uids:
        problems.append(f"grafana: no datasource provisioned under {provisioning / 'datasources'}")
    dashboards = []
    for path in sorted((provisioning / "dashboards").glob("*.y*ml")):
        for provider in (read_yaml(path) or {}).get("providers") or []:
            inside = (provider.get("options") or {}).get("path", "")
            folder = container_path_source(grafana, compose_dir, inside)
            if folder is None or not folder.is_dir():
                problems.append(f"grafana: dashboard provider {provider.get('name')} reads {inside}, "
                                f"where nothing is mounted")
            else:
                dashboards += sorted(folder.glob("*.json"))
    if not dashboards:
        problems.append("grafana: no dashboard JSON reaches a provisioned dashboard folder")
    for path in dashboards:
        try:
            dashboard = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            problems.append(f"dashboard: {path} is not valid JSON: {error}")
            continue
        problems += check_dashboard(dashboard, path, uids)
    home = (grafana.get("environment") or {}).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
    if home:
        source = container_path_source(grafana, compose_dir, home)
        if source is None or not source.is_file():
            problems.append(f"grafana: home dashboard {home} is not a mounted file")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compose", default=str(DOCKER_DIR / "compose.yaml"))
    args = parser.parse_args(argv)
    compose_path = Path(args.compose)
    try:
        compose = read_yaml(compose_path)
        if not isinstance(compose, dict):
            raise InputError(f"{compose_path} is not a mapping")
        compose_dir = compose_path.resolve().parent
        services = compose.get("services") or {}
        problems = check_compose(compose, compose_dir)
        problems += check_prometheus(services, compose_dir)
        problems += check_grafana(services, compose_dir)
    except InputError as error:
        print(f"validate_compose: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"validate_compose: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"validate_compose: {compose_path} OK (services {', '.join(sorted(services))}; "
          f"Prometheus and Grafana wiring consistent)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
