package dev.latm.cli.plot;

import java.util.Objects;

/**
 * One axis of a panel: its label, its scale and, optionally, a fixed range (otherwise the range is
 * fitted to the data, padded by 5% and labelled with "nice" ticks: 1, 2 or 5 times a power of ten).
 *
 * @param label what the axis measures, with its unit: {@code "latency (ms)"}; may be empty
 * @param scale linear or logarithmic
 * @param fixed the range to show, or {@code null} to fit the data
 */
public record Axis(String label, Scale scale, Range fixed) {

    /** How data values map to positions along the axis. */
    public enum Scale {
        LINEAR,
        /** Base-10 logarithmic: every value drawn on it must be greater than 0. */
        LOG
    }

    public Axis {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(scale, "scale");
        if (fixed != null && scale == Scale.LOG && fixed.min() <= 0) {
            throw new IllegalArgumentException("log axis '" + label + "': its range must be above 0 (got ["
                    + fixed.min() + ", " + fixed.max() + "])");
        }
    }

    /** A linear axis fitted to the data. */
    public static Axis linear(String label) {
        return new Axis(label, Scale.LINEAR, null);
    }

    /** A base-10 logarithmic axis fitted to the data. */
    public static Axis log(String label) {
        return new Axis(label, Scale.LOG, null);
    }

    /** This axis showing exactly [{@code min}, {@code max}]; data outside it is clipped. */
    public Axis range(double min, double max) {
        return new Axis(label, scale, new Range(min, max));
    }

    boolean isLog() {
        return scale == Scale.LOG;
    }
}
