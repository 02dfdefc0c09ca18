package dev.latm.model.predict;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Activation;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.DtypeLabel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A fake device with a known additive cost per unit, a fixed per-network overhead and multiplicative
 * noise on each measurement: what a learner must recover. With {@code cacheCliff} a depthwise 7 x 7
 * kernel on a map of 56 px or more costs 1.6 times its linear cost, an effect a linear model cannot
 * express and trees can.
 *
 * <p>Public, with {@link #unitMs} and {@link #trueMs}, for the server's synthetic engine, whose
 * candidates take exactly this time on a fake clock: one cost model for the learners' tests and the
 * end-to-end ones.
 */
public final class SyntheticDevice {
    public static final double OVERHEAD_MS = 0.25;
    static final PredictorKey KEY = new PredictorKey("synthetic", "fake", "1.0", 1, 224, 1, DtypeLabel.FLOAT32);

    private final boolean cacheCliff;
    private final double noise;

    /** @param noise standard deviation of the log of the measurement noise (0.01: about 1%) */
    public SyntheticDevice(boolean cacheCliff, double noise) {
        this.cacheCliff = cacheCliff;
        this.noise = noise;
    }

    /** What {@code unit} costs on this device, in milliseconds. */
    public double unitMs(Unit unit) {
        double elements = unit.inputElements() + unit.outputElements();
        double ms = switch (unit.kind()) {
            case CONV -> 0.004 + 1.5e-8 * unit.macs() + 1e-7 * elements;
            case POINTWISE -> 0.003 + 1.6e-8 * unit.macs() + 2e-7 * elements + 2e-8 * unit.weights();
            case DEPTHWISE -> 0.004 + 6e-8 * unit.macs() + 4e-7 * elements;
            case SQUEEZE_EXCITE -> 0.010 + 3e-7 * elements + 4e-8 * unit.macs();
            case ADD -> 0.002 + 5e-7 * elements;
            case AVG_POOL -> 0.003 + 3e-7 * elements;
            case GLOBAL_POOL -> 0.003 + 2e-7 * elements;
            case LINEAR -> 0.002 + 4e-8 * unit.macs();
        };
        if (unit.activation() == Activation.HARD_SWISH || unit.activation() == Activation.SWISH) {
            ms += 3e-7 * unit.outputElements();
        }
        if (cacheCliff && unit.kind() == UnitKind.DEPTHWISE && unit.kernel() == 7 && unit.inSize() >= 56) {
            ms *= 1.6;
        }
        return ms;
    }

    /** The noise-free latency of a network: its units plus the overhead. */
    public double trueMs(List<Unit> units) {
        return OVERHEAD_MS + units.stream().mapToDouble(this::unitMs).sum();
    }

    /** Measures each architecture once; with {@code profile}, also reports noisy per-layer times. */
    List<LatencySample> measure(List<Architecture> architectures, RandomGenerator random, boolean profile) {
        List<LatencySample> samples = new ArrayList<>();
        for (Architecture architecture : architectures) {
            List<Unit> units = units(architecture);
            double ms = trueMs(units) * Math.exp(noise * random.nextGaussian());
            Map<String, Double> layers = new HashMap<>();
            if (profile) {
                // a profiler inflates every kernel a little and sees its own noise
                for (Unit unit : units) {
                    layers.put(unit.layer(), 1.1 * unitMs(unit) * Math.exp(noise * random.nextGaussian()));
                }
            }
            samples.add(new LatencySample(architecture, ms, layers));
        }
        return samples;
    }

    /**
     * {@code networks} random architectures measured once each, without profiles: the architectures drawn
     * from {@code seed}, the noise from {@code seed + 1}.
     */
    List<LatencySample> measureRandom(int networks, long seed) {
        return measure(RandomArchitectures.generate(networks, new SplittableRandom(seed)),
                new SplittableRandom(seed + 1), false);
    }

    static List<Unit> units(Architecture architecture) {
        return Units.of(CompiledArchitecture.compile(architecture, Limits.DEFAULT, KEY.resolution(), KEY.batch())
                .network());
    }

    /**
     * A predictor of this device (without the cache cliff) for {@code key}, fitted on {@code networks}
     * random networks with 1% noise, for tests that need one to serve rather than to judge.
     */
    public static LatencyPredictor predictor(PredictorKey key, Learner learner, int networks) {
        if (key.resolution() != KEY.resolution() || key.batch() != KEY.batch()) {
            throw new IllegalArgumentException("the synthetic device measures at " + KEY.resolution() + " px, batch "
                    + KEY.batch());
        }
        List<LatencySample> samples = new SyntheticDevice(false, 0.01).measureRandom(networks, 1);
        LearnerParams params = LearnerParams.defaults(learner);
        return PredictorBuilder.build(new LatencyDataset(key, LatencyLabel.MEDIAN_MS, samples),
                learner == Learner.GBRT ? params.withTrees(30, 3, 0.1) : params, PredictorBuilder.Options.DEFAULT,
                java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));
    }
}
