package dev.latm.cli.predictor;

import dev.latm.proto.v1.PredictorAccuracy;
import dev.latm.proto.v1.PredictorInfo;
import java.util.Locale;

/** How the CLI words a predictor and its accuracy, wherever it prints them. */
public final class PredictorText {
    private PredictorText() {
    }

    /**
     * {@code onnxruntime-1t-224px-b1-float32-3f9a1c2e: gbrt on 300 networks, normalized_ms, device 'vm'
     * (onnxruntime 1.23.2+abc), built 2026-01-01T00:00:00Z; cross-validated n=300: within +-5% ...}.
     */
    public static String describe(PredictorInfo predictor) {
        return String.format(Locale.ROOT, "%s: %s on %d networks, %s, device '%s' (%s %s), built %s; "
                        + "cross-validated %s", predictor.getId(), predictor.getLearner(), predictor.getSamples(),
                predictor.getLabel(), predictor.getDeviceId(), predictor.getEngine(), predictor.getEngineVersion(),
                predictor.getBuiltAt(), accuracy(predictor.getCrossValidation()));
    }

    /** {@code n=100: within +-5% 81.0%, within +-10% 96.0%, RMSPE 4.10%, Kendall tau 0.912, bias +0.30%, max 14.2%}. */
    public static String accuracy(PredictorAccuracy accuracy) {
        return String.format(Locale.ROOT, "n=%d: within +-5%% %.1f%%, within +-10%% %.1f%%, RMSPE %.2f%%, "
                        + "Kendall tau %.3f, bias %+.2f%%, max %.1f%%", accuracy.getCount(), 100 * accuracy.getWithin5(),
                100 * accuracy.getWithin10(), 100 * accuracy.getRmspe(), accuracy.getKendallTau(),
                100 * accuracy.getMeanError(), 100 * accuracy.getMaxAbsError());
    }
}
