package dev.latm.cli.search;

import dev.latm.proto.v1.Architecture;
import java.util.List;

/** Predicts LAT(m) without measuring: a latency predictor, in this process or on the device. */
@FunctionalInterface
public interface LatencyPredictions {

    /**
     * @return the predicted LAT(m) in milliseconds of each candidate, in order; NaN for one that cannot
     *         be predicted (invalid)
     */
    double[] predictMs(List<Architecture> candidates);
}
