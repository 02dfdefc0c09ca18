#!/usr/bin/env python3
"""Lists the metrics the Grafana dashboard queries, and checks them against a real scrape.
Also the PromQL helpers (selectors, Grafana variable substitution) docker/image-test uses.

    dashboard_metrics.py [--dashboard FILE]              # one metric name per line, sorted
    dashboard_metrics.py [--dashboard FILE] SCRAPE_FILE  # exit 1 naming every metric the scrape lacks
    dashboard_metrics.py --as-rules                      # the panel queries as a rule file, so that
                                                         # `promtool check rules` parses their PromQL

SCRAPE_FILE holds the text of a server's /metrics (Prometheus text format). A dashboard metric
counts as present when the scrape has samples of that name, when it is a _bucket/_sum/_count series
of a histogram (or _sum/_count of a summary, _total of a counter) the scrape declares with # TYPE,
or when Prometheus itself makes it at scrape time (`up`, `scrape_*`). Querying the bare name of a
histogram is reported as missing: only its suffixed series exist.

Standard library only, so the Java build can run it without PyYAML. Exit codes: 0 fine,
1 metrics missing from the scrape, 2 unreadable or malformed input.
"""
import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DASHBOARD = Path(__file__).resolve().parent / "grafana" / "dashboards" / "latm.json"

# Series Prometheus adds to every scrape itself; a server's /metrics never contains them.
SYNTHETIC_SERIES = {
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "scrape_samples_post_metric_relabeling",
    "scrape_series_added",
}

# Series names a family of each declared type exposes (the family name is the # TYPE name).
# A bare histogram name selects nothing in Prometheus, so "" is no suffix of a histogram.
FAMILY_SUFFIXES = {
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "gaugehistogram": ("_bucket", "_gsum", "_gcount"),
    "summary": ("_sum", "_count", "_created"),
    "counter": ("_total", "_created"),
}

# PromQL words that look like identifiers but are not metric names; GROUPING ones take a list of
# label names in parentheses.
GROUPING = {"by", "without", "on", "ignoring", "group_left", "group_right"}
KEYWORDS = GROUPING | {"bool", "and", "or", "unless", "offset", "inf", "nan", "atan2"}

_GRAFANA_VARIABLE = re.compile(r"\$\{[^}]*\}|\$\w+|\[\[\w+\]\]")
_QUOTED = r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`'
# PromQL tokens. Numbers and durations before names, so that `5m` is one token rather than 5
# and a name `m`; a {...} matcher list and a [...] range are single tokens.
_TOKEN = re.compile(
    rf"(?P<string>{_QUOTED})"
    rf"|(?P<braces>\{{(?:[^{{}}\"'`]|{_QUOTED})*\}})"
    r"|(?P<brackets>\[[^\[\]]*\])"
    r"|(?P<number>0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:ms|[smhdwy])*)"
    r"|(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)", re.DOTALL)
_MATCHER = re.compile(rf"\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*({_QUOTED})\s*,?")
_LABEL_VALUES = re.compile(r"^\s*label_values\s*\((?P<args>.*)\)\s*$", re.DOTALL)
_SAMPLE_NAME = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)")


class InputError(Exception):
    """A file that cannot be read or parsed; the message says which and why."""


@dataclass(frozen=True)
class Selector:
    """One vector selector of a PromQL expression: `name{label op "value", ...}` as written."""
    name: str  # from the __name__ matcher when written as {__name__="..."}; "" when none
    matchers: tuple  # (label, op, quoted value) as written, __name__ included
    text: str  # the selector alone (no range, offset or function), a query of its own


def selectors(expr):
    """The vector selectors of a PromQL expression, in order (functions, grouping labels and
    keywords are not selectors). Grafana variables must be substituted first."""
    tokens = [m for m in _TOKEN.finditer(expr) if m.lastgroup != "space"]
    result = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.lastgroup == "name":
            word = token.group()
            if following is not None and following.group() == "(":
                if word.lower() in GROUPING:  # by (label, ...): labels, not metrics
                    while index < len(tokens) and tokens[index].group() != ")":
                        index += 1
                index += 1  # a function or aggregation: sum(...), rate(...)
                continue
            aggregation = following is not None and following.group().lower() in GROUPING  # sum by (x) (...)
            if word.lower() in KEYWORDS or aggregation:
                index += 1
                continue
            braces = following.group() if following is not None and following.lastgroup == "braces" else ""
            result.append(_selector(word, braces))
            index += 2 if braces else 1
        elif token.lastgroup == "braces":
            result.append(_selector("", token.group()))
            index += 1
        else:
            index += 1
    return result


def _selector(written_name, braces):
    matchers = tuple(_MATCHER.findall(braces[1:-1]))
    name = written_name or next((value.strip("\"'`") for label, op, value in matchers
                                 if label == "__name__" and op == "="), "")
    return Selector(name, matchers, written_name + braces)


def metric_names(expr):
    """Returns the metric names a PromQL expression selects (functions, labels, keywords excluded)."""
    return {s.name for s in selectors(_GRAFANA_VARIABLE.sub(" ", expr)) if s.name}


def query_text(query):
    """A variable's query is a string or, in newer dashboards, {"query": ..., "refId": ...}."""
    if isinstance(query, dict):
        query = query.get("query", "")
    return query if isinstance(query, str) else ""


def label_values(query):
    """(selector, label) of Grafana's label_values(selector, label), selector "" for
    label_values(label); None when the query is PromQL instead."""
    match = _LABEL_VALUES.match(query_text(query))
    if match is None:
        return None
    args = match.group("args")
    depth = 0
    for position, char in enumerate(args):
        depth += char in "({["
        depth -= char in ")}]"
        if char == "," and depth == 0:
            return args[:position].strip(), args[position + 1:].strip()
    return "", args.strip()


def query_metrics(query):
    """Metric names in a panel's PromQL or a variable's query (label_values(...) or PromQL)."""
    parts = label_values(query)
    if parts is not None:
        return metric_names(parts[0])
    return metric_names(query_text(query))


def dashboard_queries(dashboard):
    """Yields (where, PromQL) for every panel target and variable query, nested rows included."""
    def panels(container):
        for panel in container.get("panels", []) or []:
            yield panel
            yield from panels(panel)  # collapsed rows keep their panels inside

    for panel in panels(dashboard):
        for target in panel.get("targets", []) or []:
            expr = target.get("expr")
            if expr:
                yield f"panel '{panel.get('title', panel.get('id'))}'", expr
    for variable in (dashboard.get("templating") or {}).get("list", []) or []:
        if variable.get("type") == "query":
            yield f"variable '{variable.get('name')}'", variable.get("query")


def dashboard_metrics(dashboard):
    """Maps each metric name the dashboard queries to the places that query it."""
    where_used = {}
    for where, query in dashboard_queries(dashboard):
        for name in query_metrics(query):
            where_used.setdefault(name, []).append(where)
    return where_used


# Stand-ins for Grafana's built-in variables; a dashboard's own variables become ".*" (their
# "All" value), so that a panel query becomes plain PromQL over every device.
VARIABLE_STAND_INS = {"__rate_interval": "1m", "__interval": "1m", "__range": "1h"}


def plain_promql(query):
    """A panel query with Grafana's variables substituted: PromQL that Prometheus can run."""
    def substitute(match):
        name = match.group().strip("${}[]")
        return VARIABLE_STAND_INS.get(name, ".*")

    return _GRAFANA_VARIABLE.sub(substitute, query)


def as_rule_file(dashboard):
    """A Prometheus rule file with one recording rule per panel query (variables substituted)."""
    rules = []
    for index, (where, query) in enumerate(dashboard_queries(dashboard)):
        if where.startswith("variable"):
            continue  # label_values(...) is Grafana's, not PromQL
        rules.append({"record": f"dashboard:query_{index}", "expr": plain_promql(query), "labels": {"panel": where}})
    # JSON is valid YAML, and keeps this script free of PyYAML.
    return json.dumps({"groups": [{"name": "dashboard-queries", "rules": rules}]}, indent=2)


def load_dashboard(path):
    try:
        dashboard = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read dashboard {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise InputError(f"{path} is not valid JSON: {error}") from error
    if not isinstance(dashboard, dict) or not isinstance(dashboard.get("panels"), list):
        raise InputError(f"{path} is not a Grafana dashboard: no top-level 'panels' list")
    return dashboard


class Scrape:
    """The series names and declared families of one /metrics text."""

    def __init__(self, text):
        self.samples = set()
        self.types = {}
        for line_number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                parts = line.split()
                if len(parts) >= 4 and parts[1] == "TYPE":
                    self.types[parts[2]] = parts[3].lower()
                continue
            match = _SAMPLE_NAME.match(line)
            if match is None:
                raise InputError(f"scrape line {line_number} is not a sample: {line[:80]!r}")
            self.samples.add(match.group(1))

    def has(self, name):
        if name in self.samples or name in SYNTHETIC_SERIES:
            return True
        return any(name.startswith(family) and name[len(family):] in FAMILY_SUFFIXES.get(kind, ())
                   for family, kind in self.types.items())

    def hint(self, name):
        """Why a missing name is missing, where the scrape suggests a reason."""
        kind = self.types.get(name)
        if kind in ("histogram", "gaugehistogram"):
            return f"{name} is a histogram: query {name}_bucket, _sum or _count"
        for suffix in ("_bucket", "_sum", "_count", "_total"):
            family = name[: -len(suffix)] if name.endswith(suffix) else None
            if family and family in self.types:
                return f"{family} is a {self.types[family]} here, which has no {suffix} series " \
                       f"(a Micrometer Timer needs publishPercentileHistogram for _bucket)"
        return None


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scrape", nargs="?", help="a file holding a /metrics scrape to check against")
    parser.add_argument("--dashboard", default=str(DEFAULT_DASHBOARD), help="dashboard JSON")
    parser.add_argument("--as-rules", action="store_true", help="print the queries as a rule file")
    args = parser.parse_args(argv)
    try:
        used = dashboard_metrics(load_dashboard(args.dashboard))
        if not used:
            raise InputError(f"{args.dashboard} queries no metrics: no panel target has an expr")
        if args.as_rules:
            print(as_rule_file(load_dashboard(args.dashboard)))
            return 0
        if args.scrape is None:
            print("\n".join(sorted(used)))
            return 0
        try:
            scrape = Scrape(Path(args.scrape).read_text(encoding="utf-8"))
        except OSError as error:
            raise InputError(f"cannot read scrape {args.scrape}: {error.strerror}") from error
    except InputError as error:
        print(f"dashboard_metrics: {error}", file=sys.stderr)
        return 2
    missing = sorted(name for name in used if not scrape.has(name))
    for name in missing:
        hint = scrape.hint(name)
        print(f"missing from scrape: {name} (used by {', '.join(sorted(set(used[name])))})"
              + (f" - {hint}" if hint else ""), file=sys.stderr)
    if missing:
        print(f"dashboard_metrics: {len(missing)} of {len(used)} dashboard metrics are absent "
              f"from {args.scrape}", file=sys.stderr)
        return 1
    print(f"dashboard_metrics: all {len(used)} dashboard metrics are in {args.scrape}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
