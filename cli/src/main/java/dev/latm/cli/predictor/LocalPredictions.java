package dev.latm.cli.predictor;

import com.google.rpc.Code;
import dev.latm.cli.search.LocalCompiler;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.predict.LatencyPredictor;
import dev.latm.model.predict.Prediction;
import dev.latm.model.predict.PredictorKey;
import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.DtypeLabel;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.PredictResponse;
import dev.latm.server.predict.PredictorInfos;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Predictions of a predictor file in this process, in the form the Predict RPC answers with, so a
 * command (or a search screening its proposals) treats a local file and a device alike. The file is
 * the predictor: every architecture is predicted at its resolution and batch.
 */
public final class LocalPredictions {
    private LocalPredictions() {
    }

    /**
     * @throws IllegalArgumentException when {@code given} names an engine, threads, resolution, batch or
     *                                  dtype other than the predictor's, naming the flag and both values
     */
    public static void requireServes(LatencyPredictor predictor, MeasurementOptions given) {
        PredictorKey key = predictor.key();
        List<String> conflicts = new ArrayList<>();
        if (!given.getEngine().isEmpty() && !given.getEngine().equals(key.engine())) {
            conflicts.add("--engine " + given.getEngine() + " (it is for " + key.engine() + ")");
        }
        conflict(conflicts, "--threads", given.getThreads(), key.threads());
        conflict(conflicts, "--resolution", given.getResolution(), key.resolution());
        conflict(conflicts, "--batch", given.getBatch(), key.batch());
        // unset is float32, as on the server
        String dtype = DtypeLabel.of(given);
        if (!dtype.equals(key.dtype())) {
            conflicts.add("--dtype " + dtype + " (it is for " + key.dtype() + ")");
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException("the predictor " + predictor.id() + " was built for "
                    + key.describeSetup() + ", not " + String.join(", ", conflicts)
                    + "; leave those flags out or use a predictor built for them");
        }
    }

    private static void conflict(List<String> conflicts, String flag, int given, int built) {
        if (given != 0 && given != built) {
            conflicts.add(flag + " " + given + " (it is for " + built + ")");
        }
    }

    /** One prediction per architecture, in order; an invalid one carries its violations as {@code error}. */
    public static PredictResponse predict(LatencyPredictor predictor, List<Architecture> architectures) {
        PredictResponse.Builder response = PredictResponse.newBuilder().addPredictors(PredictorInfos.of(predictor));
        for (int index = 0; index < architectures.size(); index++) {
            Architecture architecture = architectures.get(index);
            dev.latm.proto.v1.Prediction.Builder answer = response.addPredictionsBuilder().setIndex(index)
                    .setName(architecture.getName());
            try {
                CompiledArchitecture compiled = LocalCompiler.compile(architecture, predictor.key().resolution(),
                        predictor.key().batch());
                Prediction prediction = predictor.predict(compiled);
                answer.setArchitectureId(compiled.id()).setLatMs(prediction.latencyMs()).setLowMs(prediction.lowMs())
                        .setHighMs(prediction.highMs()).setCoverage(prediction.coverage())
                        .setPredictorId(predictor.id());
            } catch (InvalidArchitectureException e) {
                answer.setError(com.google.rpc.Status.newBuilder().setCode(Code.INVALID_ARGUMENT.getNumber())
                        .setMessage(e.violations().stream().map(Violation::toString)
                                .collect(Collectors.joining("; "))));
            }
        }
        return response.build();
    }
}
