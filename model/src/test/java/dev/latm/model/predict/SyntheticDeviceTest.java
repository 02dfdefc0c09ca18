package dev.latm.model.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.Architecture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Learners against a device whose costs are known: they must recover them and predict unseen networks. */
class SyntheticDeviceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final PredictorBuilder.Options OPTIONS = new PredictorBuilder.Options(3, 0.9, 1);
    private static final LearnerParams GBRT = LearnerParams.defaults(Learner.GBRT).withTrees(120, 3, 0.15);
    private static final List<Architecture> TRAIN = RandomArchitectures.generate(150, new SplittableRandom(1));
    private static final List<Architecture> HELD_OUT = RandomArchitectures.generate(80, new SplittableRandom(2));

    private static LatencyPredictor build(SyntheticDevice device, List<Architecture> train, LearnerParams params,
                                          boolean profile) {
        List<LatencySample> samples = device.measure(train, new SplittableRandom(3), profile);
        return PredictorBuilder.build(new LatencyDataset(SyntheticDevice.KEY, LatencyLabel.MEDIAN_MS, samples),
                params, OPTIONS, CLOCK);
    }

    private static Evaluation heldOut(SyntheticDevice device, LatencyPredictor predictor) {
        return PredictorBuilder.evaluate(predictor, device.measure(HELD_OUT, new SplittableRandom(4), false));
    }

    @Test
    void linearModelRecoversTheOverheadAndEveryUnitKindsCost() {
        SyntheticDevice device = new SyntheticDevice(false, 0.01);
        LatencyPredictor predictor = build(device, TRAIN, LearnerParams.defaults(Learner.LINEAR), false);

        // every network has one global pool, so its launch cost (3 us) is part of the fixed cost
        assertEquals(SyntheticDevice.OVERHEAD_MS + 0.003, predictor.model().overheadMs(), 0.03, "per-network overhead");
        assertPerKindTimesRecovered(device, predictor, 0.05);
        Evaluation evaluation = heldOut(device, predictor);
        assertTrue(evaluation.within5() >= 0.98 && evaluation.rmspe() < 0.02 && evaluation.kendallTau() > 0.95,
                evaluation.toString());
    }

    /**
     * In latm's bundled space every network has the same head, so the head's pool and linear layers
     * cost the same in every network, exactly like the fixed overhead: whole-network labels cannot
     * tell them apart, only their sum. Kernel-level labels can.
     */
    @Test
    void withOneHeadForAllOnlyProfilesSeparateTheOverheadFromTheHead() {
        SyntheticDevice device = new SyntheticDevice(false, 0.01);
        List<Architecture> fixedHead = RandomArchitectures.generate(120, new SplittableRandom(6), true);
        LatencyPredictor withProfiles = build(device, fixedHead, LearnerParams.defaults(Learner.LINEAR)
                .withUnitLabelWeight(1), true);

        assertEquals(1 / 1.1, withProfiles.training().profileScale(), 0.02, "the profiler's 10% is calibrated out");
        assertEquals(SyntheticDevice.OVERHEAD_MS, withProfiles.model().overheadMs(), 0.03);
        LatencyPredictor.Breakdown breakdown = withProfiles.breakdown(
                dev.latm.model.CompiledArchitecture.compile(fixedHead.get(0), dev.latm.model.spec.Limits.DEFAULT));
        double trueHead = SyntheticDevice.units(fixedHead.get(0)).stream()
                .filter(u -> u.kind() == UnitKind.GLOBAL_POOL || u.kind() == UnitKind.LINEAR)
                .mapToDouble(device::unitMs).sum();
        double predictedHead = breakdown.units().stream()
                .filter(r -> r.kind() == UnitKind.GLOBAL_POOL || r.kind() == UnitKind.LINEAR)
                .mapToDouble(LatencyPredictor.Breakdown.Row::ms).sum();
        assertEquals(trueHead, predictedHead, 0.05 * trueHead, "pool + hidden + classifier");
    }

    @Test
    void boostedTreesLearnWhatALinearModelCannot() {
        SyntheticDevice device = new SyntheticDevice(true, 0.01);
        Evaluation linear = heldOut(device, build(device, TRAIN, LearnerParams.defaults(Learner.LINEAR), false));
        Evaluation gbrt = heldOut(device, build(device, TRAIN, GBRT, false));

        assertTrue(gbrt.within5() >= 0.95 && gbrt.kendallTau() > 0.95, "gbrt: " + gbrt);
        assertTrue(gbrt.rmspe() < 0.7 * linear.rmspe(), "gbrt " + gbrt + " vs linear " + linear);
    }

    @Test
    void kernelLevelLabelsAreUsedAndStillPredictTheWhole() {
        SyntheticDevice device = new SyntheticDevice(true, 0.01);
        LatencyPredictor predictor = build(device, TRAIN, GBRT.withUnitLabelWeight(1), true);

        assertEquals(TRAIN.size(), predictor.training().profiledSamples());
        assertPerKindTimesRecovered(device, predictor, 0.05);
        Evaluation evaluation = heldOut(device, predictor);
        assertTrue(evaluation.within5() >= 0.95 && evaluation.kendallTau() > 0.95, evaluation.toString());
    }

    @Test
    void predictionIntervalsCoverWhatTheyClaim() {
        SyntheticDevice device = new SyntheticDevice(false, 0.03);
        LatencyPredictor predictor = build(device, TRAIN, LearnerParams.defaults(Learner.LINEAR), false);
        List<LatencySample> fresh = device.measure(HELD_OUT, new SplittableRandom(5), false);

        int inside = 0;
        for (LatencySample sample : fresh) {
            Prediction prediction = predictor.predict(sample.architecture());
            assertTrue(prediction.lowMs() < prediction.latencyMs() && prediction.latencyMs() < prediction.highMs());
            inside += sample.labelMs() >= prediction.lowMs() && sample.labelMs() <= prediction.highMs() ? 1 : 0;
        }
        double coverage = inside / (double) fresh.size();
        // nominal 90%; with 80 networks the binomial spread is about 3.4 points
        assertTrue(coverage >= 0.8 && coverage <= 0.99, "coverage " + coverage);
        // the interval of a 3% noise device is about +-1.645 * 3% wide, not far wider
        assertTrue(predictor.interval().high() < 0.08 && predictor.interval().low() > -0.08,
                predictor.interval().toString());
    }

    /** Summed over the held-out networks, each unit kind's predicted time is within {@code tolerance} of the truth. */
    private static void assertPerKindTimesRecovered(SyntheticDevice device, LatencyPredictor predictor,
                                                    double tolerance) {
        Map<UnitKind, double[]> byKind = new EnumMap<>(UnitKind.class); // {true, predicted}
        for (Architecture architecture : HELD_OUT) {
            List<Unit> units = SyntheticDevice.units(architecture);
            double[] predicted = predictor.model().unitMs(units);
            for (int i = 0; i < units.size(); i++) {
                double[] sums = byKind.computeIfAbsent(units.get(i).kind(), k -> new double[2]);
                sums[0] += device.unitMs(units.get(i));
                sums[1] += predicted[i];
            }
        }
        double total = byKind.values().stream().mapToDouble(sums -> sums[0]).sum();
        byKind.forEach((kind, sums) -> {
            // a kind under 1% of the time (pooling skips here) is too rare and small to pin down
            if (sums[0] >= 0.01 * total) {
                assertEquals(1, sums[1] / sums[0], tolerance, kind + ": predicted / true time over the held-out networks");
            }
        });
    }
}
