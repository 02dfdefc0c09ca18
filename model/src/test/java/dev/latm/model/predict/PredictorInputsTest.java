package dev.latm.model.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.proto.v1.Architecture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad parameters and inputs get errors naming the field and what is allowed. */
class PredictorInputsTest {

    @Test
    void learnerParamsNameTheBadField() {
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> LearnerParams.defaults(Learner.GBRT).withTrees(100, 0, 0.1));
        assertEquals("depth: must be in [1, 12] (got 0.0)", depth.getMessage());
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> LearnerParams.defaults(Learner.GBRT).withTrees(100, 3, 1.5));
        assertTrue(rate.getMessage().startsWith("learning_rate: must be in (0, 1]"), rate.getMessage());
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
                () -> LearnerParams.defaults(Learner.LINEAR).withUnitLabelWeight(-1));
        assertTrue(weight.getMessage().startsWith("unit_label_weight"), weight.getMessage());
    }

    @Test
    void namesParseOrListWhatIsAllowed() {
        assertEquals(Learner.GBRT, Learner.parse("gbrt"));
        assertEquals(LatencyLabel.NORMALIZED_MS, LatencyLabel.parse("normalized_ms"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Learner.parse("forest")).getMessage()
                .contains("linear, gbrt"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LatencyLabel.parse("mean_ms")).getMessage()
                .contains("normalized_ms, median_ms, min_ms"));
    }

    @Test
    void aKeyListsEveryEmptyOrOutOfRangeField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PredictorKey("", "onnxruntime", "1.23.2", 0, 224, 1, "float32"));
        assertTrue(e.getMessage().contains("device_id: must not be empty")
                && e.getMessage().contains("threads: must be >= 1 (got 0)"), e.getMessage());
    }

    @Test
    void buildOptionsAndSampleLabelsAreChecked() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PredictorBuilder.Options(1, 0.9, 1))
                .getMessage().startsWith("folds: must be >= 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PredictorBuilder.Options(5, 1, 1))
                .getMessage().startsWith("coverage: must be in (0, 1)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LatencySample(Architecture.getDefaultInstance(), Double.NaN)).getMessage()
                .startsWith("label_ms"));
    }

    @Test
    void tooFewSamplesForTheFoldsIsRefused() {
        SyntheticDevice device = new SyntheticDevice(false, 0.01);
        List<LatencySample> three = device.measureRandom(3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PredictorBuilder.build(
                new LatencyDataset(SyntheticDevice.KEY, LatencyLabel.MEDIAN_MS, three),
                LearnerParams.defaults(Learner.LINEAR), PredictorBuilder.Options.DEFAULT, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("at least 5 samples"), e.getMessage());
    }

    @Test
    void anInvalidArchitectureIsRefusedAsAMeasurementWouldBe() {
        SyntheticDevice device = new SyntheticDevice(false, 0.01);
        List<LatencySample> samples = device.measureRandom(10, 1);
        LatencyPredictor predictor = PredictorBuilder.build(
                new LatencyDataset(SyntheticDevice.KEY, LatencyLabel.MEDIAN_MS, samples),
                LearnerParams.defaults(Learner.LINEAR), PredictorBuilder.Options.DEFAULT,
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        Architecture bad = samples.get(0).architecture().toBuilder()
                .setStages(0, samples.get(0).architecture().getStages(0).toBuilder().setRepeats(0)).build();
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> predictor.predict(bad));
        assertTrue(e.getMessage().contains("stages[0].repeats"), e.getMessage());
    }

    @Test
    void rankingPutsTheLearnerThatFitsTheDeviceFirst() {
        SyntheticDevice device = new SyntheticDevice(true, 0.01);
        List<LatencySample> samples = device.measureRandom(100, 7);
        List<PredictorBuilder.Ranked> ranked = PredictorBuilder.rank(
                new LatencyDataset(SyntheticDevice.KEY, LatencyLabel.MEDIAN_MS, samples),
                List.of(LearnerParams.defaults(Learner.LINEAR), LearnerParams.defaults(Learner.GBRT)
                        .withTrees(80, 3, 0.2)), 3, 1);
        assertEquals(Learner.GBRT, ranked.get(0).params().learner(), ranked.toString());
        assertTrue(ranked.get(0).crossValidation().evaluation().rmspe()
                < ranked.get(1).crossValidation().evaluation().rmspe());
    }
}
