package dev.latm.client.results;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The columns of a result table, in order: the header of a CSV file and the keys of a JSON row.
 * Immutable; tables are built by joining column lists, e.g. a batch row is its input line number
 * followed by {@link ResultColumns#MEASUREMENT} of its response.
 *
 * @param <R> the row type
 */
public final class Columns<R> {
    private final List<Column<R>> columns;

    private Columns(List<Column<R>> columns) {
        this.columns = List.copyOf(columns);
        Set<String> names = new HashSet<>();
        for (Column<R> column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("column " + column.name() + " is listed twice");
            }
        }
    }

    @SafeVarargs
    public static <R> Columns<R> of(Column<R>... columns) {
        return new Columns<>(List.of(columns));
    }

    /** These columns followed by {@code more}. */
    public Columns<R> and(Columns<R> more) {
        List<Column<R>> joined = new ArrayList<>(columns);
        joined.addAll(more.columns);
        return new Columns<>(joined);
    }

    /** These columns followed by {@code more}. */
    @SafeVarargs
    public final Columns<R> and(Column<R>... more) {
        return and(of(more));
    }

    /** These columns of rows that hold an {@code S}, read through {@code part}. */
    public <S> Columns<S> from(Function<? super S, ? extends R> part) {
        return new Columns<>(columns.stream().map(c -> c.<S>from(part)).toList());
    }

    /** These columns, absent (null) in every row that {@code present} refuses. */
    public Columns<R> onlyWhere(Predicate<? super R> present) {
        return new Columns<>(columns.stream().map(c -> Column.<R>of(c.name(),
                row -> present.test(row) ? c.read(row) : null)).toList());
    }

    /** The names, in order: a CSV header. */
    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** The values of {@code row}, in {@link #names()} order; null where absent. */
    public List<Object> values(R row) {
        List<Object> values = new ArrayList<>(columns.size());
        for (Column<R> column : columns) {
            values.add(column.read(row));
        }
        return values;
    }

    public int size() {
        return columns.size();
    }

    /** The position of column {@code name}. */
    public int indexOf(String name) {
        int index = names().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + names());
        }
        return index;
    }
}
