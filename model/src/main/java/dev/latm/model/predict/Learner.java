package dev.latm.model.predict;

import java.util.Locale;

/** The learners a predictor can be built with; which one wins is decided by measurement. */
public enum Learner {
    /** Non-negative linear cost per unit kind on MACs, elements, weights and activations. */
    LINEAR,
    /**
     * Gradient-boosted regression trees over unit features, correcting the linear model
     * multiplicatively per unit (so units stay additive and non-negative).
     */
    GBRT;

    /** The lower-case name used in files and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static Learner parse(String id) {
        for (Learner learner : values()) {
            if (learner.id().equals(id)) {
                return learner;
            }
        }
        throw new IllegalArgumentException("learner must be one of linear, gbrt (got '" + id + "')");
    }
}
