package dev.latm.runtime.timing;

import java.util.Random;
import java.util.function.IntToDoubleFunction;

/** Seeded latency-like noise for synthetic series: lognormal, with a few outliers as a shared host makes. */
final class Noise {
    private Noise() {
    }

    /** {@code level} with lognormal noise of coefficient of variation ~{@code cv}, and 3% outliers up to 2x. */
    static double noisy(Random random, double level, double cv) {
        double value = level * Math.exp(cv * random.nextGaussian());
        return random.nextInt(100) < 3 ? value * (1 + random.nextDouble()) : value;
    }

    /** {@link #noisy} of a duration in nanoseconds. */
    static long noisyNanos(Random random, long nanos, double cv) {
        return Math.round(noisy(random, nanos, cv));
    }

    /** {@code n} runs of {@link #noisy} around {@code levelAt(run)}, drawn in run order. */
    static double[] series(Random random, int n, IntToDoubleFunction levelAt, double cv) {
        double[] series = new double[n];
        for (int run = 0; run < n; run++) {
            series[run] = noisy(random, levelAt.applyAsDouble(run), cv);
        }
        return series;
    }
}
