package dev.latm.cli;

import com.google.gson.JsonObject;
import dev.latm.client.results.Column;
import dev.latm.client.results.Columns;
import dev.latm.proto.v1.KernelPrecision;
import dev.latm.proto.v1.KernelTiming;
import dev.latm.proto.v1.OpPrecision;
import dev.latm.proto.v1.PrecisionReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * A profile's precision report as {@code latm measure} prints it: which ops ran in int8, which fell
 * back to float, and what the conversions between them cost.
 */
final class PrecisionText {
    private static final Columns<OpPrecision> OPS = Columns.of(Column.of("op_type", OpPrecision::getOpType),
            Column.of("precision", op -> name(op.getPrecision())), Column.of("count", OpPrecision::getCount),
            Column.of("mean_ms", OpPrecision::getMeanMs), Column.of("share", OpPrecision::getShare));
    private static final Columns<KernelTiming> KERNELS = Columns.of(Column.of("name", KernelTiming::getName),
            Column.of("layer", KernelTiming::getLayer), Column.of("op_type", KernelTiming::getOpType),
            Column.of("precision", kernel -> name(kernel.getPrecision())),
            Column.of("mean_ms", KernelTiming::getMeanMs));

    private PrecisionText() {
    }

    /** {@code int8}, {@code float}, {@code conversion}: the precision without the wire enum's prefix. */
    static String name(KernelPrecision precision) {
        return precision.name().replace("KERNEL_PRECISION_", "").toLowerCase(Locale.ROOT);
    }

    /** The report as JSON: its ops (most time first) and every kernel in execution order. */
    static JsonObject json(PrecisionReport report) {
        JsonObject json = new JsonObject();
        json.addProperty("total_ms", report.getTotalMs());
        json.add("ops", Json.rows(OPS, report.getOpsList()));
        json.add("kernels", Json.rows(KERNELS, report.getKernelsList()));
        return json;
    }

    /** The kernels by precision, the op table, and every kernel that fell back to float. */
    static void print(PrecisionReport report, int runs, PrintWriter out) {
        out.printf("%nkernels by precision (%d runs):", runs);
        for (KernelPrecision precision : List.of(KernelPrecision.KERNEL_PRECISION_INT8,
                KernelPrecision.KERNEL_PRECISION_FLOAT, KernelPrecision.KERNEL_PRECISION_CONVERSION)) {
            long count = report.getKernelsList().stream().filter(k -> k.getPrecision() == precision).count();
            double ms = report.getKernelsList().stream().filter(k -> k.getPrecision() == precision)
                    .mapToDouble(KernelTiming::getMeanMs).sum();
            out.printf("  %s %d (%.1f%% of the time)", name(precision), count,
                    report.getTotalMs() > 0 ? 100 * ms / report.getTotalMs() : 0);
        }
        out.println();
        out.printf("  %-28s %-10s %5s %9s %7s%n", "op", "precision", "count", "mean ms", "share");
        for (OpPrecision op : report.getOpsList()) {
            out.printf("  %-28s %-10s %5d %9.3f %6.1f%%%n", op.getOpType(), name(op.getPrecision()), op.getCount(),
                    op.getMeanMs(), 100 * op.getShare());
        }
        List<KernelTiming> fallbacks = report.getKernelsList().stream()
                .filter(k -> k.getPrecision() == KernelPrecision.KERNEL_PRECISION_FLOAT).toList();
        if (fallbacks.isEmpty()) {
            out.println("nothing fell back to float");
            return;
        }
        out.printf("fell back to float: %d kernels%n", fallbacks.size());
        for (KernelTiming kernel : fallbacks) {
            out.printf("  %-40s %-20s %9.3f ms%n", kernel.getLayer(), kernel.getOpType(), kernel.getMeanMs());
        }
    }
}
