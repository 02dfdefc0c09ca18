package dev.latm.server;

import static dev.latm.server.Candidates.quickSmall;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.GetDeviceInfoRequest;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /metrics after real traffic: latm's meters, gRPC's and the JVM's, in valid Prometheus text. */
class MetricsTest {
    private static final Map<String, String> ONNX = Map.of("engine", "onnxruntime", "dtype", "float32");
    @TempDir
    static Path dir;
    private static TestServer server;
    private static MetricsScrape scrape;

    /** Two measurements (the second from the store), one invalid request, one device-info call. */
    @BeforeAll
    static void startAndMakeTraffic() throws Exception {
        server = TestServer.start(TestServer.config().metricsPort(0).store(dir.resolve("results.db")).build());
        server.blocking().measure(quickSmall());
        server.blocking().measure(quickSmall());
        assertThrows(StatusRuntimeException.class, () -> server.blocking().measure(request(small(),
                Candidates.quick().toBuilder().setMinRuns(-1).build())));
        server.blocking().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance());
        System.gc(); // so that the GC meters, registered on the first collection, are linted too
        scrape = MetricsScrape.get(server.server().metricsPort(), "/metrics");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void servesPrometheusTextOnItsOwnPort() {
        assertEquals(200, scrape.status());
        assertTrue(scrape.contentType().startsWith("text/plain; version=0.0.4"), scrape.contentType());
        assertFalse(server.server().metricsPort() == server.server().port());
    }

    @Test
    void countsMeasurementsByOutcome() {
        assertEquals(1, scrape.value("latm_measurements_total", Map.of("engine", "onnxruntime", "outcome", "ok")));
        assertEquals(1, scrape.value("latm_measurements_total", Map.of("engine", "onnxruntime", "outcome", "stored")));
        assertEquals(1, scrape.value("latm_measurements_total", Map.of("engine", "onnxruntime", "outcome",
                "invalid")));
        // registered up front: the outcomes that did not happen are there at zero
        assertEquals(0, scrape.value("latm_measurements_total", Map.of("engine", "onnxruntime", "outcome",
                "cancelled")));
        assertEquals(1, scrape.value("latm_store_hits_total", Map.of()));
    }

    @Test
    void recordsLatencyBuildTimeAndQueue() {
        assertFalse(scrape.find("latm_measured_latency_seconds_bucket", ONNX).isEmpty());
        assertEquals(1, scrape.value("latm_measured_latency_seconds_count", ONNX));
        assertTrue(scrape.value("latm_measured_latency_seconds_sum", ONNX) > 0);
        assertEquals(1, scrape.value("latm_build_duration_seconds_count", ONNX));
        assertEquals(0, scrape.value("latm_queue_depth", Map.of()));
        assertEquals(64, scrape.value("latm_queue_capacity", Map.of()));
        // every request, the invalid and the stored one included
        assertEquals(3, scrape.value("latm_measurement_duration_seconds_count", Map.of()));
    }

    /** The measurement was anchored to the default reference: its latest median and speed are exported. */
    @Test
    void exportsTheReferencesLatencyTheDevicesSpeedAndHowTheSeriesBehaved() {
        Map<String, String> onnx = Map.of("engine", "onnxruntime");
        Map<String, String> java = Map.of("engine", "java");
        assertTrue(scrape.value("latm_reference_latency_seconds", onnx) > 0);
        assertTrue(scrape.value("latm_device_speed_ratio", onnx) > 0);
        double warmups = scrape.value("latm_warmups_total", Map.of("engine", "onnxruntime", "outcome", "steady"))
                + scrape.value("latm_warmups_total", Map.of("engine", "onnxruntime", "outcome", "budget_exhausted"));
        assertEquals(1, warmups, "one warm-up, counted by how it ended");
        assertTrue(scrape.value("latm_nonstationary_measurements_total", onnx) <= 1);
        // registered up front, at zero, for the engine that measured nothing
        assertEquals(0, scrape.value("latm_reference_latency_seconds", java));
        assertEquals(0, scrape.value("latm_device_speed_ratio", java));
        assertEquals(0, scrape.value("latm_nonstationary_measurements_total", java));
        assertEquals(0, scrape.value("latm_warmups_total", Map.of("engine", "java", "outcome", "steady")));
        assertEquals(0, scrape.value("latm_warmups_total", Map.of("engine", "java", "outcome", "budget_exhausted")));
    }

    /** Latencies by engine and numeric format: a series per format the engine runs, at zero until measured. */
    @Test
    void labelsLatencyAndBuildTimeWithTheNumericFormat() {
        for (String metric : List.of("latm_measured_latency_seconds_count", "latm_build_duration_seconds_count")) {
            assertEquals(0, scrape.value(metric, Map.of("engine", "onnxruntime", "dtype", "int8")), metric);
            assertEquals(0, scrape.value(metric, Map.of("engine", "java", "dtype", "float32")), metric);
            assertEquals(List.of(), scrape.find(metric, Map.of("engine", "java", "dtype", "int8")),
                    metric + ": the java engine runs no int8");
            assertEquals(3, scrape.find(metric, Map.of()).size(), metric + ": one series per engine and format");
        }
    }

    @Test
    void includesGrpcAndJvmMetrics() {
        assertEquals(3, scrape.find("grpc_server_processing_duration_seconds_count",
                Map.of("method", "Measure")).stream().mapToDouble(MetricsScrape.Sample::value).sum());
        assertEquals(1, scrape.find("grpc_server_processing_duration_seconds_count",
                Map.of("method", "GetDeviceInfo")).stream().mapToDouble(MetricsScrape.Sample::value).sum());
        assertEquals(1, scrape.value("grpc_server_processing_duration_seconds_count", Map.of("method", "Measure",
                "method_type", "UNARY", "status_code", "INVALID_ARGUMENT")));
        assertFalse(scrape.find("jvm_memory_used_bytes", Map.of()).isEmpty());
    }

    @Test
    void promtoolFindsNoProblems() throws Exception {
        scrape.assertPromtoolFindsNoProblems();
    }

    @Test
    void refusesOtherMethodsAndPaths() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        URI metrics = URI.create("http://127.0.0.1:" + server.server().metricsPort() + "/metrics");
        HttpResponse<Void> post = client.send(HttpRequest.newBuilder(metrics)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(405, post.statusCode());
        assertEquals(404, MetricsScrape.get(server.server().metricsPort(), "/other").status());
    }
}
