package dev.latm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.predict.LatencyPredictor;
import dev.latm.model.predict.Learner;
import dev.latm.model.predict.PredictorFile;
import dev.latm.model.predict.SyntheticDevice;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.MeasureBatchRequest;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.PredictorInfo;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server re-checks a loaded predictor against the measurements it makes anyway and exposes the
 * error: a device that changed under its predictor shows in the metrics and in GetDeviceInfo.
 */
class PredictorLiveErrorTest {
    private static final LatencyPredictor PREDICTOR = SyntheticDevice.predictor(PredictTest.KEY, Learner.LINEAR, 60);
    private static final MeasurementOptions AT_224 = MeasurementOptions.newBuilder().setResolution(224).setMinRuns(5)
            .setMaxRuns(20).setWarmupRuns(2).setWarmupSeconds(0.001).build();

    @TempDir
    Path dir;

    @Test
    void aDeviceThatSlowsDownUnderItsPredictorShowsInTheLiveError() throws Exception {
        Path file = dir.resolve("p.json");
        PredictorFile.save(PREDICTOR, file);
        SyntheticEngine engine = new SyntheticEngine(0.01);
        try (TestServer server = TestServer.over(engine.start(TestServer.config().metricsPort(0)
                .store(dir.resolve("results.db")).predictors(List.of(file))))) {
            Map<String, String> predictor = Map.of("predictor", PREDICTOR.id());
            MetricsScrape start = scrape(server);
            assertEquals(0, start.value("latm_predictor_checks_total", predictor), "registered at start-up");
            assertEquals(0, start.value("latm_predictor_abs_error_percent_count", predictor));
            assertTrue(Double.isNaN(start.value("latm_predictor_within_10_ratio", predictor)), "nothing checked yet");
            assertFalse(info(server).hasLive());

            server.blocking().measure(Candidates.request(Presets.get("mobilenet_v3_large"), AT_224));
            measureBatch(server, AT_224, "mobilenet_v3_small");
            // another configuration, and a store hit: neither is a check
            server.blocking().measure(Candidates.request(Presets.get("mobilenet_v2"), AT_224.toBuilder()
                    .setResolution(160).build()));
            server.blocking().measure(Candidates.request(Presets.get("mobilenet_v3_large"), AT_224));

            MetricsScrape healthy = scrape(server);
            assertEquals(2, healthy.value("latm_predictor_checks_total", predictor));
            assertEquals(1.0, healthy.value("latm_predictor_within_10_ratio", predictor), "the device it learned");
            assertEquals(2, info(server).getLive().getCount());

            engine.slowDown(1.5);
            measureBatch(server, AT_224, "mnasnet_a1", "mnasnet_b1");

            MetricsScrape stale = scrape(server);
            assertEquals(4, stale.value("latm_predictor_checks_total", predictor));
            assertEquals(0.5, stale.value("latm_predictor_within_10_ratio", predictor), "2 of the latest 4");
            assertEquals(2, stale.value("latm_predictor_abs_error_percent_bucket", Map.of("predictor",
                    PREDICTOR.id(), "le", "10.0")), "the two before the slow-down");
            assertEquals(4, stale.value("latm_predictor_abs_error_percent_bucket", Map.of("predictor",
                    PREDICTOR.id(), "le", "50.0")), "and the two after, about 33% off");
            PredictorInfo live = info(server);
            assertEquals(4, live.getLive().getCount());
            assertEquals(0.5, live.getLive().getWithin10());
            // predicted / measured - 1 is about 1 / 1.5 - 1 = -33% for the two measured since
            assertTrue(live.getLive().getMaxAbsError() > 0.3, live.getLive().toString());
            stale.assertPromtoolFindsNoProblems();
        }
    }

    private static void measureBatch(TestServer server, MeasurementOptions options, String... presets) {
        MeasureBatchRequest.Builder batch = MeasureBatchRequest.newBuilder().setOptions(options);
        for (String preset : presets) {
            batch.addArchitectures(Presets.get(preset));
        }
        Iterator<MeasureResponse> stream = server.blocking().measureBatch(batch.build());
        while (stream.hasNext()) {
            assertFalse(stream.next().hasError());
        }
    }

    private static PredictorInfo info(TestServer server) {
        return server.blocking().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance()).getPredictors(0);
    }

    private static MetricsScrape scrape(TestServer server) throws Exception {
        return MetricsScrape.get(server.server().metricsPort(), "/metrics");
    }
}
