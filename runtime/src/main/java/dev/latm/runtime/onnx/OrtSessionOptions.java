package dev.latm.runtime.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.latm.runtime.EngineOptions.GraphOptimization;
import dev.latm.runtime.EngineOptions;

/** Translates latm's {@link EngineOptions} into ONNX Runtime session options. */
final class OrtSessionOptions {
    /** ORT's session config key for whether intra-op worker threads spin while waiting for work. */
    static final String ALLOW_SPINNING = "session.intra_op.allow_spinning";

    private OrtSessionOptions() {
    }

    /**
     * New session options; the caller owns and closes them. Inter-op parallelism is off and
     * execution sequential: latm's networks are chains, and a second pool would only add jitter.
     */
    static SessionOptions create(EngineOptions options) throws OrtException {
        SessionOptions sessionOptions = new SessionOptions();
        try {
            sessionOptions.setIntraOpNumThreads(options.threads());
            sessionOptions.setInterOpNumThreads(1);
            sessionOptions.setExecutionMode(ExecutionMode.SEQUENTIAL);
            sessionOptions.setOptimizationLevel(level(options.optimization()));
            sessionOptions.addConfigEntry(ALLOW_SPINNING, options.spinning() ? "1" : "0");
            return sessionOptions;
        } catch (OrtException | RuntimeException e) {
            sessionOptions.close();
            throw e;
        }
    }

    static OptLevel level(GraphOptimization optimization) {
        switch (optimization) {
            case NONE: return OptLevel.NO_OPT;
            case BASIC: return OptLevel.BASIC_OPT;
            case EXTENDED: return OptLevel.EXTENDED_OPT;
            case ALL: return OptLevel.ALL_OPT;
            default: throw new AssertionError(optimization);
        }
    }
}
