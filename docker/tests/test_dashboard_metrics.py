"""Tests of docker/dashboard_metrics.py: PromQL selectors and metric names, the scrape comparison.

    /usr/bin/python3 -m unittest discover -s docker/tests -v
"""
import io
import json
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

DOCKER_DIR = Path(__file__).resolve().parent.parent
REPO = DOCKER_DIR.parent
sys.path.insert(0, str(DOCKER_DIR))

import dashboard_metrics  # noqa: E402


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

    def test_selectors_keep_their_matchers_as_written(self):
        expr = ('sum by (instance) (rate(grpc_x_count{status_code!~"OK|INVALID_ARGUMENT"}[5m])) / '
                'sum by (instance) (rate(grpc_x_count[5m])) > 0.05 or up{job=~"latm.*", namespace="latm"} == 0')
        found = dashboard_metrics.selectors(expr)
        self.assertEqual(['grpc_x_count{status_code!~"OK|INVALID_ARGUMENT"}', "grpc_x_count",
                          'up{job=~"latm.*", namespace="latm"}'], [s.text for s in found])
        self.assertEqual([("job", "=~", '"latm.*"'), ("namespace", "=", '"latm"')], list(found[2].matchers))

    def test_a_brace_inside_a_matcher_value_does_not_end_the_selector(self):
        found = dashboard_metrics.selectors('x{path="/a}b", le!="+Inf"} offset 1m')
        self.assertEqual(['x{path="/a}b", le!="+Inf"}'], [s.text for s in found])
        self.assertEqual(["path", "le"], [label for label, _, _ in found[0].matchers])

    def test_name_only_selector_takes_its_name_from_the_matcher(self):
        (found,) = dashboard_metrics.selectors('{__name__="foo_total", job="latm"}')
        self.assertEqual(("foo_total", '{__name__="foo_total", job="latm"}'), (found.name, found.text))

    def test_plain_promql_substitutes_grafana_variables(self):
        self.assertEqual('rate(x{instance=~".*"}[1m])',
                         dashboard_metrics.plain_promql('rate(x{instance=~"$instance"}[$__rate_interval])'))

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
