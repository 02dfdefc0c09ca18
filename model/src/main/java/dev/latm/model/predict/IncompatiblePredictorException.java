package dev.latm.model.predict;

/** A predictor asked to predict for a configuration (device, engine version, threads, ...) it was not built for. */
public class IncompatiblePredictorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient PredictorKey built;
    private final transient PredictorKey wanted;

    public IncompatiblePredictorException(String message, PredictorKey built, PredictorKey wanted) {
        super(message);
        this.built = built;
        this.wanted = wanted;
    }

    /** What the predictor was built for. */
    public PredictorKey built() {
        return built;
    }

    /** What it was asked to predict for. */
    public PredictorKey wanted() {
        return wanted;
    }
}
