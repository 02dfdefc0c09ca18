"""Tests of docker/image-test/live_prometheus.py against a real Prometheus that scrapes itself:
a query or rule selector without data must be reported, one for another deployment listed.

    /usr/bin/python3 -m unittest discover -s docker/tests -v
"""
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
from pathlib import Path

import yaml

DOCKER_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(DOCKER_DIR / "image-test"))

import live_prometheus  # noqa: E402

RULES = {"groups": [{"name": "t", "rules": [
    {"alert": "Watched", "expr": 'up{job="self"} == 0'},
    {"alert": "OtherDeployment", "expr": 'up{job="self"} == 0 or up{namespace="elsewhere"} == 0'},
    {"alert": "MisspelledJob", "expr": 'up{job="sefl"} == 0'},
    {"alert": "NoSuchMetric", "expr": "latm_no_such_total > 0"},
]}]}


def dashboard(*exprs):
    return {"title": "t", "panels": [{"title": f"p{i}", "targets": [{"expr": e}]} for i, e in enumerate(exprs)],
            "templating": {"list": [{"name": "job", "type": "query", "query": "label_values(up, job)"}]}}


class LoopbackConfigTest(unittest.TestCase):
    def test_targets_intervals_and_rule_files(self):
        source = DOCKER_DIR / "prometheus" / "prometheus.yml"
        config = live_prometheus.loopback_config(source, "127.0.0.1:1001", "127.0.0.1:1002")
        targets = {job["job_name"]: job["static_configs"][0]["targets"] for job in config["scrape_configs"]}
        self.assertEqual({"latm": ["127.0.0.1:1001"], "prometheus": ["127.0.0.1:1002"]}, targets)
        self.assertEqual("1s", config["global"]["scrape_interval"])
        self.assertFalse([job for job in config["scrape_configs"] if "scrape_interval" in job])
        self.assertTrue(all(Path(f).is_absolute() and Path(f).is_file() for f in config["rule_files"]))


@unittest.skipUnless(shutil.which("prometheus"), "needs Debian's prometheus (.ci/run installs it)")
class AgainstARealPrometheusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        tmp = Path(cls.tmp.name)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        (tmp / "rules.yml").write_text(yaml.safe_dump(RULES))
        (tmp / "prometheus.yml").write_text(yaml.safe_dump({
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(tmp / "rules.yml")],
            "scrape_configs": [{"job_name": "self", "static_configs": [{"targets": [f"127.0.0.1:{port}"]}]}]}))
        cls.server = subprocess.Popen(
            ["prometheus", f"--config.file={tmp / 'prometheus.yml'}", f"--storage.tsdb.path={tmp / 'data'}",
             f"--web.listen-address=127.0.0.1:{port}", "--log.level=error"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.prometheus = live_prometheus.Prometheus(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # ready, scraped twice, every rule evaluated
            try:
                rules = [r for g in cls.prometheus.get("/api/v1/rules")["groups"] for r in g["rules"]]
                if len(cls.prometheus.query("count_over_time(up[1m]) >= 2")) and \
                        all(r.get("health") == "ok" for r in rules) and len(rules) == 4:
                    return
            except live_prometheus.PrometheusError:
                pass
            time.sleep(0.3)
        cls.tearDownClass()
        raise AssertionError("Prometheus did not start and scrape itself within 60 s")

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(timeout=30)
        cls.tmp.cleanup()

    def run_check(self, check, *args):
        lines = []
        problems = check(self.prometheus, *args, lambda where, outcome, query: lines.append(f"{where}: {outcome}"))
        return problems, lines

    def test_dashboard_queries_without_data_are_problems(self):
        path = Path(self.tmp.name, "d.json")
        path.write_text(json.dumps(dashboard('sum(up{job=~"$job"})', "latm_no_such_metric", "sum(rate(up[1m])) / 0")))
        problems, lines = self.run_check(live_prometheus.check_dashboard, path)
        self.assertEqual(["d.json panel 'p1': latm_no_such_metric returns no data",
                          "d.json panel 'p2': sum(rate(up[1m])) / 0 returns only NaN"], problems)
        self.assertIn("d.json panel 'p0': 1 series, 1 with a number", lines)
        self.assertIn("d.json variable 'job': 1 value(s)", lines)

    def test_rule_selectors_without_data_are_problems_unless_for_another_deployment(self):
        problems, lines = self.run_check(live_prometheus.check_rules)
        self.assertEqual(2, len(problems), problems)
        self.assertIn('alerting rule MisspelledJob: up{job="sefl"} matches none of the series of up', problems[0])
        self.assertIn("alerting rule NoSuchMetric: latm_no_such_total: no series of latm_no_such_total", problems[1])
        self.assertIn("  selector: no data: no series has label(s) namespace here (another deployment's)", lines)


if __name__ == "__main__":
    unittest.main()
