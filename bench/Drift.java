// Drift: is LAT(m) reproducible between calls? Samples the architectures and reports bench/drift.sh's runs.
//
// Run:   bench/run Drift sample N [SEED]      N random architectures of the bundled search space, JSON lines
//        bench/run Drift report DIR           the figures of a finished drift.sh directory, and DIR/drift.png
//        bench/drift.sh [--n 24] [--window 8] [--engine onnxruntime] [--out DIR] [--quick]   (the whole benchmark)
//
// One idea (issue 10): a search compares candidates measured minutes apart, so LAT(m) must survive the
// host's drift between calls. drift.sh measures the same N architectures twice in separate
// `latm measure --force` calls (anchored: LAT(m) = normalized_ms), twice more as one interleaved
// `latm batch` each, and once alone the way latm measured before anchoring (`--reference none
// --warmup-budget-seconds 0`). This program then compares pass 1 with pass 2, for the raw median and
// for normalized_ms side by side: Kendall's tau-b between the two passes' rankings (1 = the same
// order) and the range of the per-architecture ratio pass 2 / pass 1 (1 = the same value). It also
// gives the cost: the wall time per measurement of each mode (the whole `latm` process, and the
// device's own share, build + first run + warm-up + timed phase) against one at a time alone. The PNG
// plots pass 2 against pass 1 per mode, raw and normalised side by side. Figures need a quiet
// machine; the integrator takes them there.
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latm.cli.plot.Axis;
import dev.latm.cli.plot.Figure;
import dev.latm.cli.plot.Panel;
import dev.latm.cli.plot.Reference;
import dev.latm.cli.plot.Series;
import dev.latm.cli.search.Genotype;
import dev.latm.cli.search.SearchSpace;
import dev.latm.model.predict.KendallTau;
import dev.latm.model.spec.ArchitectureJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

public class Drift {

    /** One mode's two passes: per architecture (by index), the raw median and LAT(m) of each pass. */
    record Passes(String mode, double[][] raw, double[][] lat) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("sample")) {
            sample(Integer.parseInt(args[1]), args.length > 2 ? Long.parseLong(args[2]) : 20261129L);
        } else if (args.length == 2 && args[0].equals("report")) {
            report(Path.of(args[1]));
        } else {
            System.err.println("usage: bench/run Drift sample N [SEED] | report DIR");
            System.exit(2);
        }
    }

    /** N distinct random architectures of the bundled space, one JSON line each, named drift_0 ... */
    static void sample(int n, long seed) {
        SearchSpace space = SearchSpace.bundled();
        SplittableRandom random = new SplittableRandom(seed);
        List<Genotype> seen = new ArrayList<>();
        while (seen.size() < n) {
            Genotype genotype = space.sample(random);
            if (!seen.contains(genotype)) {
                System.out.println(ArchitectureJson.print(space.decode(genotype, "drift_" + seen.size()))
                        .replaceAll("\\s*\\n\\s*", " "));
                seen.add(genotype);
            }
        }
    }

    static void report(Path dir) throws IOException {
        int n = (int) Files.lines(dir.resolve("archs.jsonl")).filter(l -> !l.isBlank()).count();
        List<Passes> modes = new ArrayList<>();
        modes.add(passes("separate calls", pass -> separate(dir.resolve("separate-" + pass), n)));
        modes.add(passes("batch vs batch", pass -> batch(dir.resolve("batch-" + pass + ".jsonl"), n)));
        Map<String, double[]> wall = wallTimes(dir.resolve("times.tsv"));
        System.out.printf(Locale.ROOT, "%n%d architectures of the bundled search space (%s)%n", n,
                Files.readString(dir.resolve("settings.txt")).strip());
        System.out.printf(Locale.ROOT, "%-16s %-22s %-22s%n", "", "raw median", "normalized_ms (LAT)");
        for (Passes p : modes) {
            System.out.printf(Locale.ROOT, "%-16s tau %-18.3f tau %-18.3f%n", p.mode(), tau(p.raw()), tau(p.lat()));
            System.out.printf(Locale.ROOT, "%-16s ratio %-16s ratio %-16s%n", "", range(p.raw()), range(p.lat()));
        }
        System.out.println();
        System.out.println("wall time per measurement (process: the whole latm call; device: build + first run + "
                + "warm-up + timed phase)");
        double alone = mean(wall.get("alone"));
        double aloneDevice = mean(deviceMs(dir.resolve("alone"), n));
        for (String mode : List.of("alone", "separate", "batch")) {
            double[] seconds = wall.get(mode);
            if (seconds == null) {
                continue;
            }
            double perMeasurement = mode.equals("batch") ? Arrays.stream(seconds).sum() / (seconds.length * n)
                    : mean(seconds);
            String device = "";
            if (mode.equals("separate")) {
                double ms = mean(deviceMs(dir.resolve("separate-1"), n));
                device = String.format(Locale.ROOT, "   device %8.1f ms = %.2fx alone's %.1f ms", ms, ms / aloneDevice,
                        aloneDevice);
            }
            System.out.printf(Locale.ROOT, "  %-9s process %7.2f s = %.2fx one at a time alone%s%n", mode,
                    perMeasurement, perMeasurement / alone, device);
        }
        Path png = dir.resolve("drift.png");
        plot(modes).writePng(png);
        System.out.println("\nchart: " + png);
    }

    @FunctionalInterface
    interface PassReader {
        double[][] read(int pass) throws IOException;
    }

    /** Both passes of one mode; each reader returns {raw medians, LAT(m)s} by architecture index. */
    private static Passes passes(String mode, PassReader reader) throws IOException {
        double[][] first = reader.read(1);
        double[][] second = reader.read(2);
        return new Passes(mode, new double[][] {first[0], second[0]}, new double[][] {first[1], second[1]});
    }

    /** DIR/INDEX.json, one `latm measure --format json` per architecture. */
    private static double[][] separate(Path dir, int n) throws IOException {
        double[][] values = new double[2][n];
        for (int i = 0; i < n; i++) {
            JsonObject json = JsonParser.parseString(Files.readString(dir.resolve(i + ".json"))).getAsJsonObject();
            values[0][i] = json.get("median_ms").getAsDouble();
            values[1][i] = json.get("lat_ms").getAsDouble();
        }
        return values;
    }

    /** A `latm batch --format json` file: one row per architecture, its input line number 1-based. */
    private static double[][] batch(Path file, int n) throws IOException {
        double[][] values = new double[2][n];
        for (String line : Files.readAllLines(file)) {
            JsonObject json = JsonParser.parseString(line).getAsJsonObject();
            if (!json.get("error").isJsonNull()) {
                throw new IllegalStateException(file + ": a candidate failed: " + json.get("error"));
            }
            int index = json.get("line").getAsInt() - 1;
            values[0][index] = json.get("median_ms").getAsDouble();
            values[1][index] = json.get("lat_ms").getAsDouble();
        }
        return values;
    }

    /** What each measurement cost the device, from its own fields. */
    private static double[] deviceMs(Path dir, int n) throws IOException {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            JsonObject json = JsonParser.parseString(Files.readString(dir.resolve(i + ".json"))).getAsJsonObject();
            ms[i] = json.get("build_ms").getAsDouble() + json.get("first_run_ms").getAsDouble()
                    + json.get("warmup_ms").getAsDouble() + json.get("timed_ms").getAsDouble();
        }
        return ms;
    }

    /** times.tsv: MODE PASS INDEX SECONDS per line, the wall time of each latm call. */
    private static Map<String, double[]> wallTimes(Path file) throws IOException {
        Map<String, List<Double>> byMode = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.strip().split("\\s+");
            byMode.computeIfAbsent(fields[0], k -> new ArrayList<>()).add(Double.parseDouble(fields[3]));
        }
        Map<String, double[]> wall = new HashMap<>();
        byMode.forEach((mode, seconds) -> wall.put(mode, seconds.stream().mapToDouble(Double::doubleValue).toArray()));
        return wall;
    }

    /** Kendall's tau-b between the two passes' rankings; NaN where every pair ties. */
    static double tau(double[][] passes) {
        return KendallTau.tauB(passes[0], passes[1]);
    }

    /** The range of pass 2 / pass 1 over the architectures. */
    static String range(double[][] passes) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < passes[0].length; i++) {
            double ratio = passes[1][i] / passes[0][i];
            min = Math.min(min, ratio);
            max = Math.max(max, ratio);
        }
        return String.format(Locale.ROOT, "%.3f-%.3f", min, max);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** Pass 2 against pass 1, per mode a row: raw on the left, normalised on the right; y = x and +-5%. */
    static Figure plot(List<Passes> modes) {
        List<Panel> panels = new ArrayList<>();
        for (Passes p : modes) {
            panels.add(scatter(p.mode() + ": raw median", p.raw()));
            panels.add(scatter(p.mode() + ": normalized_ms", p.lat()));
        }
        return Figure.of(panels.toArray(Panel[]::new)).withColumns(2);
    }

    private static Panel scatter(String title, double[][] passes) {
        return Panel.of(title, Axis.linear("pass 1 (ms)"), Axis.linear("pass 2 (ms)"))
                .with(Reference.band("+-5%", 0.95, 1.05))
                .with(Reference.identity())
                .with(Series.points("architectures", passes[0], passes[1]))
                .withEqualAxes();
    }
}
