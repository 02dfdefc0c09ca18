package dev.latm.server.predict;

import dev.latm.model.predict.LatencyPredictor;
import dev.latm.proto.v1.PredictorInfo;
import dev.latm.server.metrics.LatmMetrics;

/**
 * A predictor a server has loaded: the model, its meters, and its error against the server's own
 * fresh measurements. Thread-safe.
 */
public final class ServedPredictor {
    /** How many of the latest re-checks the live accuracy is judged on. */
    static final int RECENT = 100;

    private final LatencyPredictor predictor;
    private final RecentErrors recent = new RecentErrors(RECENT);
    private final LatmMetrics.PredictorMeters meters;

    ServedPredictor(LatencyPredictor predictor, LatmMetrics metrics) {
        this.predictor = predictor;
        this.meters = metrics.predictor(predictor.id(), recent::within10);
    }

    public LatencyPredictor predictor() {
        return predictor;
    }

    /** Counts {@code architectures} answered by the Predict RPC. */
    void predicted(int architectures) {
        meters.predictions().increment(architectures);
    }

    /** One re-check: what this predictor said of a network the server has just measured. */
    void check(double predictedMs, double measuredMs) {
        recent.add(predictedMs, measuredMs);
        meters.error().record(Math.abs(predictedMs / measuredMs - 1));
        meters.checks().increment();
    }

    /** What GetDeviceInfo and Predict report of it: {@link PredictorInfos#of} and its live error. */
    public PredictorInfo info() {
        PredictorInfo.Builder info = PredictorInfos.of(predictor).toBuilder();
        recent.evaluation().ifPresent(live -> info.setLive(PredictorInfos.accuracy(live)));
        return info.build();
    }
}
