package dev.latm.server.predict;

import dev.latm.model.predict.Evaluation;
import dev.latm.model.predict.LatencyPredictor;
import dev.latm.model.predict.PredictorKey;
import dev.latm.model.predict.TrainingSummary;
import dev.latm.proto.v1.PredictorAccuracy;
import dev.latm.proto.v1.PredictorInfo;

/** A predictor as the wire describes it: the one translation, for the server and for local predictions. */
public final class PredictorInfos {
    private PredictorInfos() {
    }

    /** Its identity, configuration, learner and cross-validated accuracy (no live error: that is the server's). */
    public static PredictorInfo of(LatencyPredictor predictor) {
        PredictorKey key = predictor.key();
        TrainingSummary training = predictor.training();
        return PredictorInfo.newBuilder()
                .setId(predictor.id())
                .setDeviceId(key.deviceId())
                .setEngine(key.engine())
                .setEngineVersion(key.engineVersion())
                .setThreads(key.threads())
                .setResolution(key.resolution())
                .setBatch(key.batch())
                .setDtype(key.dtype())
                .setLabel(predictor.label().field())
                .setLearner(predictor.params().learner().id())
                .setBuiltAt(training.builtAt())
                .setSamples(training.samples())
                .setCrossValidation(accuracy(training.crossValidation()))
                .setIntervalCoverage(predictor.interval().coverage())
                .build();
    }

    public static PredictorAccuracy accuracy(Evaluation evaluation) {
        return PredictorAccuracy.newBuilder().setCount(evaluation.count()).setWithin5(evaluation.within5())
                .setWithin10(evaluation.within10()).setRmspe(evaluation.rmspe())
                .setKendallTau(evaluation.kendallTau()).setMeanError(evaluation.meanError())
                .setMaxAbsError(evaluation.maxAbsError()).build();
    }
}
