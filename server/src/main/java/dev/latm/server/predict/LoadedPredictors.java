package dev.latm.server.predict;

import dev.latm.model.predict.LatencyPredictor;
import dev.latm.model.predict.PredictorFile;
import dev.latm.model.predict.PredictorKey;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.runtime.Engine;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.EngineUnavailableException;
import dev.latm.server.metrics.LatmMetrics;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latency predictors a server serves, loaded once at start-up.
 *
 * <p>A predictor built on another device or for another engine version is refused at load, with
 * both configurations named, rather than listed as stale: no request can select it (a request names
 * an engine, not its version, and the device is this one), so a stale predictor would only ever be
 * a silent no-op, and the moment to say so is when the operator starts the server. (A predictor that
 * goes stale while loaded, a device whose speed changed, shows in its live error instead.) Knowing
 * an engine's version means creating it, so a server with predictors creates the engines they name
 * at start-up.
 */
public final class LoadedPredictors {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedPredictors.class);

    private final List<ServedPredictor> served;

    private LoadedPredictors(List<ServedPredictor> served) {
        this.served = List.copyOf(served);
    }

    /**
     * Loads the predictor files and registers their meters.
     *
     * @throws IllegalArgumentException naming the file, for a file that cannot be read, a predictor of
     *                                  another device or engine version (both configurations named), an
     *                                  engine this server does not have, or two predictors of one
     *                                  configuration
     */
    public static LoadedPredictors load(List<Path> files, String deviceId, EngineRegistry engines,
                                        LatmMetrics metrics) {
        List<ServedPredictor> served = new ArrayList<>();
        for (Path file : files) {
            LatencyPredictor predictor = read(file);
            PredictorKey key = predictor.key();
            try {
                key.requireMatches(new PredictorKey(deviceId, key.engine(), engineVersion(engines, key.engine()),
                        key.threads(), key.resolution(), key.batch(), key.dtype()));
            } catch (IllegalArgumentException e) {
                // another configuration (both named), an unknown engine, one that cannot run here
                throw refused(file, e.getMessage());
            }
            for (ServedPredictor other : served) {
                PredictorKey otherKey = other.predictor().key();
                if (otherKey.serves(key.engine(), key.threads(), key.resolution(), key.batch(), key.dtype())) {
                    throw refused(file, "another --predictor (" + other.predictor().id() + ") is for the same "
                            + "configuration (" + key.describeSetup() + "); load one");
                }
            }
            served.add(new ServedPredictor(predictor, metrics));
            LOG.info("predictor {} loaded from {}: {} trained on {} networks ({}), cross-validated {}",
                    predictor.id(), file, predictor.params().learner().id(), predictor.training().samples(),
                    predictor.label().field(), predictor.training().crossValidation());
        }
        return new LoadedPredictors(served);
    }

    private static LatencyPredictor read(Path file) {
        try {
            return PredictorFile.load(file);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            // PredictorFile's messages name the file already
            throw new IllegalArgumentException("--predictor: " + e.getMessage(), e);
        }
    }

    private static String engineVersion(EngineRegistry engines, String engine) {
        if (!engines.contains(engine)) {
            throw new IllegalArgumentException(engines.unknown(engine));
        }
        try {
            Engine created = engines.get(engine);
            return created.version();
        } catch (EngineUnavailableException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static IllegalArgumentException refused(Path file, String why) {
        return new IllegalArgumentException("--predictor " + file + ": " + why);
    }

    /** Every predictor served, in the order loaded. */
    public List<ServedPredictor> all() {
        return served;
    }

    /** The predictor for a request's configuration, if one is loaded. */
    public Optional<ServedPredictor> find(String engine, int threads, int resolution, int batch, String dtype) {
        return served.stream().filter(s -> s.predictor().key().serves(engine, threads, resolution, batch, dtype))
                .findFirst();
    }

    /** {@code loaded: onnxruntime, 1 thread, 224 px, batch 1, float32 (onnxruntime-1t-...)}, or that none is. */
    String describe() {
        if (served.isEmpty()) {
            return "no predictor is loaded (start the server with --predictor FILE, built by latm predictor build)";
        }
        return "loaded: " + served.stream().map(s -> s.predictor().key().describeSetup() + " (" + s.predictor().id()
                + ")").collect(Collectors.joining("; "));
    }

    /**
     * Re-checks the predictor of a fresh measurement's configuration, if one is loaded, against what
     * was measured. Store hits, failed candidates and results without the predictor's label (an
     * unanchored result for a predictor of normalized_ms) are not checks. Never throws: a re-check
     * must not fail the measurement it watches.
     *
     * @param architecture what the request asked to measure
     */
    public void check(Architecture architecture, MeasureResponse result) {
        if (served.isEmpty() || result.hasError() || result.getFromStore()) {
            return;
        }
        try {
            PredictorKey measured = PredictorKey.of(result);
            for (ServedPredictor candidate : served) {
                LatencyPredictor predictor = candidate.predictor();
                OptionalDouble label = predictor.label().of(result);
                if (predictor.key().equals(measured) && label.isPresent()) {
                    candidate.check(predictor.predict(architecture).latencyMs(), label.getAsDouble());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not re-check a predictor against the measurement of {}: {}", result.getArchitectureId(),
                    e.toString());
        }
    }
}
