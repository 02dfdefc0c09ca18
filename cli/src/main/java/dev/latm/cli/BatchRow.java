package dev.latm.cli;

import dev.latm.client.results.Column;
import dev.latm.client.results.Columns;
import dev.latm.client.results.ResultColumns;
import dev.latm.proto.v1.MeasureResponse;

/**
 * One row of {@code latm batch} output: the input line and what the device answered for it (its
 * measurement, or why it failed). CSV and JSON lines use the same {@link #COLUMNS}.
 *
 * @param line     the input line number, 1-based
 * @param response the measurement, or {@code error} when it failed
 */
record BatchRow(int line, MeasureResponse response) {

    /** The line number, then every column of a measurement. */
    static final Columns<BatchRow> COLUMNS = Columns.of(Column.<BatchRow>of("line", BatchRow::line))
            .and(ResultColumns.MEASUREMENT.from(BatchRow::response));

    /**
     * The row of input line {@code line}. A failed response may lack the architecture's id and name;
     * the row keeps the locally computed ones, so that a resumed batch knows what it failed on.
     */
    static BatchRow of(BatchInput.Line line, MeasureResponse r) {
        MeasureResponse.Builder response = r.toBuilder();
        if (r.getArchitectureId().isEmpty()) {
            response.setArchitectureId(line.architectureId());
        }
        if (r.hasError() && r.getName().isEmpty()) {
            response.setName(line.architecture().getName());
        }
        return new BatchRow(line.number(), response.build());
    }

    boolean failed() {
        return response.hasError();
    }
}
