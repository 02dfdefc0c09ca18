package dev.latm.runtime.timing;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether the series a result is based on (the candidate's run times, or the per-pair ratios when
 * anchored) had one level throughout. See {@link ChangepointDetector} for the test and its thresholds.
 *
 * @param stationary    no material shift was found in the reported series
 * @param change        the material shift found in the reported series; present exactly when
 *                      {@code stationary} is false
 * @param discardedRuns timed runs dropped because a first look found a shift: everything before it was
 *                      treated as warm-up and the measurement went on from the shift (at most once); 0
 *                      when nothing was dropped. The reported series starts at run
 *                      {@code discardedRuns}
 */
public record Stationarity(boolean stationary, Optional<Changepoint> change, int discardedRuns) {

    /** A series that passed on the first look. */
    public static final Stationarity STATIONARY = new Stationarity(true, Optional.empty(), 0);

    public Stationarity {
        Objects.requireNonNull(change, "change");
        if (stationary == change.isPresent()) {
            throw new IllegalArgumentException("a change must be given exactly when the series is not stationary");
        }
        if (discardedRuns < 0) {
            throw new IllegalArgumentException("discardedRuns must be >= 0 (got " + discardedRuns + ")");
        }
    }
}
