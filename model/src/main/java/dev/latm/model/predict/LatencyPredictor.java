package dev.latm.model.predict;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.ir.Lowering;
import dev.latm.model.spec.ArchitectureSpec;
import dev.latm.model.spec.ArchitectureSpecs;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.Architecture;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A latency predictor for one {@link PredictorKey}: the network's units through a fitted model, plus
 * a prediction interval. Immutable and thread-safe; a prediction allocates a little and takes
 * microseconds, so a server can answer many from its gRPC threads without touching the measurement
 * queue.
 */
public final class LatencyPredictor {
    private final PredictorKey key;
    private final LatencyLabel label;
    private final LearnerParams params;
    private final LatencyModel model;
    private final PredictionInterval interval;
    private final TrainingSummary training;
    private volatile String id;

    LatencyPredictor(PredictorKey key, LatencyLabel label, LearnerParams params, LatencyModel model,
                     PredictionInterval interval, TrainingSummary training) {
        this.key = key;
        this.label = label;
        this.params = params;
        this.model = model;
        this.interval = interval;
        this.training = training;
    }

    /**
     * Predicts an architecture at the predictor's resolution and batch (whatever its own input says).
     *
     * @throws dev.latm.model.spec.InvalidArchitectureException with every violation, as a measurement would
     */
    public Prediction predict(Architecture architecture) {
        // validate and lower only: the id hash and cost table of a full compile are not needed here
        ArchitectureSpec spec = ArchitectureSpecs.fromProto(architecture, Limits.DEFAULT)
                .withInput(key.resolution(), key.batch());
        return interval.around(model.networkMs(Units.of(Lowering.lower(spec))));
    }

    /**
     * @throws IncompatiblePredictorException when the architecture was compiled at another resolution
     *                                        or batch than the predictor was built for
     */
    public Prediction predict(CompiledArchitecture compiled) {
        return interval.around(model.networkMs(unitsOf(compiled)));
    }

    /** Where the predicted time goes: per unit, plus the per-network overhead. */
    public Breakdown breakdown(CompiledArchitecture compiled) {
        List<Unit> units = unitsOf(compiled);
        double[] ms = model.unitMs(units);
        List<Breakdown.Row> rows = new ArrayList<>(units.size());
        for (int i = 0; i < ms.length; i++) {
            rows.add(new Breakdown.Row(units.get(i).layer(), units.get(i).kind(), ms[i]));
        }
        return new Breakdown(rows, model.overheadMs());
    }

    private List<Unit> unitsOf(CompiledArchitecture compiled) {
        int resolution = compiled.spec().resolution();
        int batch = compiled.spec().batch();
        if (resolution != key.resolution() || batch != key.batch()) {
            PredictorKey wanted = new PredictorKey(key.deviceId(), key.engine(), key.engineVersion(), key.threads(),
                    resolution, batch, key.dtype());
            key.requireMatches(wanted);
        }
        return Units.of(compiled.network());
    }

    public PredictorKey key() {
        return key;
    }

    /**
     * A name for this predictor that tells its configuration and changes when it is rebuilt:
     * {@code onnxruntime-1t-224px-b1-float32-3f9a1c2e}, the last part a hash of its file form. Metrics
     * and responses carry it.
     */
    public String id() {
        String known = id;
        if (known == null) {
            StringWriter file = new StringWriter();
            try {
                PredictorFile.write(this, file);
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(file.toString()
                        .getBytes(StandardCharsets.UTF_8));
                known = key.engine() + "-" + key.threads() + "t-" + key.resolution() + "px-b" + key.batch() + "-"
                        + key.dtype() + "-" + HexFormat.of().formatHex(hash, 0, 4);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a StringWriter does not throw
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
            id = known;
        }
        return known;
    }

    public LatencyLabel label() {
        return label;
    }

    public LearnerParams params() {
        return params;
    }

    public PredictionInterval interval() {
        return interval;
    }

    public TrainingSummary training() {
        return training;
    }

    LatencyModel model() {
        return model;
    }

    /**
     * A prediction taken apart.
     *
     * @param units      predicted milliseconds per unit, in execution order
     * @param overheadMs the part of the whole no unit accounts for
     */
    public record Breakdown(List<Row> units, double overheadMs) {

        public Breakdown {
            units = List.copyOf(units);
        }

        public double totalMs() {
            return overheadMs + units.stream().mapToDouble(Row::ms).sum();
        }

        /** One unit's share: its IR layer name, kind and predicted milliseconds. */
        public record Row(String layer, UnitKind kind, double ms) {
        }
    }
}
