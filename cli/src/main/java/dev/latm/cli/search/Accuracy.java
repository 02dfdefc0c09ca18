package dev.latm.cli.search;

/**
 * ACC(m) of one candidate and where it came from.
 *
 * @param value  in [0, 1]
 * @param source {@link Source#proxy} for the built-in stand-in, {@link Source#command} for the user's program
 */
public record Accuracy(double value, Source source) {

    /** Where an accuracy came from; the {@code acc_source} column. */
    public enum Source {
        /** {@link ProxyAccuracy}: a function of size, NOT a trained accuracy. */
        proxy,
        /** {@link CommandAccuracy}: the number the user's program printed. */
        command
    }

    public Accuracy {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1] (got " + value + ")");
        }
    }
}
