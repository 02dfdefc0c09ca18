package dev.latm.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.latm.client.results.ResultColumns;
import dev.latm.proto.v1.AnchoredLatency;
import dev.latm.proto.v1.Dtype;
import dev.latm.proto.v1.DtypeLabel;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.LayerTiming;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.Stationarity;
import dev.latm.proto.v1.WarmupOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latm measure}: LAT(m) of one network. */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = {"Build a network, warm it up until its run times settle, and time it in alternation with the "
                + "device's reference network until the 95%% confidence interval of their ratio is within --precision "
                + "of it; print LAT(m) = that ratio times the reference's calibrated latency (normalized_ms), which "
                + "the host's drift cannot move, with the raw median beside it and the device's speed against its "
                + "baseline. --reference none times the network alone: LAT(m) is then the raw median.",
            "With --target the device server measures it; without, an in-process server does, through the same "
                + "gRPC service."})
final class MeasureCommand implements Callable<Integer> {

    @Mixin
    ArchitectureOptions architecture;

    @Mixin
    MeasurementFlags measurement;

    @Mixin
    DeviceOptions device;

    @Mixin
    TableOrJsonOption format;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also write a chart of the latency of each run to FILE.png (turns on --samples).")
    Path plot;

    @Override
    public Integer call() {
        format.check();
        MeasurementOptions options = measurement.toProto();
        if (plot != null) {
            MeasurementPlot.checkFolder(plot);
            options = options.toBuilder().setReturnSamples(true).build();
        }
        MeasureResponse response;
        try (Connection connection = device.connect()) {
            response = connection.client().measure(architecture.architecture(), options);
        }
        format.print(() -> Json.pretty(toJson(response)), out -> printTable(response, out));
        if (plot != null) {
            MeasurementPlot.write(response, plot);
        }
        return 0;
    }

    /**
     * The result's row (the columns every latm table shares) with its samples and profile when it
     * has them; field names are part of the CLI's contract.
     */
    static JsonObject toJson(MeasureResponse r) {
        JsonObject json = Json.result(r);
        if (r.hasProfile()) {
            json.add("profile", profileJson(r));
        }
        return json;
    }

    private static JsonObject profileJson(MeasureResponse r) {
        JsonObject profile = new JsonObject();
        profile.addProperty("runs", r.getProfile().getRuns());
        profile.addProperty("total_ms", r.getProfile().getTotalMs());
        profile.add("groups", timings(r.getProfile().getGroupsList()));
        profile.add("layers", timings(r.getProfile().getLayersList()));
        if (r.getProfile().hasPrecision()) {
            profile.add("precision", PrecisionText.json(r.getProfile().getPrecision()));
        }
        return profile;
    }

    private static JsonArray timings(java.util.List<LayerTiming> rows) {
        JsonArray array = new JsonArray();
        for (LayerTiming row : rows) {
            JsonObject item = new JsonObject();
            item.addProperty("name", row.getName());
            if (!row.getOp().isEmpty()) {
                item.addProperty("op", row.getOp());
            }
            item.addProperty("mean_ms", row.getMeanMs());
            item.addProperty("share", row.getShare());
            array.add(item);
        }
        return array;
    }

    private static void printTable(MeasureResponse r, PrintWriter out) {
        LatencyStatistics s = r.getLatency();
        out.printf("%s (%s) on %s %s, %s, %d thread(s), batch %d, %dx%d, device %s%s%n",
                r.getName().isEmpty() ? "unnamed" : r.getName(), r.getArchitectureId(), r.getEngine(),
                r.getEngineVersion(), DtypeLabel.of(r.getOptions()), r.getOptions().getThreads(),
                r.getOptions().getBatch(),
                r.getOptions().getResolution(), r.getOptions().getResolution(), r.getDeviceId(),
                r.getFromStore() ? " (from the result store)" : "");
        String target = s.getTargetReached() ? "target reached"
                : "target NOT reached (raise --max-seconds or --max-runs)";
        if (r.hasAnchored()) {
            AnchoredLatency a = r.getAnchored();
            out.printf("LAT(m)         %.3f ms   = %.4f x %s's baseline %.3f ms, 95%% CI +-%.2f%%, %s%n",
                    ResultColumns.latMs(r), a.getRelative(), a.getReference(), a.getBaselineMs(),
                    100 * a.getRelativeCiHalfWidthRel(), target);
            out.printf("raw median     %.3f ms   95%% CI [%.3f, %.3f] (+-%.2f%%); the device ran at %.2fx its "
                    + "baseline (%s)%n", s.getMedianMs(), s.getCiLowMs(), s.getCiHighMs(), 100 * s.getCiHalfWidthRel(),
                    a.getDeviceSpeedRatio(), speed(a.getDeviceSpeedRatio()));
        } else {
            out.printf("LAT(m)         %.3f ms   (the median; no reference)   95%% CI [%.3f, %.3f] (+-%.2f%%), %s%n",
                    ResultColumns.latMs(r), s.getCiLowMs(), s.getCiHighMs(), 100 * s.getCiHalfWidthRel(), target);
        }
        out.printf("mean %.3f  stddev %.3f  cv %.2f%%  min %.3f  max %.3f ms%n", s.getMeanMs(), s.getStddevMs(),
                100 * s.getCv(), s.getMinMs(), s.getMaxMs());
        out.printf("p90 %s  p95 %s  p99 %s ms   (%d timed runs%s)%n", optional(s.hasP90Ms(), s.getP90Ms()),
                optional(s.hasP95Ms(), s.getP95Ms()), optional(s.hasP99Ms(), s.getP99Ms()), s.getRuns(),
                r.hasAnchored() ? ", each paired with a run of the reference" : "");
        out.printf("build %.1f ms   first run %.3f ms   warm-up %.1f ms (%d runs, %s)%n", r.getBuildMs(),
                r.getFirstRunMs(), r.getWarmupMs(), r.getWarmupRuns(), warmup(r.getWarmupOutcome()));
        if (r.hasStationarity()) {
            out.println(stationarity(r));
        }
        out.printf("MACs %,d   params %,d   %.2f GMAC/s%n", r.getCost().getMacs(), r.getCost().getParams(),
                r.getCost().getMacs() / (ResultColumns.latMs(r) * 1e6));
        if (r.getWarmupSamplesMsCount() > 0 || s.getSamplesMsCount() > 0) {
            SampleSummary.print(r, out);
        }
        if (r.hasProfile()) {
            out.printf("%nper-stage profile (%d runs, %.3f ms accounted)%n", r.getProfile().getRuns(),
                    r.getProfile().getTotalMs());
            for (LayerTiming group : r.getProfile().getGroupsList()) {
                out.printf("  %-12s %8.3f ms  %5.1f%%%n", group.getName(), group.getMeanMs(), 100 * group.getShare());
            }
            if (r.getOptions().getDtype() == Dtype.INT8 && r.getProfile().hasPrecision()) {
                PrecisionText.print(r.getProfile().getPrecision(), r.getProfile().getRuns(), out);
            }
        }
    }

    /** {@code 14% slower than at calibration}, {@code as at calibration}. */
    static String speed(double ratio) {
        long percent = Math.round(100 * (ratio - 1));
        return percent == 0 ? "as at calibration" : Math.abs(percent) + "% " + (percent > 0 ? "slower" : "faster")
                + " than at calibration";
    }

    private static String warmup(WarmupOutcome outcome) {
        return switch (outcome) {
            case STEADY -> "steady";
            case BUDGET_EXHAUSTED -> "budget exhausted before the runs settled";
            default -> "outcome not recorded";
        };
    }

    /** Whether the judged series kept one level, and where it shifted when it did not. */
    static String stationarity(MeasureResponse r) {
        Stationarity st = r.getStationarity();
        String judged = r.hasAnchored() ? "ratios" : "run times";
        String dropped = st.getDiscardedRuns() > 0 ? "; the first " + st.getDiscardedRuns()
                + " timed runs were dropped as late warm-up" : "";
        if (st.getStationary()) {
            return "stationary     the timed " + judged + " kept one level" + dropped;
        }
        return String.format(java.util.Locale.ROOT, "NOT stationary the timed %s shifted by %+.1f%% at run %d "
                + "(p = %.2g)%s: the host changed speed while it ran; measure again", judged, 100 * st.getShift(),
                st.getChangepointRun(), st.getPValue(), dropped);
    }

    private static String optional(boolean present, double value) {
        return present ? String.format("%.3f", value) : "n/a";
    }
}
