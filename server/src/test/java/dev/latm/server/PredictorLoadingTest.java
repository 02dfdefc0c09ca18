package dev.latm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latm.model.predict.LatencyPredictor;
import dev.latm.model.predict.Learner;
import dev.latm.model.predict.PredictorFile;
import dev.latm.model.predict.PredictorKey;
import dev.latm.model.predict.SyntheticDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server refuses, at start, a predictor it could never serve: built on another device, for another
 * engine version, for an engine it does not have, or a second one for a configuration.
 */
class PredictorLoadingTest {
    private static final LatencyPredictor SERVED = SyntheticDevice.predictor(PredictTest.KEY, Learner.LINEAR, 20);

    @TempDir
    Path dir;

    private Path save(PredictorKey key, String name) {
        Path file = dir.resolve(name);
        PredictorFile.save(key.equals(PredictTest.KEY) ? SERVED : SyntheticDevice.predictor(key, Learner.LINEAR, 20),
                file);
        return file;
    }

    private String refusal(Path... files) {
        SyntheticEngine engine = new SyntheticEngine(0);
        return assertThrows(IllegalArgumentException.class,
                () -> engine.start(TestServer.config().predictors(List.of(files))).stop()).getMessage();
    }

    @Test
    void aPredictorForAnotherEngineVersionIsRefusedNamingBothConfigurations() {
        Path file = save(new PredictorKey("test-device", SyntheticEngine.NAME, "0.9", 1, 224, 1, "float32"),
                "old.json");

        assertEquals("--predictor " + file + ": the predictor was built for synthetic 0.9 on device 'test-device', "
                + "1 thread, 224 px, batch 1, float32 and cannot predict for synthetic 1.0 on device 'test-device', "
                + "1 thread, 224 px, batch 1, float32: engine_version 0.9 != 1.0; build one for that configuration",
                refusal(file));
    }

    @Test
    void aPredictorOfAnotherDeviceIsRefused() {
        Path file = save(new PredictorKey("pixel-7", SyntheticEngine.NAME, "1.0", 1, 224, 1, "float32"), "p.json");

        String message = refusal(file);

        assertEquals(true, message.startsWith("--predictor " + file + ": ")
                && message.contains("device_id pixel-7 != test-device"), message);
    }

    @Test
    void aPredictorForAnEngineTheServerLacksIsRefused() {
        Path file = save(new PredictorKey("test-device", "tflite", "2.16", 1, 224, 1, "float32"), "t.json");

        assertEquals("--predictor " + file + ": unknown engine 'tflite': this build has synthetic", refusal(file));
    }

    @Test
    void twoPredictorsForOneConfigurationAreRefused() throws IOException {
        Path first = save(PredictTest.KEY, "a.json");
        Path second = Files.copy(first, dir.resolve("b.json"));

        assertEquals("--predictor " + second + ": another --predictor (" + SERVED.id() + ") is for the same "
                + "configuration (synthetic, 1 thread, 224 px, batch 1, float32); load one", refusal(first, second));
    }

    @Test
    void aFileThatIsNoPredictorIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("x.json"), "{\"format\": \"onnx\"}");

        assertEquals("--predictor: " + file + ": not a latm predictor file: 'format' is \"onnx\", expected "
                + "\"latm-predictor\"", refusal(file));
        assertEquals(true, refusal(dir.resolve("missing.json")).startsWith("--predictor: cannot read the predictor "
                + "file " + dir.resolve("missing.json")));
    }
}
