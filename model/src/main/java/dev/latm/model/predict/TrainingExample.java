package dev.latm.model.predict;

import java.util.List;

/**
 * A labelled network as the learners see it.
 *
 * @param id           the canonical architecture id
 * @param units        the network's units in execution order
 * @param labelMs      the measured latency of the whole network
 * @param unitLabelsMs kernel-level labels aligned with {@code units} (0 for a unit the runtime fused
 *                     into a neighbour), in label milliseconds; null without a profile
 */
record TrainingExample(String id, List<Unit> units, double labelMs, double[] unitLabelsMs) {

    TrainingExample {
        units = List.copyOf(units);
        if (unitLabelsMs != null && unitLabelsMs.length != units.size()) {
            throw new IllegalArgumentException(id + ": " + unitLabelsMs.length + " unit labels for "
                    + units.size() + " units");
        }
    }

    boolean hasUnitLabels() {
        return unitLabelsMs != null;
    }

    /** Rows are weighted by 1 / label squared: every learner here minimises relative error. */
    double weight() {
        return 1 / (labelMs * labelMs);
    }

    /**
     * A kernel-level label is weighted by its own relative error, as a network's is, but a unit
     * under 1% of its network (or one fused away, labelled 0) counts as if it were 1%.
     */
    double unitWeight(int unit) {
        double floor = Math.max(unitLabelsMs[unit], 0.01 * labelMs);
        return 1 / (floor * floor);
    }
}
