package dev.latm.cli.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The latency/accuracy trade-off of a search: the trials no other trial beats on both. */
public final class ParetoFront {
    private ParetoFront() {
    }

    /**
     * The non-dominated trials, fastest first. Trial a dominates b when it is no slower and no less
     * accurate, and strictly better in one of the two. Failed trials are left out, and of several
     * trials at the very same point only the earliest is kept.
     */
    public static List<Trial> of(List<Trial> trials) {
        List<Trial> sorted = new ArrayList<>(trials.stream().filter(Trial::ok).toList());
        sorted.sort(Comparator.comparingDouble(Trial::latencyMs)
                .thenComparing(Comparator.comparingDouble((Trial t) -> t.accuracy().value()).reversed())
                .thenComparingInt(Trial::number));
        List<Trial> front = new ArrayList<>();
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        for (Trial trial : sorted) {
            // everything before is at least as fast, so only a strictly better accuracy survives
            if (trial.accuracy().value() > bestAccuracy) {
                front.add(trial);
                bestAccuracy = trial.accuracy().value();
            }
        }
        return front;
    }

    /** Whether {@code a} dominates {@code b}. */
    public static boolean dominates(Trial a, Trial b) {
        double accA = a.accuracy().value();
        double accB = b.accuracy().value();
        return a.latencyMs() <= b.latencyMs() && accA >= accB && (a.latencyMs() < b.latencyMs() || accA > accB);
    }
}
