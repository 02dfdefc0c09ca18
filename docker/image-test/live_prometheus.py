#!/usr/bin/python3
"""The repository's Prometheus config, alert rules and Grafana dashboards against a real Prometheus
scraping a real latm container (docker/test-image.sh).

    live_prometheus.py config --latm HOST:PORT --self HOST:PORT OUT
        docker/prometheus/prometheus.yml for this run: every target of job latm becomes the
        container's metrics address, every other target Prometheus itself; scrape and rule
        evaluation every second; rule_files absolute. Nothing else changes.
    live_prometheus.py check --url URL [--dashboards GLOB]
        Every dashboard panel query (Grafana variables at their "All" value) must return at
        least one series with a number (not NaN) from Prometheus's HTTP API; every variable
        query (label_values) at least one value. Every rule Prometheus loaded must be healthy and
        evaluate; as an alert expression is empty while it does not fire, each of its selectors
        must return data, except a selector filtering on a label no series of its metric has
        here (a branch for another deployment, e.g. Kubernetes' `namespace`), which is listed.
Exit 0 when all hold, 1 naming every query without data, 2 when Prometheus cannot be asked.
"""
import argparse
import glob
import json
import math
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

DOCKER_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(DOCKER_DIR))
import dashboard_metrics  # noqa: E402


class PrometheusError(Exception):
    """Prometheus could not be asked, or refused a query."""


def loopback_config(source, latm, itself):
    """The shipped config with its targets replaced and its intervals shortened to 1 s."""
    config = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
    config.setdefault("global", {}).update({"scrape_interval": "1s", "evaluation_interval": "1s"})
    config["rule_files"] = [str((Path(source).parent / f).resolve()) for f in config.get("rule_files") or []]
    for job in config.get("scrape_configs") or []:
        job.pop("scrape_interval", None)
        for static in job.get("static_configs") or []:
            static["targets"] = [latm if job.get("job_name") == "latm" else itself for _ in static["targets"]]
    return config


class Prometheus:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def get(self, path, **params):
        query = urllib.parse.urlencode(params, doseq=True)
        try:
            with urllib.request.urlopen(f"{self.url}{path}?{query}", timeout=30) as response:
                body = json.load(response)
        except urllib.error.HTTPError as error:
            body = json.load(error)
        except (OSError, ValueError) as error:
            raise PrometheusError(f"GET {path}: {error}") from error
        if body.get("status") != "success":
            raise PrometheusError(f"{body.get('errorType')}: {body.get('error')}")
        return body["data"]

    def query(self, expr):
        """The result of an instant query, as a list of (labels, value) (scalars: one, no labels)."""
        data = self.get("/api/v1/query", query=expr)
        if data["resultType"] in ("scalar", "string"):
            return [({}, float(data["result"][1]))]
        if data["resultType"] == "matrix":
            return [(series["metric"], float(series["values"][-1][1])) for series in data["result"]]
        return [(series["metric"], float(series["value"][1])) for series in data["result"]]

    def label_names(self, metric):
        """Every label name any series of the metric has."""
        return {label for series in self.get("/api/v1/series", **{"match[]": metric}) for label in series}


def check_dashboard(prometheus, path, report):
    problems = []
    dashboard = dashboard_metrics.load_dashboard(path)
    for where, query in dashboard_metrics.dashboard_queries(dashboard):
        is_variable = where.startswith("variable")
        where = f"{Path(path).name} {where}"
        try:
            if is_variable:
                text = dashboard_metrics.plain_promql(dashboard_metrics.query_text(query))
                values = variable_values(prometheus, text)
                report(where, f"{len(values)} value(s)", text)
                if not values:
                    problems.append(f"{where}: {text} lists no values")
                continue
            expr = dashboard_metrics.plain_promql(query)
            result = prometheus.query(expr)
            numbers = [value for _, value in result if not math.isnan(value)]
            report(where, f"{len(result)} series, {len(numbers)} with a number", expr)
            if not numbers:
                problems.append(f"{where}: {expr} returns {'only NaN' if result else 'no data'}")
        except PrometheusError as error:
            problems.append(f"{where}: Prometheus refused it: {error}")
    return problems


def variable_values(prometheus, query):
    """The values a Grafana query variable offers: label_values(selector, label) or label_values(label)."""
    parts = dashboard_metrics.label_values(query)
    if parts is None:
        return prometheus.query(query)
    selector, label = parts
    return prometheus.get(f"/api/v1/label/{label}/values", **({"match[]": selector} if selector else {}))


def check_rules(prometheus, report):
    problems = []
    groups = prometheus.get("/api/v1/rules")["groups"]
    rules = [rule for group in groups for rule in group["rules"]]
    if not rules:
        return ["Prometheus loaded no rules: is rule_files empty?"]
    for rule in rules:
        where = f"{rule['type']} rule {rule['name']}"
        if rule.get("health") != "ok":
            problems.append(f"{where}: health {rule.get('health')!r}: {rule.get('lastError')}")
            continue
        try:
            firing = len(prometheus.query(rule["query"]))
            report(where, f"{firing} series now (empty while it does not fire)", rule["query"])
            for selector in dashboard_metrics.selectors(rule["query"]):
                problems += check_selector(prometheus, where, selector, report)
        except PrometheusError as error:
            problems.append(f"{where}: Prometheus refused it: {error}")
    return problems


def check_selector(prometheus, where, selector, report):
    count = len(prometheus.query(selector.text))
    if count:
        report(f"  selector", f"{count} series", selector.text)
        return []
    present = prometheus.label_names(f'{{__name__="{selector.name}"}}') if selector.name else set()
    if not present:
        return [f"{where}: {selector.text}: no series of {selector.name or 'this selector'} at all"]
    foreign = sorted({label for label, _, _ in selector.matchers if label != "__name__"} - present)
    if foreign:
        report("  selector", f"no data: no series has label(s) {', '.join(foreign)} here (another deployment's)",
               selector.text)
        return []
    return [f"{where}: {selector.text} matches none of the series of {selector.name} (labels "
            f"{sorted(present)}): the workload never produced one, or the matcher is wrong"]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    config = commands.add_parser("config")
    config.add_argument("--source", default=str(DOCKER_DIR / "prometheus" / "prometheus.yml"))
    config.add_argument("--latm", required=True, help="HOST:PORT of the container's /metrics")
    config.add_argument("--self", required=True, help="HOST:PORT Prometheus listens on")
    config.add_argument("out")
    check = commands.add_parser("check")
    check.add_argument("--url", required=True)
    check.add_argument("--dashboards", default=str(DOCKER_DIR / "grafana" / "dashboards" / "*.json"))
    args = parser.parse_args(argv)
    if args.command == "config":
        Path(args.out).write_text(yaml.safe_dump(loopback_config(args.source, args.latm, args.self)))
        return 0

    def report(where, outcome, query):
        print(f"   {where}: {outcome}    {query}")

    prometheus = Prometheus(args.url)
    dashboards = sorted(glob.glob(args.dashboards))
    if not dashboards:
        print(f"live_prometheus: no dashboards match {args.dashboards}", file=sys.stderr)
        return 2
    try:
        problems = [p for path in dashboards for p in check_dashboard(prometheus, path, report)]
        problems += check_rules(prometheus, report)
    except (PrometheusError, dashboard_metrics.InputError) as error:
        print(f"live_prometheus: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"live_prometheus: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"live_prometheus: every query of {len(dashboards)} dashboard(s) and every rule returned data")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
