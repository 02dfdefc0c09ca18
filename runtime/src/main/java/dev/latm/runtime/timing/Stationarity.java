package dev.latm.runtime.timing;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether the series a result is based on (the candidate's run times, or the per-pair ratios when
 * anchored) had one level throughout. The test is Pettitt's rank test for one shift at an unknown
 * place; a shift counts (is <em>material</em>) when its p-value is below 0.01 and it is larger than
 * the measurement's precision, since a smaller one cannot bias the result by more than it claims.
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
