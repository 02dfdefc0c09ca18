package dev.latm.client.results;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Function;

/**
 * One column of a result table: its name and how to read its value from a row.
 *
 * <p>A value is a {@link String}, a {@link Number}, a {@link Boolean}, or null for "absent" (a
 * percentile that needs more samples than were taken, a statistic of a failed candidate). CSV
 * writes absent as an empty field, JSON as null.
 *
 * @param <R>   the row type
 * @param name  the column's name, snake_case, the same in every table and format
 * @param value reads the value from a row
 */
public record Column<R>(String name, Function<? super R, ?> value) {
    /** Milliseconds keep four decimals (0.1 µs): finer digits are below the timer's resolution. */
    private static final int MS_DECIMALS = 4;

    public Column {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a column name is snake_case (got '" + name + "')");
        }
    }

    /** A column whose value is read as it is. */
    public static <R> Column<R> of(String name, Function<? super R, ?> value) {
        return new Column<>(name, value);
    }

    /** A duration in milliseconds, rounded to 0.1 µs; a null value stays absent. */
    public static <R> Column<R> ms(String name, Function<? super R, Double> value) {
        return new Column<>(name, row -> roundMs(value.apply(row)));
    }

    /** The value of this column in {@code row}. */
    public Object read(R row) {
        return value.apply(row);
    }

    /** This column of rows that hold an {@code S}, read through {@code part}. */
    public <S> Column<S> from(Function<? super S, ? extends R> part) {
        return new Column<>(name, row -> value.apply(part.apply(row)));
    }

    private static Double roundMs(Double ms) {
        if (ms == null || !Double.isFinite(ms)) {
            return ms;
        }
        return BigDecimal.valueOf(ms).setScale(MS_DECIMALS, RoundingMode.HALF_EVEN).doubleValue();
    }
}
