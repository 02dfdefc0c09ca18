"""Tests of docker/crosscheck.py: the real files pass, and each rule catches a broken copy.

    /usr/bin/python3 -m unittest discover -s docker/tests -v
"""
import io
import shutil
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import yaml

DOCKER_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(DOCKER_DIR))

import crosscheck  # noqa: E402

SETTINGS = {"LATM_BIND", "LATM_PORT", "LATM_METRICS_PORT", "LATM_ENGINE", "LATM_THREADS", "LATM_QUEUE",
            "LATM_STORE", "LATM_DEVICE_ID"}


def image_config(**changes):
    """`podman image inspect` of an image built from docker/Dockerfile, in the fields read."""
    config = {"Env": ["PATH=/usr/bin", "LATM_PORT=50051", "LATM_METRICS_PORT=9464", "LATM_BIND=0.0.0.0",
                      "LATM_STORE=/var/lib/latm/results.db"],
              "ExposedPorts": {"50051/tcp": {}, "9464/tcp": {}}, "User": "10001:10001",
              "Volumes": {"/var/lib/latm": {}}}
    config.update(changes)
    return crosscheck.Image([{"Config": config, "Healthcheck": {
        "Test": ["CMD-SHELL", "java -jar /opt/latm/latm.jar health --target localhost:50051 || exit 1"]}}])


class CrosscheckTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.docker = Path(self.tmp.name, "docker")
        shutil.copytree(DOCKER_DIR, self.docker, ignore=shutil.ignore_patterns("__pycache__"))

    def tearDown(self):
        self.tmp.cleanup()

    def edit(self, relative, change):
        """Rewrites a YAML file of the copy after change(documents) edits it in place."""
        path = self.docker / relative
        documents = list(yaml.safe_load_all(path.read_text()))
        change(documents)
        path.write_text(yaml.safe_dump_all(documents))

    def problems(self, image=None, known=SETTINGS):
        return "\n".join(crosscheck.check(self.docker, known, image))

    def test_the_real_files_pass(self):
        self.assertEqual("", self.problems(image_config()))
        self.assertEqual([], crosscheck.check(DOCKER_DIR))

    def test_a_port_that_differs_between_files(self):
        self.edit("compose.yaml", lambda d: d[0]["services"]["latm"]["environment"].update(LATM_METRICS_PORT="9465"))
        self.assertIn("the metrics port differs between files", self.problems())
        self.assertIn("compose LATM_METRICS_PORT = 9465", self.problems())

    def test_the_image_must_expose_the_ports_and_agree_on_them(self):
        problems = self.problems(image_config(ExposedPorts={"50051/tcp": {}}))
        self.assertIn("image: does not EXPOSE the metrics port 9464", problems)
        problems = self.problems(image_config(Env=["LATM_PORT=50052", "LATM_METRICS_PORT=9464"]))
        self.assertIn("image ENV LATM_PORT = 50052", problems)

    def test_a_probe_on_another_port(self):
        def change(documents):
            documents[0]["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["grpc"]["port"] = 50052
        self.edit("k8s/daemonset.yaml", change)
        self.assertIn("k8s readinessProbe grpc.port = 50052", self.problems())

    def test_an_unknown_setting(self):
        self.edit("k8s/configmap.yaml", lambda d: d[0]["data"].update(LATM_QUEUE_SIZE="64"))
        self.assertIn("k8s latm pod (ConfigMap + env): LATM_QUEUE_SIZE is not a setting of `latm server`",
                      self.problems())
        self.assertNotIn("LATM_QUEUE_SIZE", "\n".join(crosscheck.check(self.docker, None)))

    def test_the_store_must_live_on_a_volume(self):
        self.edit("compose.yaml", lambda d: d[0]["services"]["latm"]["environment"].update(
            LATM_STORE="/tmp/results.db"))
        self.assertIn("the store's folder /tmp is not a volume of compose's latm service", self.problems())

    def test_guaranteed_qos_with_whole_cpus(self):
        def change(documents):
            resources = documents[0]["spec"]["template"]["spec"]["containers"][0]["resources"]
            resources["requests"]["cpu"] = "1500m"
        self.edit("k8s/daemonset.yaml", change)
        self.assertIn("cpu request '1500m' and limit '2' must be written identically", self.problems())

        def fractional(documents):
            resources = documents[0]["spec"]["template"]["spec"]["containers"][0]["resources"]
            resources["requests"]["cpu"] = resources["limits"]["cpu"] = "1.5"
        self.edit("k8s/daemonset.yaml", fractional)
        self.assertIn("must be a whole number of cores", self.problems())

    def test_threads_need_a_spare_core(self):
        self.edit("k8s/configmap.yaml", lambda d: d[0]["data"].update(LATM_THREADS="2"))
        self.assertIn("LATM_THREADS=2 needs 3 cores", self.problems())

    def test_the_pod_runs_as_the_image_user(self):
        self.assertIn("USER '0' must be a numeric, non-root uid", self.problems(image_config(User="0")))
        self.assertIn("securityContext.runAsUser is 10001, the image's USER is 10002:10002",
                      self.problems(image_config(User="10002:10002")))

    def test_image_names_agree(self):
        self.edit("k8s/kustomization.yaml", lambda d: d[0]["images"][0].update(newTag="0.2.0"))
        self.assertIn("tags latm as '0.2.0', compose builds '0.1.0'", self.problems())

    def test_a_manifest_left_out_of_the_kustomization(self):
        self.edit("k8s/kustomization.yaml", lambda d: d[0]["resources"].remove("configmap.yaml"))
        self.assertIn("configmap.yaml (ConfigMap) is not under resources", self.problems())

    def test_monitoring_wiring(self):
        (self.docker / "prometheus" / "alerts.yml").rename(self.docker / "prometheus" / "gone.yml")
        problems = self.problems()
        self.assertIn("mounts ./prometheus/alerts.yml at /etc/prometheus/alerts.yml, which does not exist", problems)
        self.assertIn("rule file gone.yml is not in rule_files", problems)

    def test_dashboard_datasource_must_be_provisioned(self):
        dashboard = self.docker / "grafana" / "dashboards" / "latm.json"
        dashboard.write_text(dashboard.read_text().replace('"latm-prometheus"', '"other-uid"', 1))
        self.assertIn("datasource uid 'other-uid' is not provisioned", self.problems())

    def test_cli_exit_codes(self):
        settings = Path(self.tmp.name, "settings.txt")
        settings.write_text("LATM_PORT\n")
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as errors:
            self.assertEqual(1, crosscheck.main(["--docker", str(self.docker), "--settings", str(settings)]))
            self.assertEqual(0, crosscheck.main(["--docker", str(self.docker)]))
            self.assertEqual(2, crosscheck.main(["--docker", str(self.docker), "--image-config", "/nonexistent"]))
        self.assertIn("LATM_ENGINE is not a setting of `latm server` (it reads LATM_PORT)", errors.getvalue())


if __name__ == "__main__":
    unittest.main()
