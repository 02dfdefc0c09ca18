package dev.latm.cli;

import dev.latm.cli.predictor.LocalPredictions;
import dev.latm.model.predict.LatencyPredictor;
import dev.latm.model.predict.PredictorFile;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.PredictResponse;
import dev.latm.proto.v1.Prediction;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@code latm predict} and {@code latm search --screen} get predictions: a predictor file in
 * this process ({@code --predictor FILE}) or a device's Predict RPC ({@code --target HOST:PORT}),
 * both answering in the form of the RPC.
 */
abstract class PredictorBackend implements AutoCloseable {

    /**
     * @param file    a predictor file, or null to ask {@code target}'s Predict RPC
     * @param options the engine, threads, resolution, batch and dtype given on the command line
     * @throws IllegalArgumentException when there is neither, when {@code target} is a fleet, or when the
     *                                  file cannot serve the options
     */
    static PredictorBackend open(Path file, TargetOptions target, MeasurementOptions options) {
        if (file != null) {
            return new Local(PredictorFile.load(file), file, options);
        }
        if (!target.remote()) {
            throw new IllegalArgumentException("give --predictor FILE (predict in this process) or --target "
                    + "HOST:PORT (ask a device's Predict RPC)");
        }
        if (MeasurementBackend.isFleet(target.target)) {
            throw new IllegalArgumentException("--target: predictions come from one device's predictor (got "
                    + target.target + "); give --predictor FILE");
        }
        return new Remote(Connection.open(target, null), target.target, options);
    }

    /** One prediction per architecture, in order, and the predictors that made them. */
    abstract PredictResponse predict(List<Architecture> architectures);

    /** Where predictions come from, for the command's first line. */
    abstract String describe();

    @Override
    public abstract void close();

    /** A predictor file, predicted in this process. */
    private static final class Local extends PredictorBackend {
        private final LatencyPredictor predictor;
        private final Path file;

        Local(LatencyPredictor predictor, Path file, MeasurementOptions options) {
            LocalPredictions.requireServes(predictor, options);
            this.predictor = predictor;
            this.file = file;
        }

        @Override
        PredictResponse predict(List<Architecture> architectures) {
            return LocalPredictions.predict(predictor, architectures);
        }

        @Override
        String describe() {
            return "the predictor file " + file + ", in this process";
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    /** A device's Predict RPC, in requests of at most the device's batch limit. */
    private static final class Remote extends PredictorBackend {
        private static final int FALLBACK_REQUEST_SIZE = 1000;

        private final Connection connection;
        private final String target;
        private final MeasurementOptions options;
        private final int requestSize;

        Remote(Connection connection, String target, MeasurementOptions options) {
            this.connection = connection;
            this.target = target;
            this.options = options;
            int limit;
            try {
                limit = connection.client().deviceInfo().getLimits().getMaxBatchRequestSize();
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
            this.requestSize = limit > 0 ? limit : FALLBACK_REQUEST_SIZE;
        }

        @Override
        PredictResponse predict(List<Architecture> architectures) {
            PredictResponse.Builder all = PredictResponse.newBuilder();
            Map<String, dev.latm.proto.v1.PredictorInfo> predictors = new LinkedHashMap<>();
            for (int offset = 0; offset < architectures.size(); offset += requestSize) {
                PredictResponse part = connection.client().predict(architectures.subList(offset,
                        Math.min(architectures.size(), offset + requestSize)), options);
                for (Prediction prediction : part.getPredictionsList()) {
                    all.addPredictions(prediction.toBuilder().setIndex(offset + prediction.getIndex()));
                }
                part.getPredictorsList().forEach(p -> predictors.putIfAbsent(p.getId(), p));
            }
            return all.addAllPredictors(predictors.values()).build();
        }

        @Override
        String describe() {
            return "the Predict RPC of " + target;
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
