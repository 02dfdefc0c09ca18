package dev.latm.server.predict;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.predict.Prediction;
import dev.latm.model.predict.PredictorKey;
import dev.latm.model.spec.ArchitectureNames;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.DtypeLabel;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.PredictRequest;
import dev.latm.proto.v1.PredictResponse;
import dev.latm.server.measure.OptionsResolver;
import dev.latm.server.measure.RequestCompiler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Predict use case: resolve the options as a measurement would, compile each architecture at its
 * resolution and batch, pick the loaded predictor of that configuration and predict. Runs on the
 * calling thread and never touches the measurement queue. Knows nothing of gRPC.
 */
public final class PredictService {
    private final LoadedPredictors predictors;
    private final OptionsResolver options;
    private final Limits limits;

    public PredictService(LoadedPredictors predictors, OptionsResolver options, Limits limits) {
        this.predictors = predictors;
        this.options = options;
        this.limits = limits;
    }

    /**
     * @param errors how the failure of one architecture (invalid, over a limit) becomes its {@code error}
     * @throws dev.latm.server.measure.InvalidRequestException with the bad options
     * @throws NoPredictorException naming what is loaded, when an architecture's configuration has no
     *                              predictor: a question for the server's operator, not about one network
     */
    public PredictResponse predict(PredictRequest request, Function<RuntimeException, com.google.rpc.Status> errors) {
        MeasurementOptions resolved = options.resolve(request.getOptions()).values();
        PredictResponse.Builder response = PredictResponse.newBuilder();
        Map<String, ServedPredictor> used = new LinkedHashMap<>();
        for (int index = 0; index < request.getArchitecturesCount(); index++) {
            Architecture architecture = request.getArchitectures(index);
            // a name is echoed only when it is one the server accepts: never megabytes of it
            dev.latm.proto.v1.Prediction.Builder answer = response.addPredictionsBuilder().setIndex(index)
                    .setName(ArchitectureNames.isValid(architecture.getName()) ? architecture.getName() : "");
            CompiledArchitecture compiled;
            try {
                compiled = RequestCompiler.compile(architecture, limits, resolved.getResolution(), resolved.getBatch(),
                        "options");
            } catch (RuntimeException e) {
                answer.setError(errors.apply(e));
                continue;
            }
            ServedPredictor served = find(resolved, compiled);
            Prediction prediction = served.predictor().predict(compiled);
            answer.setArchitectureId(compiled.id()).setLatMs(prediction.latencyMs()).setLowMs(prediction.lowMs())
                    .setHighMs(prediction.highMs()).setCoverage(prediction.coverage())
                    .setPredictorId(served.predictor().id());
            used.putIfAbsent(served.predictor().id(), served);
            served.predicted(1);
        }
        used.values().forEach(served -> response.addPredictors(served.info()));
        return response.build();
    }

    private ServedPredictor find(MeasurementOptions resolved, CompiledArchitecture compiled) {
        String engine = resolved.getEngine();
        int threads = resolved.getThreads();
        int resolution = compiled.spec().resolution();
        int batch = compiled.spec().batch();
        String dtype = DtypeLabel.of(resolved);
        return predictors.find(engine, threads, resolution, batch, dtype).orElseThrow(() -> new NoPredictorException(
                "no latency predictor for " + PredictorKey.describeSetup(engine, threads, resolution, batch, dtype)
                        + " on this device; " + predictors.describe()));
    }
}
