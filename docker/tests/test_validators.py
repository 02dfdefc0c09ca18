"""Tests of the docker/ validators: each rule must pass the real files and catch a broken copy.

    /usr/bin/python3 -m unittest discover -s docker/tests -v
"""
import copy
import io
import json
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from fractions import Fraction
from pathlib import Path

DOCKER_DIR = Path(__file__).resolve().parent.parent
REPO = DOCKER_DIR.parent
sys.path.insert(0, str(DOCKER_DIR))

import dashboard_metrics  # noqa: E402
import validate_compose  # noqa: E402
import validate_dockerfile  # noqa: E402
import validate_manifests  # noqa: E402


def quietly(function, *args):
    """Runs a CLI main() with its output captured; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = function(*args)
    return code, out.getvalue(), err.getvalue()


class PromqlMetricNamesTest(unittest.TestCase):
    def test_functions_grouping_labels_and_ranges_are_not_metrics(self):
        expr = ('histogram_quantile(0.99, sum by (method, le) '
                '(rate(grpc_server_processing_duration_seconds_bucket{instance=~"$instance"}[5m])))')
        self.assertEqual({"grpc_server_processing_duration_seconds_bucket"},
                         dashboard_metrics.metric_names(expr))

    def test_binary_operators_keywords_and_modifiers(self):
        expr = 'a_total / on(instance) group_left(device) b_info offset 5m > bool 1e3 or vector(0)'
        self.assertEqual({"a_total", "b_info"}, dashboard_metrics.metric_names(expr))

    def test_label_values_in_strings_and_grafana_variables_are_ignored(self):
        expr = 'sum without (instance) (x{label="sum(y) and z"}) * $scale + rate(w[$__rate_interval])'
        self.assertEqual({"x", "w"}, dashboard_metrics.metric_names(expr))

    def test_name_matcher_counts_as_a_metric(self):
        self.assertEqual({"foo_total"},
                         dashboard_metrics.metric_names('{__name__="foo_total", job="latm"}'))

    def test_label_values_variable_query(self):
        self.assertEqual({"latm_queue_depth"},
                         dashboard_metrics.query_metrics('label_values(latm_queue_depth{job=~"$job"}, instance)'))
        self.assertEqual(set(), dashboard_metrics.query_metrics("label_values(job)"))
        self.assertEqual({"up"}, dashboard_metrics.query_metrics({"query": "up == 0", "refId": "v"}))

    def test_real_dashboard_queries_the_contract_metrics(self):
        used = dashboard_metrics.dashboard_metrics(
            dashboard_metrics.load_dashboard(dashboard_metrics.DEFAULT_DASHBOARD))
        for name in ("latm_measurements_total", "latm_measured_latency_seconds_bucket",
                     "latm_queue_depth", "latm_build_duration_seconds_bucket",
                     "grpc_server_processing_duration_seconds_count", "jvm_memory_used_bytes",
                     "jvm_gc_pause_seconds_sum", "up"):
            self.assertIn(name, used)
        self.assertFalse({"sum", "rate", "le", "instance", "by", "histogram_quantile"} & set(used))

    def test_queries_as_rules_are_plain_promql(self):
        dashboard = dashboard_metrics.load_dashboard(dashboard_metrics.DEFAULT_DASHBOARD)
        rules = json.loads(dashboard_metrics.as_rule_file(dashboard))["groups"][0]["rules"]
        targets = sum(len(panel.get("targets", [])) for panel in dashboard["panels"])
        self.assertEqual(targets, len(rules))  # one per panel query, none for label_values()
        self.assertFalse([r["expr"] for r in rules if "$" in r["expr"]])
        self.assertTrue(any("[1m]" in r["expr"] for r in rules))


SCRAPE = """\
# HELP latm_measured_latency_seconds Latency reported by measurements
# TYPE latm_measured_latency_seconds histogram
latm_measured_latency_seconds_bucket{engine="java",le="0.001"} 0
latm_measured_latency_seconds_bucket{engine="java",le="+Inf"} 3
latm_measured_latency_seconds_count{engine="java"} 3
latm_measured_latency_seconds_sum{engine="java"} 0.02
# TYPE jvm_gc_pause_seconds summary
jvm_gc_pause_seconds_count{action="end of minor GC"} 2
jvm_gc_pause_seconds_sum{action="end of minor GC"} 0.004
# TYPE latm_queue_depth gauge
latm_queue_depth 0
"""


class ScrapeComparisonTest(unittest.TestCase):
    def setUp(self):
        self.scrape = dashboard_metrics.Scrape(SCRAPE)

    def test_histogram_series_are_present_and_the_bare_family_is_not(self):
        self.assertTrue(self.scrape.has("latm_measured_latency_seconds_bucket"))
        self.assertTrue(self.scrape.has("latm_measured_latency_seconds_count"))
        self.assertFalse(self.scrape.has("latm_measured_latency_seconds"))
        self.assertIn("_bucket", self.scrape.hint("latm_measured_latency_seconds"))

    def test_summary_has_no_buckets_and_the_hint_says_why(self):
        self.assertTrue(self.scrape.has("jvm_gc_pause_seconds_sum"))
        self.assertFalse(self.scrape.has("jvm_gc_pause_seconds_bucket"))
        self.assertIn("publishPercentileHistogram", self.scrape.hint("jvm_gc_pause_seconds_bucket"))

    def test_prometheus_own_series_need_no_scrape(self):
        self.assertTrue(self.scrape.has("up"))
        self.assertFalse(self.scrape.has("latm_store_hits_total"))

    def test_malformed_scrape_is_an_input_error(self):
        with self.assertRaises(dashboard_metrics.InputError):
            dashboard_metrics.Scrape('{broken="x"} 1\n')

    def test_cli_passes_a_full_scrape_and_fails_naming_the_missing_metric(self):
        code, listed, _ = quietly(dashboard_metrics.main, [])
        self.assertEqual(0, code)
        names = listed.split()
        with tempfile.TemporaryDirectory() as tmp:
            full = Path(tmp, "full.txt")
            full.write_text("".join(f"{n}{{a=\"b\"}} 1\n" for n in names if n != "up"))
            self.assertEqual(0, quietly(dashboard_metrics.main, [str(full)])[0])
            partial = Path(tmp, "partial.txt")
            partial.write_text("".join(f"{n} 1\n" for n in names if n not in ("up", "latm_queue_depth")))
            code, _, errors = quietly(dashboard_metrics.main, [str(partial)])
            self.assertEqual(1, code)
            self.assertIn("missing from scrape: latm_queue_depth", errors)
            self.assertEqual(2, quietly(dashboard_metrics.main, [str(Path(tmp, "absent.txt"))])[0])


def k8s_resources():
    directory = DOCKER_DIR / "k8s"
    return [r for path in sorted(directory.glob("*.yaml"))
            for r in validate_manifests.load(path.read_text(), path.name)]


def with_body(resources, kind, change):
    """A copy of the resources where `change(body)` edited the first resource of `kind`."""
    result = []
    done = False
    for item in resources:
        if item.kind == kind and not done:
            body = copy.deepcopy(item.body)
            change(body)
            item = validate_manifests.resource(body, item.source)
            done = True
        result.append(item)
    return result


def container(body):
    return body["spec"]["template"]["spec"]["containers"][0]


class ManifestRulesTest(unittest.TestCase):
    def setUp(self):
        self.resources = k8s_resources()

    def assertViolation(self, resources, fragment):
        problems = validate_manifests.check(resources, DOCKER_DIR / "k8s")
        self.assertTrue(any(fragment in p for p in problems), f"no {fragment!r} in {problems}")

    def test_the_real_manifests_pass(self):
        self.assertEqual([], validate_manifests.check(self.resources, DOCKER_DIR / "k8s"))

    def test_quantities(self):
        self.assertEqual(validate_manifests.quantity("2Gi"), validate_manifests.quantity("2048Mi"))
        self.assertEqual(2, validate_manifests.quantity("2000m"))
        self.assertEqual(Fraction(3, 2), validate_manifests.quantity("1500m"))
        self.assertEqual(10**9, validate_manifests.quantity("1e9"))
        with self.assertRaises(validate_manifests.ManifestError):
            validate_manifests.quantity("two")

    def test_fractional_cpu_is_not_pinned(self):
        def change(body):
            container(body)["resources"] = {"requests": {"cpu": "1500m", "memory": "2Gi"},
                                            "limits": {"cpu": "1500m", "memory": "2Gi"}}
        self.assertViolation(with_body(self.resources, "DaemonSet", change), "not a whole number")

    def test_requests_below_limits_break_guaranteed_qos(self):
        self.assertViolation(with_body(self.resources, "DaemonSet", lambda b: container(b)[
            "resources"]["requests"].update(memory="1Gi")), "Guaranteed QoS needs them equal")

    def test_probes_must_be_grpc_on_the_grpc_port(self):
        self.assertViolation(with_body(self.resources, "DaemonSet", lambda b: container(b).update(
            readinessProbe={"httpGet": {"port": 9464, "path": "/metrics"}})), "must be a grpc probe")
        self.assertViolation(with_body(self.resources, "DaemonSet", lambda b: container(b)[
            "livenessProbe"]["grpc"].update(port=9464)), "livenessProbe must be a grpc probe")
        self.assertViolation(with_body(self.resources, "DaemonSet", lambda b: container(b).pop(
            "readinessProbe")), "readinessProbe is required")

    def test_config_map_values_must_be_strings_and_known_settings(self):
        self.assertViolation(with_body(self.resources, "ConfigMap", lambda b: b["data"].update(
            LATM_QUEUE=64)), "must be strings")
        self.assertViolation(with_body(self.resources, "ConfigMap", lambda b: b["data"].update(
            LATM_TREADS="1")), "LATM_TREADS is not a latm setting")
        self.assertViolation(with_body(self.resources, "ConfigMap", lambda b: b["data"].update(
            LATM_PORT="50052")), "LATM_PORT=50052")

    def test_headless_service_must_be_headless_and_reach_the_pods(self):
        self.assertViolation(with_body(self.resources, "Service", lambda b: b["spec"].pop(
            "clusterIP")), "must be headless")
        self.assertViolation(with_body(self.resources, "Service", lambda b: b["spec"]["ports"][0]
                                       .update(targetPort="grpcs")), "targets grpcs")
        self.assertViolation(with_body(self.resources, "Service", lambda b: b["spec"].update(
            selector={"app": "other"})), "matches no pod template")

    def test_service_monitor_must_name_a_service_port(self):
        self.assertViolation(with_body(self.resources, "ServiceMonitor", lambda b: b["spec"][
            "endpoints"][0].update(port="http")), "endpoint port 'http'")

    def test_unlisted_manifest_and_missing_field_are_reported(self):
        extra = validate_manifests.load(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stray}\ndata: {}\n", "stray.yaml")
        self.assertViolation(self.resources + extra, "stray.yaml is not listed")
        with self.assertRaises(validate_manifests.ManifestError):
            validate_manifests.load("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {}\n", "x.yaml")
        with self.assertRaises(validate_manifests.ManifestError):
            validate_manifests.load("apiVersion: apps/v1beta2\nkind: DaemonSet\nmetadata: {name: a}\n",
                                    "x.yaml")


class DockerfileRulesTest(unittest.TestCase):
    def setUp(self):
        self.dockerfile = (DOCKER_DIR / "Dockerfile").read_text()
        self.ignore = DOCKER_DIR / "Dockerfile.dockerignore"

    def problems_with(self, text):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "Dockerfile")
            path.write_text(text)
            return validate_dockerfile.check(REPO, path, self.ignore)

    def assertViolation(self, text, fragment):
        problems = self.problems_with(text)
        self.assertTrue(any(fragment in p for p in problems), f"no {fragment!r} in {problems}")

    def test_the_real_dockerfile_passes(self):
        self.assertEqual([], validate_dockerfile.check(REPO, DOCKER_DIR / "Dockerfile", self.ignore))

    def test_dockerignore_matching(self):
        ignore = validate_dockerfile.DockerIgnore("**/target\n*.md\ndocker\n!docker/keep\n")
        self.assertTrue(ignore.excluded("target"))
        self.assertTrue(ignore.excluded("client/target/latm.jar"))
        self.assertTrue(ignore.excluded("README.md"))
        self.assertFalse(ignore.excluded("docs/README.md"))
        self.assertTrue(ignore.excluded("docker/compose.yaml"))
        self.assertFalse(ignore.excluded("docker/keep"))
        self.assertFalse(ignore.excluded("engine/src/main/java/A.java"))

    def test_continuations_are_joined_and_inner_comments_dropped(self):
        parsed = validate_dockerfile.instructions("FROM a AS b\nRUN one \\\n# note\n  two\nUSER x\n")
        self.assertEqual(["FROM", "RUN", "USER"], [i.keyword for i in parsed])
        self.assertEqual("one two", parsed[1].arguments)

    def test_a_module_left_out_of_the_source_layer(self):
        self.assertViolation(self.dockerfile.replace("COPY client/ client/\n", ""),
                             "never copies client (source layer")

    def test_a_missing_or_ignored_context_source(self):
        self.assertViolation(self.dockerfile.replace("COPY model/ model/", "COPY no-such-dir/ no-such-dir/"),
                             "COPY source no-such-dir/ does not exist")
        self.assertViolation(self.dockerfile.replace("COPY model/ model/",
                                                     "COPY docker/compose.yaml model/"),
                             "excluded by the .dockerignore")

    def test_copy_from_build_must_be_a_real_build_output(self):
        self.assertViolation(self.dockerfile.replace("cli/target/latm.jar ", "cli/target/app.jar "),
                             "not something `mvn package` writes")
        self.assertViolation(self.dockerfile.replace("--from=build", "--from=builder"),
                             "names no earlier stage")

    def test_runtime_rules(self):
        self.assertViolation(self.dockerfile.replace("17-jre-jammy", "17-jre-alpine"), "musl")
        self.assertViolation(self.dockerfile.replace("USER 10001:10001", "USER root"), "non-root USER")
        self.assertViolation(self.dockerfile.replace("EXPOSE 50051 9464", "EXPOSE 50051"), "EXPOSE")


class ComposeRulesTest(unittest.TestCase):
    def setUp(self):
        self.compose = validate_compose.read_yaml(DOCKER_DIR / "compose.yaml")

    def test_the_real_stack_passes(self):
        services = self.compose["services"]
        self.assertEqual([], validate_compose.check_compose(self.compose, DOCKER_DIR)
                         + validate_compose.check_prometheus(services, DOCKER_DIR)
                         + validate_compose.check_grafana(services, DOCKER_DIR))

    def test_missing_mount_and_unpinned_service(self):
        broken = copy.deepcopy(self.compose)
        broken["services"]["prometheus"]["volumes"][1] = "./prometheus/rules.yml:/etc/prometheus/alerts.yml:ro"
        del broken["services"]["latm"]["cpuset"]
        problems = validate_compose.check_compose(broken, DOCKER_DIR)
        self.assertTrue(any("rules.yml" in p for p in problems), problems)
        self.assertTrue(any("cpuset" in p for p in problems), problems)

    def test_rule_file_not_mounted_into_the_container(self):
        services = copy.deepcopy(self.compose["services"])
        services["prometheus"]["volumes"] = services["prometheus"]["volumes"][:1]
        problems = validate_compose.check_prometheus(services, DOCKER_DIR)
        self.assertTrue(any("not mounted at /etc/prometheus/alerts.yml" in p for p in problems), problems)

    def test_dashboard_datasource_uid_must_be_provisioned(self):
        dashboard = json.loads((DOCKER_DIR / "grafana/dashboards/latm.json").read_text())
        dashboard["panels"][3]["targets"][0]["datasource"]["uid"] = "prometheus"
        dashboard["panels"][4]["id"] = dashboard["panels"][5]["id"]
        problems = validate_compose.check_dashboard(dashboard, Path("latm.json"), {"latm-prometheus"})
        self.assertTrue(any("uid 'prometheus'" in p for p in problems), problems)
        self.assertTrue(any("unique" in p for p in problems), problems)


if __name__ == "__main__":
    unittest.main()
