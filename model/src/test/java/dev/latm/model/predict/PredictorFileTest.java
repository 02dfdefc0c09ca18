package dev.latm.model.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.DtypeLabel;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorFileTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final LatencyPredictor GBRT = build(LearnerParams.defaults(Learner.GBRT).withTrees(30, 3, 0.1));
    private static final LatencyPredictor LINEAR = build(LearnerParams.defaults(Learner.LINEAR));

    @TempDir
    Path directory;

    private static LatencyPredictor build(LearnerParams params) {
        SyntheticDevice device = new SyntheticDevice(true, 0.01);
        List<LatencySample> samples = device.measureRandom(40, 1);
        return PredictorBuilder.build(new LatencyDataset(SyntheticDevice.KEY, LatencyLabel.MEDIAN_MS, samples),
                params, PredictorBuilder.Options.DEFAULT, CLOCK);
    }

    @Test
    void roundTripPredictsExactlyTheSame() {
        for (LatencyPredictor predictor : List.of(GBRT, LINEAR)) {
            Path file = directory.resolve(predictor.params().learner().id() + ".json");
            PredictorFile.save(predictor, file);
            LatencyPredictor loaded = PredictorFile.load(file, SyntheticDevice.KEY);

            assertEquals(predictor.key(), loaded.key());
            assertEquals(predictor.label(), loaded.label());
            assertEquals(predictor.params(), loaded.params());
            assertEquals(predictor.interval(), loaded.interval());
            assertEquals(predictor.training(), loaded.training());
            assertEquals(40, loaded.training().architectureIds().size(), "the training set's ids travel with it");
            assertEquals(predictor.id(), loaded.id(), "the id is the file's, so a loaded predictor keeps it");
            for (Architecture architecture : RandomArchitectures.generate(10, new SplittableRandom(9))) {
                assertEquals(predictor.predict(architecture), loaded.predict(architecture));
            }
            assertEquals(predictor.predict(Presets.get("mobilenet_v3_large")),
                    loaded.predict(Presets.get("mobilenet_v3_large")));
        }
    }

    @Test
    void theIdNamesTheConfigurationAndChangesWithTheModel() {
        assertTrue(LINEAR.id().matches("fake-1t-224px-b1-float32-[0-9a-f]{8}"), LINEAR.id());
        assertTrue(!LINEAR.id().equals(GBRT.id()), LINEAR.id() + " vs " + GBRT.id());
    }

    @Test
    void aFileFromBeforeTrainingIdsWereKeptStillReads() throws IOException {
        LatencyPredictor old = readEdited(LINEAR, json -> json.getAsJsonObject("training").remove("architecture_ids"));
        assertEquals(List.of(), old.training().architectureIds());
    }

    @Test
    void anotherEngineVersionIsRefusedNamingBoth() {
        Path file = directory.resolve("p.json");
        PredictorFile.save(LINEAR, file);
        PredictorKey wanted = new PredictorKey("synthetic", "fake", "2.0", 1, 224, 1, DtypeLabel.FLOAT32);

        IncompatiblePredictorException e = assertThrows(IncompatiblePredictorException.class,
                () -> PredictorFile.load(file, wanted));
        assertTrue(e.getMessage().contains("engine_version 1.0 != 2.0"), e.getMessage());
        assertTrue(e.getMessage().contains("fake 1.0 on device 'synthetic'")
                && e.getMessage().contains("fake 2.0 on device 'synthetic'"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void anotherDeviceAndThreadCountAreBothNamed() {
        PredictorKey wanted = new PredictorKey("pixel", "fake", "1.0", 4, 224, 1, DtypeLabel.FLOAT32);
        IncompatiblePredictorException e = assertThrows(IncompatiblePredictorException.class,
                () -> LINEAR.key().requireMatches(wanted));
        assertTrue(e.getMessage().contains("device_id synthetic != pixel")
                && e.getMessage().contains("threads 1 != 4"), e.getMessage());
    }

    @Test
    void anArchitectureCompiledAtAnotherResolutionIsRefused() {
        CompiledArchitecture at192 = CompiledArchitecture.compile(Presets.get("mobilenet_v3_small"), Limits.DEFAULT,
                192, 1);
        IncompatiblePredictorException e = assertThrows(IncompatiblePredictorException.class,
                () -> LINEAR.predict(at192));
        assertTrue(e.getMessage().contains("resolution 224 != 192"), e.getMessage());
    }

    @Test
    void anotherFormatVersionIsRefused() {
        PredictorFormatException e = assertThrows(PredictorFormatException.class,
                () -> readEdited(LINEAR, json -> json.addProperty("format_version", 2)));
        assertTrue(e.getMessage().contains("format_version 2") && e.getMessage().contains("reads version 1"),
                e.getMessage());
    }

    @Test
    void aMissingOrMalformedFieldIsNamed() {
        PredictorFormatException missing = assertThrows(PredictorFormatException.class,
                () -> readEdited(LINEAR, json -> json.getAsJsonObject("key").remove("engine_version")));
        assertTrue(missing.getMessage().contains("'engine_version'"), missing.getMessage());

        PredictorFormatException learner = assertThrows(PredictorFormatException.class,
                () -> readEdited(LINEAR, json -> json.getAsJsonObject("learner").addProperty("learner", "svm")));
        assertTrue(learner.getMessage().contains("linear, gbrt") && learner.getMessage().contains("svm"),
                learner.getMessage());

        PredictorFormatException depth = assertThrows(PredictorFormatException.class,
                () -> readEdited(GBRT, json -> json.getAsJsonObject("learner").addProperty("depth", 20)));
        assertTrue(depth.getMessage().contains("learner: depth: must be in [1, 12] (got 20"), depth.getMessage());

        PredictorFormatException tree = assertThrows(PredictorFormatException.class,
                () -> readEdited(GBRT, json -> json.getAsJsonObject("model").getAsJsonArray("trees").get(0)
                        .getAsJsonObject().getAsJsonArray("left").set(0, new com.google.gson.JsonPrimitive(0))));
        assertTrue(tree.getMessage().contains("trees[0]"), tree.getMessage());
    }

    @Test
    void aFileWithAnotherFeatureLayoutIsRefused() {
        PredictorFormatException e = assertThrows(PredictorFormatException.class,
                () -> readEdited(GBRT, json -> json.getAsJsonArray("features").remove(0)));
        assertTrue(e.getMessage().contains("rebuild the predictor"), e.getMessage());
    }

    @Test
    void somethingElseIsNotAPredictorFile() throws IOException {
        Path file = Files.writeString(directory.resolve("x.json"), "{\"format\": \"onnx\"}");
        PredictorFormatException e = assertThrows(PredictorFormatException.class, () -> PredictorFile.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("not a latm predictor"),
                e.getMessage());
        assertThrows(PredictorFormatException.class, () -> PredictorFile.read(new StringReader("[1, 2")));
        // a 'format' of another JSON type is the same refusal, not a parser's exception
        for (String format : List.of("null", "[]", "{}", "7")) {
            assertThrows(PredictorFormatException.class,
                    () -> PredictorFile.read(new StringReader("{\"format\": " + format + "}")), format);
        }
    }

    private static LatencyPredictor readEdited(LatencyPredictor predictor, Consumer<JsonObject> edit)
            throws IOException {
        StringWriter out = new StringWriter();
        PredictorFile.write(predictor, out);
        JsonObject json = JsonParser.parseString(out.toString()).getAsJsonObject();
        edit.accept(json);
        return PredictorFile.read(new StringReader(json.toString()));
    }
}
